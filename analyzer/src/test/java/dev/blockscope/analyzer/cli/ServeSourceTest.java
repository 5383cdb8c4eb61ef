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
}
