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
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (closedAgentChunks(chunks) < 2) {
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

    /** The agent's chunk files that are closed (a header, written last, starts with JFR's magic). */
    private static int closedAgentChunks(Path chunks) throws Exception {
        if (!Files.isDirectory(chunks)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> files = Files.list(chunks)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("chunk-")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] magic = in.readNBytes(4);
                    if (magic.length == 4 && magic[0] == 'F' && magic[1] == 'L' && magic[2] == 'R' && magic[3] == 0) {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
