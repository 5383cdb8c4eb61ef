package dev.blockscope.analyzer.model;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.event.Reason;
import org.junit.jupiter.api.Test;

/**
 * A carrier's time is RUNNING while a virtual thread runs on it, even though the carrier's own
 * events (the JDK's thresholded parks of an idle worker) leave that time UNKNOWN.
 */
class CarrierCoverageTest {
    static final ThreadRef C1 = carrier(1);
    static final ThreadRef V = virtual(10);
    static final ThreadRef W = platform(20);

    @Test
    void slicesOfMountedVirtualThreadsAreTheCarriersRunningTime() {
        // The carrier idles (a 20 ns park the JDK recorded), then runs V twice: [20,50) and [70,90).
        Trace t = new Trace().jdkStart(C1, 0).jdkBlocked(C1, 0, 20, Reason.PARK_OTHER, false, null)
                .start(V, 20, C1).unpark(W, 10, 60).suspend(V, 50, 70, Reason.PARK_LOCK, C1, C1, -1).end(V, 90);
        Analysis a = Intervals.analyze(t, 100);
        Analysis.TaskRow c = Intervals.row(a, 1);
        assertThat(c.carrier()).isTrue();
        assertThat(c.states()).containsEntry("BLOCKED", 20L).containsEntry("RUNNING", 50L).containsEntry("UNKNOWN", 30L);
        assertThat(c.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("1 carrier thread(s) have 30 ns UNKNOWN left")
                && l.endsWith(": #1 ForkJoinPool-1-worker-1 30 ns"));
        assertThat(a.source().limits()).noneMatch(l -> l.contains("alive at the end"));
    }

    @Test
    void pinnedWaitOfAVirtualThreadIsTheCarrierBlockedForThatReason() {
        Trace t = new Trace().jdkStart(C1, 0).start(V, 0, C1)
                .pinned(V, 10, 40, Reason.MONITOR_WAIT, "Native frame", C1, -1).end(V, 50);
        Analysis a = Intervals.analyze(t, 60);
        Analysis.TaskRow c = Intervals.row(a, 1);
        assertThat(c.states()).containsEntry("RUNNING", 20L).containsEntry("BLOCKED", 30L).containsEntry("UNKNOWN", 10L);
        assertThat(c.reasons()).containsEntry(Reason.MONITOR_WAIT, 30L);
    }

    @Test
    void slicePartInsideTheCarriersOwnWaitIsNotCountedTwice() {
        // Clock jitter: V's slice [18,40) starts 2 ns before the carrier's own park [0,20) ends.
        Trace t = new Trace().jdkStart(C1, 0).start(V, 5, C1).jdkBlocked(C1, 0, 20, Reason.PARK_OTHER, false, null)
                .add(new dev.blockscope.analyzer.event.TraceEvent.Blocked(5, 18, V, Reason.SLEEP, false, null, C1, C1, -1, true, -1))
                .end(V, 40);
        Analysis a = Intervals.analyze(t, 40);
        Analysis.TaskRow c = Intervals.row(a, 1);
        assertThat(c.states()).containsEntry("BLOCKED", 20L).containsEntry("RUNNING", 20L).containsEntry("UNKNOWN", 0L);
    }

    @Test
    void theCarriersLaneShowsWhichVirtualThreadRanAndWhichWaitHeldIt() {
        // V runs on C1 over [0,10), waits pinned [10,40) for a monitor, runs [40,50); the carrier's
        // own JDK park [60,80) stays its own; the rest of its lane is UNKNOWN.
        Trace t = new Trace().jdkStart(C1, 0).start(V, 0, C1)
                .pinned(V, 10, 40, Reason.MONITOR_WAIT, "Native frame", C1, 1).end(V, 50)
                .jdkBlocked(C1, 60, 80, Reason.PARK_OTHER, false, null);
        Analysis a = Intervals.analyze(t, 100);
        assertThat(Intervals.of(a, 1)).containsExactly(
                Intervals.iv("RUNNING", 0, 10, null, 10, -1),
                Intervals.iv("BLOCKED", 10, 40, Reason.MONITOR_WAIT, 10, -1),
                Intervals.iv("RUNNING", 40, 50, null, 10, -1),
                Intervals.iv("UNKNOWN", 50, 60, null, -1, -1),
                Intervals.iv("BLOCKED", 60, 80, Reason.PARK_OTHER, -1, -1),
                Intervals.iv("UNKNOWN", 80, 100, null, -1, -1));
        Analysis.TaskRow c = Intervals.row(a, 1);
        assertThat(c.states()).containsEntry("RUNNING", 20L).containsEntry("BLOCKED", 50L).containsEntry("UNKNOWN", 30L);
        assertThat(c.reasons()).containsEntry(Reason.MONITOR_WAIT, 30L).containsEntry(Reason.PARK_OTHER, 20L);
        // The carrier's own park (the JDK's, in ForkJoinPool.awaitWork) is its idle time; V's pinned wait is not.
        assertThat(a.carriers()).filteredOn(r -> r.id() == 1).singleElement().extracting(Analysis.CarrierRow::idle).isEqualTo(20L);
    }

    @Test
    void withoutRoomInTheTimelineBudgetTheLaneStaysUnsplitAndTheLimitsSaySo() {
        Trace t = new Trace().jdkStart(C1, 0).start(V, 0, C1).suspend(V, 10, 20, Reason.SLEEP, C1, C1, -1).end(V, 30);
        Analysis a = dev.blockscope.analyzer.RecordingAnalyzer.analyzeEvents("synthetic", t.events(), java.util.List.of(), 0, 100,
                new dev.blockscope.analyzer.AnalysisOptions(4, null, 0, Long.MAX_VALUE));
        assertThat(Intervals.of(a, 1)).containsExactly(Intervals.iv("UNKNOWN", 0, 100, null, -1, -1));
        assertThat(Intervals.row(a, 1).states()).containsEntry("RUNNING", 20L).containsEntry("UNKNOWN", 80L);
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("carrier lanes not split"));
    }

    @Test
    void coverageNeverExceedsTheCarriersUnknownTime() {
        CarrierCoverage cov = new CarrierCoverage();
        cov.known(1, 0, 10);
        cov.known(1, 10, 20);
        cov.known(1, 30, 40);
        cov.slice(1, 5, 35, null);
        assertThat(cov.running(1)).isEqualTo(10); // only [20,30) is outside the carrier's own intervals
    }

    @Test
    void aPlatformThreadThatCarriedNothingKeepsItsUnknownTime() {
        Trace t = new Trace().jdkStart(W, 0).jdkBlocked(W, 10, 30, Reason.PARK_OTHER, false, null);
        Analysis a = Intervals.analyze(t, 50);
        assertThat(Intervals.row(a, 20).states()).containsEntry("RUNNING", 0L).containsEntry("UNKNOWN", 30L);
    }

    /**
     * The known intervals as sorted columns answer as the map they replaced: intervals added in
     * any order, touching, nested and overlapping, then merged; each slice's overlap the same.
     */
    @Test
    void theKnownIntervalsMergeAndOverlapAsASortedMapOfThemDoes() {
        java.util.Random random = new java.util.Random(11);
        for (int round = 0; round < 300; round++) {
            CarrierCoverage.Known known = new CarrierCoverage.Known();
            java.util.TreeMap<Long, Long> map = new java.util.TreeMap<>();
            int span = 50 + random.nextInt(5_000);
            boolean inOrder = round % 2 == 0; // as a carrier's own events mostly come
            long at = 0;
            for (int i = random.nextInt(200); i > 0; i--) {
                long start = inOrder ? (at += random.nextInt(40)) : random.nextInt(span);
                long end = start + 1 + random.nextInt(round % 3 == 0 ? 5 : 60);
                known.add(start, end);
                addToMap(map, start, end);
                for (int q = 0; q < 3; q++) {
                    long from = random.nextInt(span + 100) - 50;
                    long to = from + 1 + random.nextInt(200);
                    assertThat(known.overlap(from, to)).as("round %d: [%d, %d)", round, from, to).isEqualTo(overlapOfMap(map, from, to));
                }
            }
        }
    }

    private static void addToMap(java.util.TreeMap<Long, Long> known, long start, long end) {
        java.util.Map.Entry<Long, Long> before = known.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        java.util.Map.Entry<Long, Long> after = known.ceilingEntry(start);
        while (after != null && after.getKey() <= end) {
            end = Math.max(end, after.getValue());
            known.remove(after.getKey());
            after = known.ceilingEntry(start);
        }
        known.put(start, end);
    }

    private static long overlapOfMap(java.util.TreeMap<Long, Long> known, long start, long end) {
        long sum = 0;
        java.util.Map.Entry<Long, Long> e = known.floorEntry(start);
        if (e == null) {
            e = known.ceilingEntry(start);
        }
        while (e != null && e.getKey() < end) {
            sum += Math.max(0, Math.min(end, e.getValue()) - Math.max(start, e.getKey()));
            e = known.higherEntry(e.getKey());
        }
        return sum;
    }
}
