package dev.blockscope.agent;

import dev.blockscope.agent.workload.FromMainsFirstLine;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code startup=now} with the woven-class cache: the first start weaves the JDK classes with
 * Byte Buddy and saves them, the next ones take them from the cache; a damaged cache is woven
 * afresh ({@code cache=off} is that cold path without the save; see WovenClassCacheTest). Whichever way the classes were woven, every probe is
 * live and everything from main's first line on is recorded.
 */
class StartupIT {
    @TempDir
    Path dir;

    @Test
    void aColdStartWeavesAndSavesAndAWarmStartRecordsTheSameFromTheCache() throws Exception {
        Path cache = dir.resolve("cache");
        ForkedJvm.Run cold = run("cold", "cache=" + cache);
        assertWoven(cold, false);
        assertRecordedFromMainsFirstLine(cold);
        List<Path> files = cacheFiles(cache);
        assertThat(files).singleElement();

        ForkedJvm.Run warm = run("warm", "cache=" + cache);
        assertWoven(warm, true);
        assertRecordedFromMainsFirstLine(warm);
        assertThat(cacheFiles(cache)).isEqualTo(files);
    }

    @Test
    void aDamagedCacheIsWovenAfreshAndRewritten() throws Exception {
        Path cache = dir.resolve("cache");
        run("first", "cache=" + cache);
        Path file = cacheFiles(cache).get(0);
        byte[] bytes = Files.readAllBytes(file);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(file, bytes);

        ForkedJvm.Run damaged = run("damaged", "cache=" + cache);
        assertThat(damaged.stderr()).contains("is damaged");
        assertWoven(damaged, false);
        assertRecordedFromMainsFirstLine(damaged);
        ForkedJvm.Run after = run("after", "cache=" + cache);
        assertWoven(after, true);
    }

    private ForkedJvm.Run run(String name, String options) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve(name));
        ForkedJvm.Run run = ForkedJvm.run(runDir, FromMainsFirstLine.class, "log=debug," + options);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return run;
    }

    private static final Pattern RETRANSFORMED =
            Pattern.compile("(\\d+) classes retransformed, (\\d+) from the cache, (\\d+) woven by Byte Buddy");

    /** All probed classes came from the cache ({@code fromCache}), or all were woven by Byte Buddy. */
    private static void assertWoven(ForkedJvm.Run run, boolean fromCache) {
        Matcher m = RETRANSFORMED.matcher(run.stderr());
        assertThat(m.find()).as(run.stderr()).isTrue();
        int classes = Integer.parseInt(m.group(1));
        assertThat(classes).isPositive();
        assertThat(Integer.parseInt(m.group(2))).as("from the cache").isEqualTo(fromCache ? classes : 0);
        assertThat(Integer.parseInt(m.group(3))).as("woven").isEqualTo(fromCache ? 0 : classes);
    }

    private static List<Path> cacheFiles(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(p -> p.getFileName().toString().startsWith("woven-")).sorted().toList();
        }
    }

    /** Every probe live, and the workload's four waits recorded, the first of them on main's second line. */
    private static void assertRecordedFromMainsFirstLine(ForkedJvm.Run run) throws Exception {
        assertThat(run.truth("activeAtMain")).as("recording when main started").isEqualTo(1);
        List<RecordedEvent> events = run.events();
        List<RecordedEvent> status = events.stream()
                .filter(e -> e.getEventType().getName().equals("blockscope.ProbeStatus")).toList();
        assertThat(status).extracting(e -> e.getString("probe"))
                .containsAll(Stream.of(Probe.values()).map(Probe::optionName).toList());
        assertThat(status).as("probe status").allMatch(e -> e.getBoolean("live"));

        long main = run.truth("main");
        long sleeper = run.truth("sleeper");
        // what main did before JFR was up is in the file as blockscope.EarlySuspend
        List<RecordedEvent> suspends = ForkedJvm.either(events, "Suspend");
        assertThat(suspends).as("main's 30 ms sleep").anyMatch(e -> ForkedJvm.taskOf(e) == main
                && e.getString("reason").equals("sleep") && e.getDuration().compareTo(Duration.ofMillis(30)) >= 0);
        assertThat(suspends).as("main's file write").anyMatch(e -> ForkedJvm.taskOf(e) == main
                && e.getString("reason").equals("file.write"));
        assertThat(suspends).as("main's wait on the latch").anyMatch(e -> ForkedJvm.taskOf(e) == main
                && e.getString("reason").equals("park.latch"));
        assertThat(suspends).as("the virtual thread's 20 ms sleep").anyMatch(e -> ForkedJvm.taskOf(e) == sleeper
                && e.getString("reason").equals("sleep") && e.getDuration().compareTo(Duration.ofMillis(20)) >= 0);
        assertThat(events).as("TaskStart of main and of the virtual thread")
                .filteredOn(e -> ForkedJvm.either(events, "TaskStart").contains(e))
                .extracting(ForkedJvm::taskOf).contains(main, sleeper);
    }
}
