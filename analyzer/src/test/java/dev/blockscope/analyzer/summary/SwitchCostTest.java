package dev.blockscope.analyzer.summary;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.model.TaskState;
import dev.blockscope.analyzer.model.Trace;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.event.Reason;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-switch cost measured from back-to-back hand-offs on one carrier: two virtual threads
 * ping-pong on carrier C1, each waking the other 2 ns before it suspends; the other resumes on C1
 * {@code gap} ns after that suspension. The gaps are the ground truth.
 */
class SwitchCostTest {
    static final ThreadRef C1 = carrier(1);
    static final ThreadRef C2 = carrier(2);
    static final ThreadRef V1 = virtual(10);
    static final ThreadRef V2 = virtual(11);

    /**
     * Hand-off k: the runner runs 10 ns, wakes the other at (suspension - 2), suspends; the other
     * resumes {@code gaps[k]} later. With {@code lateWake}, one more hand-off whose wake comes 1 ns
     * after the suspension (the carrier had nothing runnable: not a back-to-back hand-off).
     */
    static Trace pingPong(long[] gaps, boolean lateWake) {
        Trace t = new Trace().start(V1, 0, C1).start(V2, 0, C2);
        ThreadRef[] tasks = {V1, V2};
        int n = gaps.length + (lateWake ? 1 : 0);
        long[] run = new long[n + 2];
        long[] suspendAt = new long[n + 1];
        long[] wakeAt = new long[n + 1];
        run[0] = 0;
        for (int k = 0; k < n; k++) {
            suspendAt[k] = run[k] + 10;
            boolean late = lateWake && k == n - 1;
            wakeAt[k] = late ? suspendAt[k] + 1 : suspendAt[k] - 2;
            run[k + 1] = suspendAt[k] + (late ? 50 : gaps[k]);
        }
        // V2's own first slice is on C2, [0,1); it waits for V1's first wake and resumes on C1.
        t.unpark(V1, V2.id(), wakeAt[0]).suspend(V2, 1, run[1], Reason.PARK_OTHER, C2, C1, -1);
        for (int k = 0; k < n; k++) {
            ThreadRef runner = tasks[k % 2];
            if (k + 1 < n) {
                t.unpark(tasks[(k + 1) % 2], runner.id(), wakeAt[k + 1]);
                t.suspend(runner, suspendAt[k], run[k + 2], Reason.PARK_OTHER, C1, C1, -1);
            } else {
                // The last suspension ends, unwoken, on C2: no RUNNABLE part, so not a hand-off.
                t.suspend(runner, suspendAt[k], suspendAt[k] + 500, Reason.PARK_OTHER, C1, C2, -1);
                t.end(runner, suspendAt[k] + 600);
            }
        }
        ThreadRef last = tasks[n % 2];
        t.end(last, run[n] + 10);
        return t;
    }

    static Analysis analyze(Trace t) {
        return RecordingAnalyzer.analyzeEvents("synthetic", t.events(), List.of(), 0, 10_000, AnalysisOptions.DEFAULT);
    }

    @Test
    void theMedianGapOfBackToBackHandOffsIsTheMeasuredCost() {
        Analysis.Overhead o = analyze(pingPong(new long[] {2, 3, 100, 4, 5}, true)).overhead();
        assertThat(o.costSamples()).isEqualTo(5);
        assertThat(o.costMedianNanos()).isEqualTo(4);
        assertThat(o.costSource()).isEqualTo("measured");
        assertThat(o.costNanos()).isEqualTo(4);
        assertThat(o.costBasis()).startsWith("measured: median of 5 back-to-back hand-offs on one carrier");
    }

    @Test
    void tooFewHandOffsKeepTheEstimateAndSayWhy() {
        Analysis.Overhead o = analyze(pingPong(new long[] {2, 3, 4}, false)).overhead();
        assertThat(o.costSamples()).isEqualTo(3);
        assertThat(o.costSource()).isEqualTo("estimated");
        assertThat(o.costNanos()).isEqualTo(OverheadSummarizer.ESTIMATED_SWITCH_NANOS);
        assertThat(o.costBasis()).startsWith("estimated: a fixed 1 µs").endsWith("(only 3 back-to-back hand-off(s) on one carrier to measure it from, median 3 ns; 5 needed)");
    }

    @Test
    void aHandOffAcrossTheCarriersOwnIdleParkIsNotOne() {
        Trace t = pingPong(new long[] {2, 3, 4, 5, 6}, false).suspend(C1, 10, 12, CarrierSummarizer.IDLE);
        Analysis.Overhead o = analyze(t).overhead();
        assertThat(o.costSamples()).isEqualTo(4); // the carrier idled through the first hand-off, [10,12)
    }

    /**
     * The cost is the whole recording's, whatever part of it the timeline keeps: a report embeds a
     * small timeline (200,000 intervals by default) and measured the cost on the intervals that
     * came before its budget was reached (1.42 µs for a 1M-suspension ping-pong whose whole
     * recording gives 231 ns). Here 20 hand-offs, the first eight slow (100 ns), the rest 4 ns,
     * with room for 40 intervals: the slow ones fill it.
     */
    @Test
    void theCostDoesNotDependOnTheTimelineBudget() {
        long[] gaps = new long[20];
        for (int k = 0; k < gaps.length; k++) {
            gaps[k] = k < 8 ? 100 : 4;
        }
        Trace t = pingPong(gaps, false);
        Analysis.Overhead whole = analyze(t).overhead();
        Analysis.Overhead cut = RecordingAnalyzer.analyzeEvents("synthetic", t.events(), List.of(), 0, 10_000,
                new AnalysisOptions(40, null, 0, Long.MAX_VALUE)).overhead();
        assertThat(whole.costSamples()).isEqualTo(20);
        assertThat(whole.costMedianNanos()).isEqualTo(4);
        assertThat(cut).isEqualTo(whole);
    }

    @Test
    void onTheDemoRecordingTheCostIsTheSameWithAnyTimelineBudget() throws Exception {
        Analysis whole = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE);
        Analysis cut = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"),
                new AnalysisOptions(300, null, 0, Long.MAX_VALUE), RecordingReader.Progress.NONE);
        assertThat(cut.timeline().truncated()).isTrue();
        assertThat(cut.overhead()).isEqualTo(whole.overhead());
    }

    @Test
    void onTheDemoRecordingTheCostIsMeasuredWithItsSampleCount() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE);
        Analysis.Overhead o = a.overhead();
        assertThat(o.costSamples()).isGreaterThanOrEqualTo(SwitchCost.MIN_SAMPLES);
        assertThat(o.costSource()).isEqualTo("measured");
        assertThat(o.costNanos()).isEqualTo(o.costMedianNanos()).isPositive();
    }

    /**
     * Slices are paired as they become final, not held to the end: the 5M-suspension ping-pong's
     * 12M slices (25 bytes each) ran a 256 MiB heap out. Two virtual threads hand off on one
     * carrier 300,000 times, with gaps of 200 to 260 ns in a known mix; the median and the count
     * must be the whole recording's, and the slices held stay a pass's worth.
     */
    @Test
    void slicesArePairedAsTheyBecomeFinalWithTheWholeRecordingsMedian() {
        SwitchCost cost = new SwitchCost();
        int rounds = 300_000;
        long[] s = new long[rounds];
        long[] e = new long[rounds];
        long[] r = new long[rounds];
        long[] gaps = new long[rounds];
        long t = 1_000_000;
        int maxHeld = 0;
        for (int i = 0; i < rounds; i++) {
            long cur = 10 + i % 2;
            gaps[i] = 200 + (i * 7L % 13) * 5;
            r[i] = i == 0 ? t : e[i - 1] - 10;
            s[i] = i == 0 ? t + 20 : e[i - 1] + gaps[i];
            e[i] = s[i] + 100;
            if (i >= 2) {
                cost.interval(cur, true, TaskState.SUSPENDED, e[i - 2], r[i], -1);
            }
            cost.interval(cur, true, TaskState.RUNNABLE, r[i], s[i], -1);
            cost.interval(cur, true, TaskState.RUNNING, s[i], e[i], 1);
            maxHeld = Math.max(maxHeld, cost.slicesHeld());
        }
        // a pair (i-1, i) counts once slice i-1 is known to end in a suspension: i from 1 to rounds-2
        long[] counted = java.util.Arrays.copyOfRange(gaps, 1, rounds - 1);
        java.util.Arrays.sort(counted);
        int n = counted.length;
        long median = n % 2 == 1 ? counted[n / 2] : (counted[n / 2 - 1] + counted[n / 2]) / 2;
        SwitchCost.Measured m = cost.result(java.util.Set.of(1L));
        assertThat(m.samples()).isEqualTo(n);
        assertThat(m.medianNanos()).isEqualTo(median);
        assertThat(cost.late()).isZero();
        assertThat(maxHeld).as("slices held at most").isLessThan(2 * SwitchCost.PAIR_EVERY);
    }
    /**
     * The ping-pong of {@link #slicesArePairedAsTheyBecomeFinalWithTheWholeRecordingsMedian} on
     * carrier 1, with something on it that goes without a new interval through the recording:
     * {@code parked}, a third virtual thread that ran one slice there first and then parked for
     * good (its next interval never comes); else the carrier's own idle wait at the start, the
     * last interval of the carrier as a thread. Each held back every slice begun after it, so the
     * slices held grew with the recording (an 8.8M-event soak ran out of a 256 MiB heap). Now a
     * carrier holds at most {@link SwitchCost#HOLD_LIMIT}, and the median is still the ping-pong's.
     */
    private static void heldBackThroughTheRecording(boolean parked) {
        SwitchCost cost = new SwitchCost();
        int rounds = 400_000;
        long t = 1_000_000;
        if (parked) {
            cost.began(12, t - 500);
            cost.interval(12, true, TaskState.RUNNING, t - 500, t - 400, 1);
        } else {
            cost.interval(1, false, TaskState.SUSPENDED, t - 500, t - 400, -1);
        }
        long[] gaps = new long[rounds];
        long prevEnd = 0;
        long prevPrevEnd = 0;
        int maxHeld = 0;
        for (int i = 0; i < rounds; i++) {
            long cur = 10 + i % 2;
            gaps[i] = 200 + (i * 7L % 13) * 5;
            long r = i == 0 ? t : prevEnd - 10;
            long s = i == 0 ? t + 20 : prevEnd + gaps[i];
            long e = s + 100;
            if (i >= 2) {
                cost.interval(cur, true, TaskState.SUSPENDED, prevPrevEnd, r, -1);
            }
            cost.interval(cur, true, TaskState.RUNNABLE, r, s, -1);
            cost.interval(cur, true, TaskState.RUNNING, s, e, 1);
            maxHeld = Math.max(maxHeld, cost.slicesHeld());
            prevPrevEnd = prevEnd;
            prevEnd = e;
        }
        // held all but the first few before: the limit and a pass' worth of intervals is under half of them
        assertThat(maxHeld).as("slices held at most").isLessThanOrEqualTo(SwitchCost.HOLD_LIMIT + SwitchCost.PAIR_EVERY)
                .isLessThan(rounds / 2);
        long[] counted = java.util.Arrays.copyOfRange(gaps, 1, rounds - 1);
        java.util.Arrays.sort(counted);
        int n = counted.length;
        long median = n % 2 == 1 ? counted[n / 2] : (counted[n / 2 - 1] + counted[n / 2]) / 2;
        SwitchCost.Measured m = cost.result(java.util.Set.of(1L));
        assertThat(cost.forced()).as("slices paired early").isPositive();
        assertThat(cost.late()).isZero();
        // a ping-pong slice paired while its task's next interval had not come leaves out the hand-off after it
        assertThat(m.samples() + cost.unmeasured()).isEqualTo(n);
        assertThat(cost.unmeasured()).isLessThan(n / 1000);
        assertThat(m.medianNanos()).isEqualTo(median);
    }

    @Test
    void aVirtualThreadParkedThroughTheRecordingHoldsBackNoMoreThanTheLimit() {
        heldBackThroughTheRecording(true);
    }

    @Test
    void aCarrierWithoutAnIntervalAfterItsLastWaitHoldsBackNoMoreThanTheLimit() {
        heldBackThroughTheRecording(false);
    }

    @Test
    void aCarrierWaitThatComesAfterItsSlicesWerePairedIsLate() {
        SwitchCost cost = new SwitchCost();
        cost.interval(1, false, TaskState.SUSPENDED, 0, 10, -1);
        long t = 100;
        for (int i = 0; i < SwitchCost.HOLD_LIMIT + SwitchCost.PAIR_EVERY; i++) {
            cost.interval(20 + i, true, TaskState.RUNNING, t, t + 5, 1);
            t += 10;
        }
        assertThat(cost.forced()).isPositive();
        cost.interval(1, false, TaskState.SUSPENDED, 50, 60, -1); // before slices paired by force
        assertThat(cost.late()).isEqualTo(1);
    }
    /**
     * A platform thread that never carries a virtual thread (a service's pool worker) had every
     * one of its waits held to the end: 16 bytes a wait, and the arrays doubled. Beside a live
     * virtual thread that keeps moving, its waits go once they end before that thread's last interval.
     */
    @Test
    void aPlatformThreadsOwnWaitsAreNotHeldToTheEnd() {
        SwitchCost cost = new SwitchCost();
        int waits = 1_000_000;
        int maxHeld = 0;
        long t = 0;
        for (int i = 0; i < waits; i++) {
            cost.interval(5, false, TaskState.RUNNING, t, t + 10, -1);
            cost.interval(5, false, TaskState.SUSPENDED, t + 10, t + 100, -1);
            cost.interval(10, true, TaskState.RUNNING, t, t + 50, 1);
            cost.interval(10, true, TaskState.SUSPENDED, t + 50, t + 100, -1);
            t += 100;
            maxHeld = Math.max(maxHeld, cost.waitsHeld());
        }
        assertThat(maxHeld).as("waits held at most").isLessThanOrEqualTo(SwitchCost.PAIR_EVERY);
        cost.result(java.util.Set.of(1L));
    }
}
