package dev.blockscope.analyzer.summary;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.Trace;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.SummaryText;
import dev.blockscope.analyzer.report.TaskTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Regions, logs, sampled events and the OS switch rate, from synthetic sequences over a window [1000, 2000]. */
class AnnotationsAndSamplesTest {
    static final long T0 = 1_000;
    static final ThreadRef V = virtual(10);
    static final ThreadRef C1 = carrier(1);

    static Analysis analyze(Trace t) {
        return RecordingAnalyzer.analyzeEvents("synthetic", t.events(), List.of(), T0, T0 + 1_000, AnalysisOptions.DEFAULT);
    }

    @Test
    void regionsAndLogsAreListedPerTaskRelativeToTheWindowStart() throws Exception {
        Trace t = new Trace().start(V, T0, C1)
                .add(new TraceEvent.RegionRecorded(T0 + 100, T0 + 300, V, "load cache", 7))
                .add(new TraceEvent.LogRecorded(T0 + 200, V, "cache", "miss for key 42", 0))
                .end(V, T0 + 500);
        Analysis a = analyze(t);
        assertThat(a.regions()).containsExactly(new Analysis.RegionRow(10, 100, 300, "load cache", 7L));
        assertThat(a.logs()).containsExactly(new Analysis.LogRow(10, 200, "cache", "miss for key 42", null));

        JsonNode json = new ObjectMapper().readTree(AnalysisJson.bytes(a));
        assertThat(json.at("/regions/0/name").asText()).isEqualTo("load cache");
        assertThat(json.at("/regions/0/start").asLong()).isEqualTo(100);
        assertThat(json.at("/logs/0/message").asText()).isEqualTo("miss for key 42");
        assertThat(json.at("/logs/0/t").asLong()).isEqualTo(200);

        StringWriter text = new StringWriter();
        TaskTable.writeTask(a, 10, new PrintWriter(text));
        assertThat(text.toString()).contains("regions (start, duration, name):")
                .contains("+0.000 ms         200 ns load cache").contains("cache: miss for key 42");
    }

    @Test
    void annotationsPastTheBudgetAreCountedAndSaid() {
        AnnotationRecorder r = new AnnotationRecorder(0, 2);
        for (int i = 0; i < 5; i++) {
            r.region(1, i, i + 1, "r" + i, 0);
            r.log(1, i, "c", "m" + i, 0);
        }
        assertThat(r.regions()).extracting(Analysis.RegionRow::name).containsExactly("r0", "r1");
        assertThat(r.logs()).hasSize(2);
        assertThat(r.regionsDropped()).isEqualTo(3);
        assertThat(r.logsDropped()).isEqualTo(3);
    }

    @Test
    void aWallClockOnlyProfileListsItsThreadsAsTasksWithUnknownTimeAndSampleCounts() {
        ThreadRef worker = platform(30);
        ThreadRef idle = platform(31);
        Trace t = new Trace()
                .add(new TraceEvent.ThreadSampled(T0 + 100, worker, "profiler.WallClockSample", "STATE_RUNNABLE", 1))
                .add(new TraceEvent.ThreadSampled(T0 + 200, worker, "profiler.WallClockSample", "STATE_SLEEPING", 3))
                .add(new TraceEvent.ThreadSampled(T0 + 300, worker, "profiler.WallClockSample", "STATE_RUNNABLE", 1))
                .add(new TraceEvent.ThreadSampled(T0 + 400, idle, "profiler.WallClockSample", "STATE_SLEEPING", 1));
        Analysis a = analyze(t);
        assertThat(a.tasks()).extracting(Analysis.TaskRow::id).containsExactly(30L, 31L);
        Analysis.TaskRow w = a.tasks().getFirst();
        assertThat(w.states()).containsEntry("UNKNOWN", 1_000L).containsEntry("RUNNING", 0L);
        assertThat(w.samples()).containsEntry("profiler.WallClockSample:STATE_RUNNABLE", 2L)
                .containsEntry("profiler.WallClockSample:STATE_SLEEPING", 3L);
    }

    @Test
    void executionSamplesAreCountedButLeaveTheGapUnknown() {
        ThreadRef p = platform(30);
        Trace t = new Trace().jdkStart(p, T0).jdkBlocked(p, T0 + 100, T0 + 200, "sleep", false, null)
                .add(new TraceEvent.ThreadSampled(T0 + 500, p, "jdk.ExecutionSample", "STATE_RUNNABLE", 1)).jdkEnd(p, T0 + 600);
        Analysis.TaskRow row = analyze(t).tasks().getFirst();
        assertThat(row.states()).containsEntry("BLOCKED", 100L).containsEntry("UNKNOWN", 500L).containsEntry("RUNNING", 0L);
        assertThat(row.samples()).containsExactlyEntriesOf(java.util.Map.of("jdk.ExecutionSample:STATE_RUNNABLE", 1L));
    }

    @Test
    void osSwitchRateAndTheSwitchCostsBasisAreInTheOverhead() {
        Trace t = new Trace().add(new TraceEvent.OsSwitchRateSampled(T0 + 100, 1000))
                .add(new TraceEvent.OsSwitchRateSampled(T0 + 200, 3000));
        Analysis a = analyze(t);
        assertThat(a.overhead().osRate()).isEqualTo(new Analysis.OsRate(2, 2000, 3000));
        assertThat(a.overhead().costSource()).isEqualTo("estimated");
        assertThat(a.overhead().costBasis()).startsWith("estimated: a fixed 1 µs").contains("not measured");
        StringWriter text = new StringWriter();
        SummaryText.write(a, new PrintWriter(text));
        assertThat(text.toString()).contains("whole system (jdk.ThreadContextSwitchRate, 2 samples): 2,000/s mean, 3,000/s max")
                .contains("cost per switch estimated");
    }

    @Test
    void perProcessOsSwitchesCountTheirThreads() {
        Trace t = new Trace().add(new TraceEvent.ContextSwitchesSampled(T0, 5, "a", 10, 1))
                .add(new TraceEvent.ContextSwitchesSampled(T0 + 500, 5, "a", 25, 3))
                .add(new TraceEvent.ContextSwitchesSampled(T0 + 500, 6, "b", 7, 0));
        Analysis.Os os = analyze(t).overhead().os();
        // Thread a: 10 -> 25 voluntary, 1 -> 3 involuntary; thread b sampled once (no difference).
        assertThat(os).isEqualTo(new Analysis.Os(15, 2, 2, 1, 32, 3));
    }
}
