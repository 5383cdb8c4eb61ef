package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests on the samples' recordings. For each {@code NAME.jfr} in
 * {@code src/test/resources/golden} (and in {@code -Dblockscope.golden.dir} when given) with a
 * {@code NAME.truth.json} beside it, taken from the GROUND-TRUTH line the sample printed about what
 * it did, the analysis must match. The reactor builds this module before the samples, so golden
 * recordings are committed here rather than read from the samples' target directory.
 *
 * <pre>{@code
 * { "tasks": 1000,                       // tasks in the analysis, exact
 *   "virtualTasks": 1000,                // exact
 *   "suspensions": 3000,                 // waits summed over tasks, exact
 *   "pinnedWaits": 0,                    // exact
 *   "labeledTasks": 20,                  // tasks the bundled runtime named, exact
 *   "maxSchedLatencyNanos": 196391000,   // the longest time a task was ready and not running
 *   "pinnedWaitsByReason": {"sleep": 1}, // pinned waits per reason, exact
 *   "pinnedNanosByReason": {"sleep": 60000000},
 *   "waitsByReason": {"chan.recv": 1000}, // waits per reason (pieces of blocking.byStack), exact
 *   "blockedNanosByReason": {"sleep": 1000000000},
 *   "regionsByName": {"square": 60},     // blockscope.Region intervals per name, exact
 *   "logs": 2,                           // blockscope.Log messages, exact
 *   "toleranceNanos": 5000000            // allowed difference for the nanos above
 * }
 * }</pre>
 *
 * Absent keys are not checked.
 */
class SampleGoldenTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> samplesMatchTheGroundTruthTheyPrinted() throws IOException {
        List<Path> dirs = new java.util.ArrayList<>(List.of(Path.of("src/test/resources/golden")));
        if (System.getProperty("blockscope.golden.dir") != null) {
            dirs.add(Path.of(System.getProperty("blockscope.golden.dir")));
        }
        List<Path> recordings = new java.util.ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.toString().endsWith(".jfr") && Files.isRegularFile(truthOf(p))).sorted().forEach(recordings::add);
                }
            }
        }
        assumeTrue(!recordings.isEmpty(), "no golden recordings in " + dirs);
        return recordings.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> check(p, JSON.readTree(truthOf(p).toFile()))));
    }

    static Path truthOf(Path jfr) {
        String name = jfr.getFileName().toString();
        return jfr.resolveSibling(name.substring(0, name.length() - 4) + ".truth.json");
    }

    static void check(Path jfr, JsonNode truth) throws IOException {
        Analysis a = RecordingAnalyzer.analyze(jfr, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        long tolerance = truth.path("toleranceNanos").asLong(0);
        if (truth.has("tasks")) {
            assertThat(a.tasks()).hasSize(truth.get("tasks").asInt());
        }
        if (truth.has("virtualTasks")) {
            assertThat(a.tasks().stream().filter(Analysis.TaskRow::virtual).count()).isEqualTo(truth.get("virtualTasks").asLong());
        }
        if (truth.has("suspensions")) {
            assertThat(a.tasks().stream().mapToLong(Analysis.TaskRow::suspensions).sum()).isEqualTo(truth.get("suspensions").asLong());
        }
        if (truth.has("pinnedWaits")) {
            assertThat(a.pinning().stream().mapToLong(Analysis.PinSite::count).sum()).isEqualTo(truth.get("pinnedWaits").asLong());
        }
        if (truth.has("maxSchedLatencyNanos")) {
            assertThat(Math.abs(a.schedLatency().max() - truth.get("maxSchedLatencyNanos").asLong()))
                    .as("max scheduler latency %d", a.schedLatency().max()).isLessThanOrEqualTo(tolerance);
        }
        if (truth.has("labeledTasks")) {
            assertThat(a.tasks().stream().filter(t -> t.runtimeName() != null).count()).isEqualTo(truth.get("labeledTasks").asLong());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("pinnedWaitsByReason").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(a.pinning().stream().filter(p -> p.reason().equals(e.getKey())).mapToLong(Analysis.PinSite::count).sum())
                    .as("pinned waits for %s", e.getKey()).isEqualTo(e.getValue().asLong());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("pinnedNanosByReason").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            long actual = a.pinning().stream().filter(p -> p.reason().equals(e.getKey())).mapToLong(Analysis.PinSite::total).sum();
            assertThat(Math.abs(actual - e.getValue().asLong())).as("pinned nanos for %s", e.getKey()).isLessThanOrEqualTo(tolerance);
        }
        if (truth.has("waitsByReason")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = truth.get("waitsByReason").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long count = a.blocking().byStack().stream().filter(r -> r.reason().equals(e.getKey()))
                        .mapToLong(Analysis.StackRow::count).sum();
                assertThat(count).as("waits for %s", e.getKey()).isEqualTo(e.getValue().asLong());
            }
        }
        if (truth.has("blockedNanosByReason")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = truth.get("blockedNanosByReason").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long actual = a.blocking().byReason().getOrDefault(e.getKey(), 0L);
                assertThat(Math.abs(actual - e.getValue().asLong())).as("blocked nanos for %s", e.getKey()).isLessThanOrEqualTo(tolerance);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = truth.path("regionsByName").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(a.regions().stream().filter(r -> r.name().equals(e.getKey())).count())
                    .as("regions named %s", e.getKey()).isEqualTo(e.getValue().asLong());
        }
        if (truth.has("logs")) {
            assertThat(a.logs()).hasSize(truth.get("logs").asInt());
        }
        for (Analysis.TaskRow t : a.tasks()) {
            long end = t.end() == null ? a.window().durationNanos() : t.end();
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(end - t.start());
        }
    }
}
