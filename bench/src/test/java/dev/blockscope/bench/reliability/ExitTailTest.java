package dev.blockscope.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At exit JFR's own shutdown hook writes JFR's part of the recording while the agent's hook
 * closes its last chunk, which lists the waits still going on: if JFR's part ran on after that
 * chunk, the tasks waiting at exit would end in an UNKNOWN tail. The agent switches the JDK's
 * events off before its last chunk closes; here a task waiting at exit is a wait to the end,
 * with no UNKNOWN time and no "alive at the end" limit.
 */
class ExitTailTest {
    @TempDir
    Path dir;

    @Test
    void tasksWaitingAtExitWaitToTheEndWithoutAnUnknownTail() throws Exception {
        Path jfr = dir.resolve("exit.jfr");
        Process p = Forked.start(dir, Forked.JAVA, "file=" + jfr, ExitWhileWaiting.class);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
        String truth = Files.readString(dir.resolve("stdout.txt")).lines().filter(l -> l.startsWith("GROUND-TRUTH"))
                .findFirst().orElseThrow();
        List<Long> waiting = Arrays.stream(truth.substring(truth.indexOf('=') + 1).strip().split(","))
                .map(Long::parseLong).toList();

        Forked.Cli summary = Forked.cli("summary", jfr.toString(), "--json");
        assertThat(summary.exit()).as(summary.err()).isZero();
        int found = 0;
        for (JsonNode t : summary.json().path("tasks")) {
            if (waiting.contains(t.path("id").asLong())) {
                found++;
                assertThat(t.path("end").isNull()).as("task %s alive at the end", t.path("name")).isTrue();
                assertThat(t.path("states").path("UNKNOWN").asLong()).as("UNKNOWN of %s", t.path("name")).isZero();
            }
        }
        assertThat(found).isEqualTo(waiting.size());
        summary.json().path("source").path("limits").forEach(l -> assertThat(l.asText())
                .as("no task waiting at exit is alive without a trace").doesNotContain("parked-").doesNotContain("sleeper"));
    }
}
