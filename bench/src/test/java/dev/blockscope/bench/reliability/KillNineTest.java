package dev.blockscope.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a {@code kill -9} the output file is empty and the data is in {@code <output>.chunks/}:
 * the agent's closed chunks and, in {@code jfr/}, JFR's repository. {@code blockscope summary}
 * reads that directory as one recording (before: the directory was "not a regular file").
 */
class KillNineTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void theDirectoryAKilledJvmLeavesIsAnalyzed() throws Exception {
        Path jfr = dir.resolve("killed.jfr");
        Path chunks = dir.resolve("killed.jfr.chunks");
        // maxsize=8m: the agent's chunks close at 1 MB, so some are closed when the kill comes
        Process p = Forked.start(dir, Forked.JAVA, "file=" + jfr + ",maxsize=8m", Sleepers.class);
        try {
            Forked.awaitLine(p, dir.resolve("stdout.txt"), "READY", 60);
            // two chunks closed in the steady state: the first sweep after the start can copy a burst of
            // the hand-off's buffers into whole chunks before it reaches the sleepers' buffers (their
            // sleeps then only in the chunk being written when the kill comes: seen once in bin/test)
            // (maxsize= drops the oldest chunks, so the count of files does not grow: their numbers do)
            Thread.sleep(1_000);
            int lastBefore = lastClosedAgentChunk(chunks);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastClosedAgentChunk(chunks) < lastBefore + 2) {
                assertThat(System.nanoTime()).as("two closed chunks within 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook runs
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(p.exitValue()).isEqualTo(137);
        assertThat(!Files.exists(jfr) || Files.size(jfr) == 0).as("the output was never written").isTrue();

        Forked.Cli summary = Forked.cli("summary", chunks.toString(), "--json");
        assertThat(summary.exit()).as(summary.err()).isZero();
        JsonNode a = summary.json();
        assertThat(a.path("source").path("kind").asText()).isEqualTo("blockscope");
        assertThat(a.path("source").path("skipped")).isEmpty();
        List<String> limits = new ArrayList<>();
        a.path("source").path("limits").forEach(l -> limits.add(l.asText()));
        assertThat(limits).anyMatch(l -> l.startsWith("read from the directory " + chunks + ": "));
        // the agent's chunks hold the hand-offs and the sleeps, JFR's the waits with a stack
        JsonNode reasons = a.path("blocking").path("byReason");
        List<String> names = new ArrayList<>();
        a.path("tasks").forEach(t -> names.add(t.path("name").asText()));
        assertThat(names).contains("producer", "consumer");
        assertThat(a.path("tasks").findValues("reasons").stream().anyMatch(r -> r.has("park.queue"))).as(reasons.toString()).isTrue();
        assertThat(a.path("tasks").findValues("reasons").stream().anyMatch(r -> r.has("sleep"))).isTrue();
    }

    /**
     * The number of the last of the agent's chunk files that is closed (its header, written last,
     * starts with JFR's magic), or -1; a file the agent drops meanwhile (maxsize=) is passed over.
     */
    private static int lastClosedAgentChunk(Path chunks) throws Exception {
        if (!Files.isDirectory(chunks)) {
            return -1;
        }
        int last = -1;
        try (Stream<Path> files = Files.list(chunks)) {
            for (Path f : files.toList()) {
                java.util.regex.Matcher m = CHUNK_FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] magic = in.readNBytes(4);
                    if (magic.length == 4 && magic[0] == 'F' && magic[1] == 'L' && magic[2] == 'R' && magic[3] == 0) {
                        last = Math.max(last, Integer.parseInt(m.group(1)));
                    }
                } catch (java.nio.file.NoSuchFileException dropped) {
                    // the oldest, dropped by maxsize= as it was looked at
                }
            }
        }
        return last;
    }

    private static final java.util.regex.Pattern CHUNK_FILE = java.util.regex.Pattern.compile("chunk-(\\d+)\\.jfr");
}
