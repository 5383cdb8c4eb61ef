package dev.blockscope.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM's, JFR's and the agent's own threads are not the application's tasks: a recording's
 * limits named "JFR Periodic Tasks" among the tasks alive at the end and without a start, and
 * "blockscope events", "blockscope jfr", "blockscope exit" among the platform threads seen only
 * through jdk.* events, each with UNKNOWN time. They are said on the service threads' own line.
 */
class ServiceThreadLimitsTest {
    @TempDir
    Path dir;

    @Test
    void theJvmsAndTheAgentsThreadsAreNamedOnlyOnTheirOwnLine() throws Exception {
        Path jfr = dir.resolve("service.jfr");
        Process p = Forked.start(dir, Forked.JAVA, "file=" + jfr, SlowClassInit.class);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();

        Forked.Cli summary = Forked.cli("summary", jfr.toString(), "--json", "--max-tasks", "0");
        assertThat(summary.exit()).as(summary.err()).isZero();
        List<String> service = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode t : summary.json().path("tasks")) {
            names.add(t.path("name").asText());
            if (t.path("service").asBoolean()) {
                service.add("#" + t.path("id").asLong() + " ");
            }
        }
        assertThat(names).as("the agent's own threads are in the recording").anyMatch(n -> n.startsWith("blockscope "));
        List<String> limits = new ArrayList<>();
        summary.json().path("source").path("limits").forEach(l -> limits.add(l.asText()));
        assertThat(limits).filteredOn(l -> !l.contains("JVM service thread(s)"))
                .allSatisfy(l -> assertThat(service).noneMatch(l::contains));
        assertThat(limits).filteredOn(l -> l.contains("JVM service thread(s)")).singleElement()
                .satisfies(l -> assertThat(l).contains("blockscope "));
    }
}
