package dev.blockscope.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.read.Recordings;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.ui.UiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}'s data source, through the UI module's real server. */
class ServeSourceTest {
    @TempDir Path dir;

    @Test
    void theServerGetsTheSummaryAndTimelineWindowsFromTheAnalysis() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(Recordings.blockscope(dir.resolve("s.jfr")), AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE);
        ServeCommand.Source source = new ServeCommand.Source(a);
        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(source.summaryJson());
        assertThat(summary.get("schema").asText()).isEqualTo("blockscope.analysis/1");
        assertThat(summary.get("tasks")).hasSize(a.tasks().size());
        JsonNode window = json.readTree(source.windowJson(0, a.window().durationNanos(), 10));
        assertThat(window.get("task").size()).isLessThanOrEqualTo(10).isPositive();
        assertThat(window.get("states").size()).isEqualTo(6);

        try (UiServer server = UiServer.start(source, "127.0.0.1", 0)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/summary")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json.readTree(r.body()).get("schema").asText()).isEqualTo("blockscope.analysis/1");
            URI windowUri = server.uri().resolve("/api/window?start=0&end=" + a.window().durationNanos() + "&max=5");
            HttpResponse<String> w = http.send(HttpRequest.newBuilder(windowUri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(w.statusCode()).isEqualTo(200);
            assertThat(json.readTree(w.body()).get("task").size()).isLessThanOrEqualTo(5);
        }
    }

    /**
     * A selection's panels come from every interval the analysis holds: over the whole golden demo
     * recording they add up to the analyzer's own totals. Before, the page computed them from a
     * window merged to its budget, whose merged RUNNABLE intervals were no wake-ups (a 1M-suspension
     * recording's range showed p50 1.73 µs where the recording has 271 ns).
     */
    @Test
    void aRangeOfTheWholeRecordingAddsUpToTheAnalysis() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE);
        JsonNode range = new ObjectMapper().readTree(new ServeCommand.Source(a).rangeJson(0, a.window().durationNanos()));
        assertThat(range.at("/latency/count").asLong()).isEqualTo(a.schedLatency().count()).isPositive();
        assertThat(range.at("/latency/max").asLong()).isEqualTo(a.schedLatency().max());
        assertThat(range.get("switches").asLong()).isEqualTo(a.overhead().contextSwitches());
        long flame = 0;
        for (JsonNode f : range.get("flame")) {
            flame += f.get("total").asLong();
        }
        assertThat(flame).isEqualTo(a.blocking().byReason().values().stream().mapToLong(Long::longValue).sum());
        assertThat(range.at("/pinning/0/count").asLong()).isEqualTo(a.pinning().getFirst().count());
        assertThat(range.get("partial").isNull()).isTrue();
    }

    @Test
    void aRangeOfATruncatedTimelineSaysItIsPartial() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"),
                new AnalysisOptions(300, null, 0, Long.MAX_VALUE), RecordingReader.Progress.NONE);
        JsonNode range = new ObjectMapper().readTree(new ServeCommand.Source(a).rangeJson(0, a.window().durationNanos()));
        assertThat(range.get("partial").asText()).contains("kept the 300 longest intervals", "not counted");
    }
}
