package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.read.Recordings;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
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
        Analysis a = RecordingAnalyzer.analyze(Path.of("../analyzer/src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT,
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
        Analysis a = RecordingAnalyzer.analyze(Path.of("../analyzer/src/test/resources/golden/demo.jfr"),
                new AnalysisOptions(300, null, 0, Long.MAX_VALUE), RecordingReader.Progress.NONE);
        JsonNode range = new ObjectMapper().readTree(new ServeCommand.Source(a).rangeJson(0, a.window().durationNanos()));
        assertThat(range.get("partial").asText()).contains("kept the 300 longest intervals", "not counted");
    }

    /**
     * serve reads windows and ranges from the file of every interval, not from the analysis'
     * timeline: with an analysis that kept only 300 intervals (its budget), a range of the whole
     * golden recording still adds up to the analyzer's totals and is not partial, and a window
     * holds every interval of every task but the carriers (whose lanes the analysis splits by the
     * virtual threads they ran, and the file holds as recorded) exactly as the whole timeline has it.
     * Before, serve showed only the 2,000,000 longest intervals of a larger recording.
     */
    @Test
    void serveReachesEveryIntervalWhateverTheAnalysisKept() throws Exception {
        Path golden = Path.of("../analyzer/src/test/resources/golden/demo.jfr");
        Analysis whole = RecordingAnalyzer.analyze(golden, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        try (RecordingAnalyzer.Full cut = RecordingAnalyzer.analyzeFull(golden, new AnalysisOptions(300, null, 0, Long.MAX_VALUE),
                RecordingReader.Progress.NONE);
             dev.blockscope.analyzer.summary.IntervalFile byTask = cut.intervals().byTask()) {
            assertThat(cut.analysis().timeline().truncated()).as("premise").isTrue();
            ServeCommand.Source source = new ServeCommand.Source(cut.analysis(), byTask);
            JsonNode range = new ObjectMapper().readTree(source.rangeJson(0, whole.window().durationNanos()));
            assertThat(range.get("partial").isNull()).isTrue();
            assertThat(range.at("/latency/count").asLong()).isEqualTo(whole.schedLatency().count()).isPositive();
            assertThat(range.get("switches").asLong()).isEqualTo(whole.overhead().contextSwitches());
            long flame = 0;
            for (JsonNode f : range.get("flame")) {
                flame += f.get("total").asLong();
            }
            assertThat(flame).isEqualTo(whole.blocking().byReason().values().stream().mapToLong(Long::longValue).sum());

            java.util.Set<Long> carriers = new java.util.HashSet<>();
            whole.tasks().stream().filter(Analysis.TaskRow::carrier).forEach(t -> carriers.add(t.id()));
            long third = whole.window().durationNanos() / 3;
            for (long[] w : new long[][] {{0, whole.window().durationNanos()}, {third, third + third / 50}}) {
                JsonNode fromFile = new ObjectMapper().readTree(source.windowJson(w[0], w[1], Integer.MAX_VALUE));
                Analysis.Timeline expected = dev.blockscope.analyzer.report.TimelineWindow.window(whole, w[0], w[1], Integer.MAX_VALUE);
                assertThat(intervals(fromFile, carriers)).as("window %d..%d", w[0], w[1])
                        .isEqualTo(intervals(new ObjectMapper().readTree(AnalysisJson.bytes(expected)), carriers)).isNotEmpty();
                assertThat(fromFile.get("truncated").asBoolean()).isFalse();
            }
            JsonNode summary = new ObjectMapper().readTree(source.summaryJson());
            assertThat(summary.at("/source/limits").toString()).doesNotContain("timeline truncated")
                    .contains("serve reads every one of them");
        }
    }

    /**
     * Over the file of every interval, serve's analysis keeps what the analyzer summed: its task
     * groups (and CPU profile) went when serve rebuilt the analysis with its new limits, so a
     * recording past --max-tasks showed fewer tasks in serve than in summary.
     */
    @Test
    void serveKeepsTheTaskGroupsOfATruncatedAnalysis() throws Exception {
        Path golden = Path.of("../analyzer/src/test/resources/golden/demo.jfr");
        try (RecordingAnalyzer.Full cut = RecordingAnalyzer.analyzeFull(golden, new AnalysisOptions(300, null, 0, Long.MAX_VALUE, 1),
                RecordingReader.Progress.NONE);
             dev.blockscope.analyzer.summary.IntervalFile byTask = cut.intervals().byTask()) {
            assertThat(cut.analysis().timeline().truncated()).as("premise").isTrue();
            assertThat(cut.analysis().taskGroups()).as("premise").isNotEmpty();
            Analysis served = new ServeCommand.Source(cut.analysis(), byTask).analysis();
            assertThat(served.taskGroups()).isEqualTo(cut.analysis().taskGroups());
            assertThat(served.taskCount()).isEqualTo(cut.analysis().taskCount());
            assertThat(served.cpu()).isEqualTo(cut.analysis().cpu());
        }
    }

    /** A window's intervals of tasks other than {@code carriers}, one string each, in the window's order. */
    private static java.util.List<String> intervals(JsonNode window, java.util.Set<Long> carriers) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < window.get("task").size(); i++) {
            long task = window.get("task").get(i).asLong();
            if (!carriers.contains(task)) {
                out.add(task + " " + window.get("start").get(i) + " " + window.get("end").get(i) + " " + window.get("state").get(i)
                        + " " + window.get("reason").get(i) + " " + window.get("carrier").get(i) + " " + window.get("stack").get(i)
                        + " " + window.get("waker").get(i));
            }
        }
        return out;
    }
}
