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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hook for golden tests on the samples' recordings. For each {@code NAME.jfr} in
 * {@code -Dblockscope.golden.dir} (default {@code ../samples/target/golden}) with a
 * {@code NAME.truth.json} beside it, written by the sample from what it measured itself, the
 * analysis must match:
 *
 * <pre>{@code
 * { "tasks": 1000,                       // tasks in the analysis, exact
 *   "virtualTasks": 1000,                // exact
 *   "suspensions": 3000,                 // waits summed over tasks, exact
 *   "pinnedWaits": 0,                    // exact
 *   "waitsByReason": {"chan.recv": 1000}, // waits per reason (pieces of blocking.byStack), exact
 *   "blockedNanosByReason": {"sleep": 1000000000},
 *   "toleranceNanos": 5000000            // allowed difference for the nanos above
 * }
 * }</pre>
 *
 * Absent keys are not checked. The whole class is skipped while the samples have written no golden files.
 */
class SampleGoldenTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> samplesMatchTheGroundTruthTheyPrinted() throws IOException {
        Path dir = Path.of(System.getProperty("blockscope.golden.dir", "../samples/target/golden"));
        assumeTrue(Files.isDirectory(dir), "no golden recordings in " + dir.toAbsolutePath() + " yet");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jfr")).sorted().toList().stream()
                    .filter(p -> Files.isRegularFile(truthOf(p)))
                    .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p, JSON.readTree(truthOf(p).toFile()))));
        }
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
        for (Analysis.TaskRow t : a.tasks()) {
            long end = t.end() == null ? a.window().durationNanos() : t.end();
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(end - t.start());
        }
    }
}
