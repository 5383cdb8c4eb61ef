package dev.blockscope.agent;

import dev.blockscope.agent.workload.BusyAndWriting;
import dev.blockscope.agent.workload.Quiet;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The disk the agent uses: {@code maxsize=} bounds it (JFR's repository, now beside the output,
 * included), the free space is watched and the recording stops before the disk is full, and an
 * output that cannot take a recording is one line. Before: {@code maxsize=1m} let the agent's own
 * chunks reach 8 MB and more (and JFR's repository in /tmp grew unbounded and unseen), a full disk
 * under JFR's repository made JFR end the JVM, and {@code file=/dev/full} was JFR's line on stdout.
 */
class DiskBoundIT {
    @TempDir
    Path dir;

    @Test
    void maxsizeBoundsTheDiskAndTheRecordingSaysWhatWasDropped() throws Exception {
        Path jfr = dir.resolve("bounded.jfr");
        Process p = ForkedJvm.start(dir, BusyAndWriting.class, "file=" + jfr + ",maxsize=1m", "-Dseconds=12");
        long peak = 0;
        String peakFiles = "";
        boolean jfrInTmp = false;
        String pidSuffix = "_" + p.pid();
        while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
            long now = sizeOf(dir.resolve("bounded.jfr.chunks")) + sizeOf(jfr);
            if (now > peak) {
                peak = now;
                peakFiles = listing(dir);
            }
            try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                jfrInTmp |= tmp.anyMatch(d -> d.getFileName().toString().endsWith(pidSuffix));
            }
        }
        ForkedJvm.Run run = ForkedJvm.finish(p, dir, jfr);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(ForkedJvm.agentLines(run.stderr())).isEmpty();
        assertThat(run.truth("handed")).isGreaterThan(10_000);
        assertThat(jfrInTmp).as("JFR's repository under java.io.tmpdir").isFalse();
        // the agent's chunks and JFR's repository together, and the output: 1 MB and what JFR's
        // smallest chunk (1 MB) may add on top while it is written
        assertThat(peak).as("peak bytes on disk: " + peakFiles).isLessThanOrEqualTo(2L << 20);
        assertThat(Files.size(jfr)).isLessThanOrEqualTo(2L << 20);
        assertThat(dir.resolve("bounded.jfr.chunks")).doesNotExist();

        List<RecordedEvent> stats = run.events("blockscope.AgentStats");
        assertThat(stats).isNotEmpty();
        RecordedEvent last = stats.stream().max(Comparator.comparing(RecordedEvent::getStartTime)).orElseThrow();
        assertThat(last.getLong("chunksDropped")).isPositive();
        assertThat(last.getLong("bytesDropped")).isGreaterThan(1L << 20);
        long since = last.getLong("recordingSince");
        long until = last.getLong("droppedUntil");
        assertThat(since).isPositive();
        assertThat(until).isGreaterThan(since);
        // what was dropped is what the kept chunks lack: none of the agent's events is older than the
        // last dropped chunk's end, but for those committed within a sweep (100 ms) before it closed,
        // which the next sweep put into the next chunk (some 5% of a chunk here; the periodic
        // statistics had hidden this: their 'until' was an earlier chunk's, whose successor was
        // dropped too, while the last statistics, written at exit, name the one before the first kept)
        List<RecordedEvent> suspends = run.events("blockscope.Suspend").stream().filter(e -> e.getStackTrace() == null).toList();
        assertThat(suspends).isNotEmpty();
        List<Long> older = suspends.stream().map(e -> e.getEndTime().toEpochMilli()).filter(t -> t < until - 1).sorted().toList();
        System.out.println("DiskBoundIT: until " + until + ", " + older.size() + " of " + suspends.size()
                + " suspensions end before it" + (older.isEmpty() ? "" : ", the oldest " + (until - older.getFirst()) + " ms before"));
        assertThat(older).as("suspensions ending before the dropped chunks' end %d", until).allMatch(t -> t >= until - 1_000);
    }

    @Test
    void aDiskFillingUpStopsTheRecordingWithOneLineAndKeepsItReadable() throws Exception {
        long usable = Files.getFileStore(dir).getUsableSpace();
        // as if the disk had only 40 MB to spare: the application writes 150 MB
        long minFree = usable - (40L << 20);
        ForkedJvm.Run run = ForkedJvm.run(dir, BusyAndWriting.class, "minfree=" + minFree, "-Dseconds=10", "-DfillMb=150");
        Path jfr = run.recording();
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.truth("writtenMb")).isGreaterThan(40);
        assertThat(ForkedJvm.agentLines(run.stderr())).singleElement().asString()
                .startsWith("blockscope: recording stopped, the disk is nearly full: ")
                .endsWith("; what was recorded is in " + jfr);
        assertThat(run.events("blockscope.Suspend")).hasSizeGreaterThan(100);
        assertThat(run.events("blockscope.AgentStats")).anyMatch(e -> e.getString("stopReason") != null
                && e.getString("stopReason").startsWith("the disk is nearly full"));
        assertThat(dir.resolve(jfr.getFileName() + ".chunks")).doesNotExist();
    }

    @Test
    void anOutputThatIsNotAFileIsOneLine() throws Exception {
        Path devFull = Path.of("/dev/full");
        ForkedJvm.Run run = ForkedJvm.runRaw(dir, Quiet.class, "file=" + devFull, devFull);
        assertThat(run.exitCode()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(run.stderr().lines().toList()).containsExactly(
                "blockscope: cannot write the recording: output /dev/full is not a regular file; agent disabled");
        assertThat(run.stdout().lines()).allMatch(l -> l.startsWith("GROUND-TRUTH"));
    }

    @Test
    void tooLittleFreeSpaceAtTheStartIsOneLine() throws Exception {
        Path jfr = dir.resolve("x.jfr");
        ForkedJvm.Run run = ForkedJvm.runRaw(dir, Quiet.class, "file=" + jfr + ",minfree=1000000g", jfr);
        assertThat(run.exitCode()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(run.stderr().lines().toList()).singleElement().asString()
                .startsWith("blockscope: cannot write the recording: only ")
                .endsWith(" MB free on the file system of " + dir + " (minfree=1024000000m); agent disabled");
        assertThat(jfr).doesNotExist();
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(f -> {
                try {
                    return f + " " + Files.size(f);
                } catch (IOException gone) {
                    return f + " gone";
                }
            }).toList().toString();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException gone) {
            return "";
        }
    }

    private static long sizeOf(Path p) throws IOException {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(p)) {
            return all.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException gone) {
            return 0; // a file deleted while walking
        }
    }
}
