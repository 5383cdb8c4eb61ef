package dev.blockscope.analyzer.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The words of the structured limits, which {@code source.limits} has always carried: these
 * sentences are what the summary, the JSON and the page showed before the limits were records
 * (the golden outputs hold the rest of them).
 */
class LimitTextTest {
    private static final long MS = 1_000_000L;

    @Test
    void tasksAreNamedLargestFirstAndTheRestCounted() {
        Limit.Tasks six = new Limit.Tasks(7, 61 * MS, List.of(new Limit.TaskTime(12, "worker-1", 30 * MS),
                new Limit.TaskTime(3, null, 10 * MS), new Limit.TaskTime(14, "worker-3", 8 * MS),
                new Limit.TaskTime(15, "worker-4", 6 * MS), new Limit.TaskTime(16, "worker-5", 4 * MS)));
        assertThat(LimitText.of(new Limit.AliveAtEnd(six))).isEqualTo("7 task(s) were alive at the end of the recording,"
                + " 61.0 ms UNKNOWN after their last event in all (a wait is written only when it ends, so a task waiting at"
                + " the end shows no trace of that wait): #12 worker-1 30.0 ms, #3 (unnamed) 10.0 ms, #14 worker-3 8.00 ms,"
                + " #15 worker-4 6.00 ms, #16 worker-5 4.00 ms and 2 more");
        assertThat(LimitText.of(new Limit.CarrierTimeUnknown(new Limit.Tasks(1, 2 * MS,
                List.of(new Limit.TaskTime(21, "ForkJoinPool-1-worker-1", 2 * MS))))))
                .isEqualTo("1 carrier thread(s) have 2.00 ms UNKNOWN left in all, time that neither their own events nor"
                        + " the run slices of the virtual threads on them cover (idle in the pool in parks the JDK did not"
                        + " record, or after their last event): #21 ForkJoinPool-1-worker-1 2.00 ms");
        assertThat(LimitText.of(new Limit.ServiceThreadsUnknown(new Limit.Tasks(1, 5 * MS,
                List.of(new Limit.TaskTime(26, "JFR Periodic Tasks", 5 * MS))))))
                .isEqualTo("1 JVM service thread(s) (the JVM's, JFR's and blockscope's own, reported apart from the"
                        + " application's tasks) have 5.00 ms UNKNOWN in all: they wait in calls no event records, or"
                        + " begin before the recording or outlive it without a start or end event: #26 JFR Periodic Tasks"
                        + " 5.00 ms");
    }

    @Test
    void ignoredWaitsSayOnlyWhatHappened() {
        assertThat(LimitText.of(new Limit.IgnoredWaits(3, 0, 5 * MS))).isEqualTo("3 wait event(s) ignored: they came after"
                + " their task's end, or lay inside time another event of the task already covered; 5.00 ms of their waiting"
                + " time is not on the timeline as theirs");
        assertThat(LimitText.of(new Limit.IgnoredWaits(0, 2, MS))).isEqualTo("2 wait event(s) began inside time another"
                + " event of the task already covered and were cut to start after it; 1.00 ms of their waiting time is not on"
                + " the timeline as theirs");
    }

    @Test
    void theTruncatedTimelineGivesItsFigures() {
        assertThat(LimitText.of(new Limit.TimelineTruncated(2_000_000, 23_000_000, 4, 9_000 * MS, 2_500)))
                .isEqualTo("timeline truncated: 2000000 intervals kept, 23000000 interval(s) of 4 task(s) left out (9.00 s"
                        + " in all), the shortest first: none left out is longer than 2.50 µs and every interval kept is at"
                        + " least as long (lanes have gaps where short intervals were); the summaries still count everything");
    }

    @Test
    void summedTasksAndProbesOff() {
        assertThat(LimitText.of(new Limit.TasksSummed(1_234_567, 3, 10_000))).isEqualTo("1,234,567 ended virtual thread(s)"
                + " have no row of their own: they are summed into 3 group(s) by name (each run of digits read as #), with"
                + " their time by state, reasons, waits and five longest waits, so every total still counts them; the 10,000"
                + " that waited longest (their longest wait, or BLOCKED, BLOCKED_PINNED and UNKNOWN time, whichever is more),"
                + " every task alive at the end and every platform thread keep their rows (--max-tasks 0 keeps a row for every"
                + " task, in memory that grows with them)");
        assertThat(LimitText.of(new Limit.ProbeOff("idle", "ForkJoinPool.awaitWork not found")))
                .isEqualTo("agent probe 'idle' was off (ForkJoinPool.awaitWork not found): waits it covers are not recorded");
        assertThat(LimitText.of(new Limit.ProbeOff("idle", " "))).isEqualTo("agent probe 'idle' was off: waits it covers are"
                + " not recorded");
    }

    @Test
    void theAgentsChunksDroppedFromTheStartOrUntilAMoment() {
        assertThat(LimitText.of(new Limit.AgentChunksDropped(0, 2, 16_000_000))).startsWith("the agent's own events (the"
                + " suspensions without a stack, task starts and ends, carrier idle) are missing from the start: its 2 oldest"
                + " chunk(s) (16,000,000 bytes) were dropped");
        assertThat(LimitText.of(new Limit.AgentChunksDropped(900 * MS, 2, 16_000_000))).contains("are missing before +900 ms:");
    }

    @Test
    void wordsOfOthersAreKeptAsTheyAreAndInOrder() {
        assertThat(LimitText.of(List.of(new Limit.Said("chunk 3 read by the JDK's parser"), new Limit.CarrierLanesNotSplit(),
                new Limit.JdkOwnPins(2, 3 * MS)))).containsExactly("chunk 3 read by the JDK's parser",
                "carrier lanes not split by the virtual threads they ran (the timeline is truncated or the split would exceed"
                        + " its interval budget): carriers' RUNNING/BLOCKED time from their virtual threads is a streaming"
                        + " estimate, capped at their UNKNOWN time",
                "2 pinned wait(s) of the JDK's own virtual threads (its I/O sub-pollers), 3.00 ms in all, are left out of"
                        + " the pinning sites and of check --max-pinned: the application cannot change them; the carrier lanes"
                        + " still show the carrier held");
    }

    @Test
    void cpuSamplesOffTheSlicesAreAShare() {
        assertThat(LimitText.of(new Limit.CpuSamplesOutsideSlices(1, 8, "CPU samples", false))).isEqualTo("1 of 8 CPU samples"
                + " on carriers (12.5%) fell outside every virtual thread's run slice: counted as the carrier's own (its scheduler"
                + " code, or a slice's edge)");
        assertThat(LimitText.of(new Limit.CpuSamplesOutsideSlices(1, 4, "wall samples", true))).isEqualTo("1 of 4 wall samples"
                + " on carriers (25.0%) fell outside every virtual thread's run slice: counted as the carrier's own (idle, or its"
                + " scheduler code)");
        assertThat(LimitText.of(new Limit.CpuAtThreadLevel("wall samples"))).startsWith("Wall samples stay at thread level:");
        assertThat(LimitText.of(new Limit.LockEntriesOutsideSlices(2, 8))).isEqualTo("2 of 8 contended monitor entries of"
                + " carriers (25.0%) ended outside every virtual thread's run slice: counted as the carrier's own");
        assertThat(LimitText.of(new Limit.CpuSamplesNotTime(false))).isEqualTo("CPU time per task is not known:"
                + " async-profiler's settings do not say its sampling interval, so tasks are compared by CPU samples only");
    }
}
