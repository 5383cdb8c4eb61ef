package dev.blockscope.analyzer.model;

import static dev.blockscope.analyzer.model.Intervals.iv;
import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.SummaryText;
import dev.blockscope.event.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A carrier's own idle parks in the pool, which the agent records as a Suspend with reason
 * {@code carrier.idle} committed by the carrier thread: BLOCKED(carrier.idle) on the carrier's
 * row and lane, reported as idle time, never in the blocking profile or the worst waits, and not
 * counted twice with the virtual threads' slices on that carrier.
 */
class CarrierIdleTest {
    static final String IDLE = "carrier.idle";
    static final ThreadRef C1 = carrier(1);
    static final ThreadRef V = virtual(10);
    static final ThreadRef W = platform(20);

    /** The carrier idles [0,20) and [60,100); V runs on it [18,40) (2 ns of clock jitter into the idle park), sleeps [40,50), runs [50,60). */
    static Trace trace() {
        return new Trace().suspend(C1, 0, 20, IDLE).start(V, 18, C1).suspend(V, 40, 50, Reason.SLEEP, C1, C1, -1).end(V, 60)
                .suspend(C1, 60, 100, IDLE)
                .add(new TraceEvent.Blocked(10, 90, W, Reason.PARK_LOCK, false, null, null, null, -1, true, -1))
                .start(W, 0, null).end(W, 100);
    }

    @Test
    void idleIsTheCarriersBlockedTimeAndTheRestOfItsLaneIsWhatItRan() {
        Analysis a = Intervals.analyze(trace(), 100);
        assertThat(Intervals.of(a, 1)).containsExactly(
                iv("BLOCKED", 0, 20, IDLE, -1, -1),
                iv("RUNNING", 20, 40, null, 10, -1),
                iv("RUNNING", 40, 50, null, -1, -1),
                iv("RUNNING", 50, 60, null, 10, -1),
                iv("BLOCKED", 60, 100, IDLE, -1, -1));
        Analysis.TaskRow c = Intervals.row(a, 1);
        assertThat(c.carrier()).isTrue();
        assertThat(c.states()).containsEntry("BLOCKED", 60L).containsEntry("RUNNING", 40L).containsEntry("UNKNOWN", 0L);
        assertThat(c.reasons()).containsExactlyEntriesOf(java.util.Map.of(IDLE, 60L));
        Analysis.CarrierRow row = a.carriers().stream().filter(r -> r.id() == 1).findFirst().orElseThrow();
        assertThat(row.idle()).isEqualTo(60);
    }

    @Test
    void idleIsNotAWaitOfAnyTask() {
        Analysis a = Intervals.analyze(trace(), 100);
        assertThat(a.blocking().byReason()).containsOnlyKeys(Reason.SLEEP, Reason.PARK_LOCK);
        assertThat(a.blocking().byStack()).noneMatch(r -> r.reason().equals(IDLE));
        StringWriter text = new StringWriter();
        SummaryText.write(a, new PrintWriter(text));
        assertThat(text.toString()).contains("longest single wait: 80 ns park.lock by task 20")
                .contains("60 ns idle in the pool, in all").doesNotContain("carrier.idle");
    }

    /** V runs on C1 [5,10), waits [10,30) (the carrier busy with nothing recorded), runs [30,40) and ends; C1 idles [60,80). */
    static Trace withProbe(boolean idleProbeLive, boolean carrierStartKnown) {
        Trace t = new Trace();
        if (idleProbeLive) {
            t.add(new TraceEvent.ProbeReported(0, "idle", true, "live"));
        }
        if (carrierStartKnown) {
            t.jdkStart(C1, 2);
        }
        return t.start(V, 5, C1).suspend(V, 10, 30, Reason.SLEEP, C1, C1, -1).end(V, 40).suspend(C1, 60, 80, IDLE);
    }

    @Test
    void withEveryIdleWaitRecordedACarriersTimeOutsideThemIsRunning() {
        Analysis a = Intervals.analyze(withProbe(true, true), 100);
        assertThat(Intervals.of(a, 1)).containsExactly(
                iv("RUNNING", 2, 5, null, -1, -1),
                iv("RUNNING", 5, 10, null, 10, -1),
                iv("RUNNING", 10, 30, null, -1, -1),
                iv("RUNNING", 30, 40, null, 10, -1),
                iv("RUNNING", 40, 60, null, -1, -1),
                iv("BLOCKED", 60, 80, IDLE, -1, -1),
                iv("RUNNING", 80, 100, null, -1, -1));
        assertThat(Intervals.row(a, 1).states()).containsEntry("RUNNING", 78L).containsEntry("BLOCKED", 20L)
                .containsEntry("UNKNOWN", 0L);
    }

    @Test
    void withoutTheIdleProbeOrBeforeTheCarrierIsKnownToExistItStaysUnknown() {
        // Without the probe nothing says the carrier was not idling after its last recorded event.
        Analysis off = Intervals.analyze(withProbe(false, true), 100);
        assertThat(Intervals.of(off, 1).getLast()).isEqualTo(iv("UNKNOWN", 80, 100, null, -1, -1));
        assertThat(Intervals.row(off, 1).states()).containsEntry("UNKNOWN", 20L);

        // Without a start event the carrier may not have existed before its first event.
        Analysis noStart = Intervals.analyze(withProbe(true, false), 100);
        // (V's slice on it at 5 says it existed from then on).
        assertThat(Intervals.of(noStart, 1)).startsWith(iv("UNKNOWN", 0, 5, null, -1, -1), iv("RUNNING", 5, 10, null, 10, -1),
                iv("RUNNING", 10, 30, null, -1, -1));
        assertThat(Intervals.row(noStart, 1).states()).containsEntry("UNKNOWN", 5L).containsEntry("RUNNING", 75L);
    }

    @Test
    void aThreadThatIdlesAsACarrierIsOneEvenBeforeAnyVirtualThreadNamesIt() {
        Analysis a = Intervals.analyze(new Trace().suspend(C1, 0, 50, IDLE), 100);
        assertThat(Intervals.row(a, 1).carrier()).isTrue();
        assertThat(a.blocking().byReason()).isEmpty();
    }

    @Test
    void aCarriersOwnWaitThatIsNotAParkInThePoolIsNotIdle() {
        // The carrier idles [0,20), runs V [20,30), then itself blocks entering a monitor [40,50)
        // (a jdk.JavaMonitorEnter of the carrier thread, seen on a real recording): held up, not idle.
        Trace t = new Trace().suspend(C1, 0, 20, IDLE).start(V, 20, C1).end(V, 30)
                .jdkBlocked(C1, 40, 50, Reason.MONITOR_ENTER, false, null).suspend(C1, 60, 70, IDLE);
        Analysis a = Intervals.analyze(t, 100);
        assertThat(Intervals.row(a, 1).reasons()).containsEntry(IDLE, 30L).containsEntry(Reason.MONITOR_ENTER, 10L);
        Analysis.CarrierRow row = a.carriers().stream().filter(r -> r.id() == 1).findFirst().orElseThrow();
        assertThat(row.idle()).isEqualTo(30);
    }

    @Test
    void anIdleWaitDeliveredAfterLaterWaitsOfItsCarrierIsReportedWithTheTimeItLost() {
        // Not seen with the agent (its chunk-end hook commits every finished idle wait into the
        // chunk it ended in, and a chunk is sorted before delivery; ChunkedCarrierIdleGoldenTest),
        // but possible in principle: the carrier's own jdk.ThreadParks [10,20) and [40,50) are in one
        // chunk, the idle waits around them [5,25) and [35,55) only in the next. The model files
        // events per task in delivery order, so the first is ignored and the second cut to start at
        // 50; the limits say so, with the 20 + 15 ns lost.
        List<TraceEvent> chunks = new ArrayList<>(new Trace().jdkBlocked(C1, 10, 20, Reason.PARK_OTHER, false, null)
                .jdkBlocked(C1, 40, 50, Reason.PARK_OTHER, false, null).events());
        chunks.addAll(new Trace().suspend(C1, 5, 25, IDLE).suspend(C1, 35, 55, IDLE).events());
        Analysis a = RecordingAnalyzer.analyzeEvents("two chunks", chunks, List.of(), 0, 100, AnalysisOptions.DEFAULT);
        assertThat(a.source().limits()).contains("1 wait event(s) ignored: they came after their task's end, or lay inside "
                + "time another event of the task already covered; 1 wait event(s) began inside time another event of the "
                + "task already covered and were cut to start after it; 35 ns of their waiting time is not on the timeline as theirs");
    }
}
