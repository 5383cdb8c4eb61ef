package dev.blockscope.analyzer.report;

import java.util.List;

/**
 * One thing a recording cannot show, as the analysis found it: what kind of gap and its figures
 * (tasks, time, counts). The analysis produces these; {@link LimitText} says each in words for
 * {@code source.limits}, the one place their wording lives. Times are nanoseconds (a duration, or
 * as each record says).
 */
public sealed interface Limit {
    /** A task and its time a limit is about. */
    record TaskTime(long id, String name, long nanos) {}

    /** How many tasks a limit is about, their time in all, and the largest few of them, largest first. */
    record Tasks(long count, long nanos, List<TaskTime> largest) {
        public Tasks {
            largest = List.copyOf(largest);
        }
    }

    /** Wait events the task timelines ignored ({@code events}) or cut ({@code clipped}), and the waiting time that cost. */
    record IgnoredWaits(long events, long clipped, long nanos) implements Limit {}

    /** No blockscope events: only the JDK's thresholded waits are seen. */
    record NoAgentEvents() implements Limit {}

    /** A recording without the agent and without jdk.VirtualThreadStart: virtual threads' starts are unknown. */
    record NoVirtualThreadStarts() implements Limit {}

    /** async-profiler's samples are instants, counted, not made into intervals. */
    record SamplesAreInstants() implements Limit {}

    /** Tasks alive at the end, UNKNOWN after their last event. */
    record AliveAtEnd(Tasks tasks) implements Limit {}

    /** Tasks without a start event, UNKNOWN from the recording's start to their first event. */
    record NoStartEvent(Tasks tasks) implements Limit {}

    /** Platform threads seen only through jdk.* events that never waited in one: UNKNOWN throughout. */
    record SilentPlatformThreads(Tasks tasks) implements Limit {}

    /** Carrier threads' UNKNOWN time that neither their events nor their virtual threads' slices cover. */
    record CarrierTimeUnknown(Tasks tasks) implements Limit {}

    /**
     * Waits an attached agent's go-live snapshot found in progress, counted to their task's next
     * event (or the window's end) because no event gives their end: an upper bound.
     */
    record SnapshotWaitsWithoutEnd(Tasks tasks) implements Limit {}

    /** The JVM's, JFR's and the agent's own threads' UNKNOWN time (they are not the application's tasks). */
    record ServiceThreadsUnknown(Tasks tasks) implements Limit {}

    /** The timeline kept {@code kept} intervals; {@code dropped} of {@code tasksCut} tasks, none longer than {@code longestDropped}, are left out. */
    record TimelineTruncated(int kept, long dropped, int tasksCut, long droppedNanos, long longestDropped) implements Limit {}

    /** Events the agent could not record: its buffers were full. */
    record AgentBuffersFull(long events) implements Limit {}

    /** Suspensions under the agent's threshold, not recorded. */
    record BelowAgentThreshold(long suspensions) implements Limit {}

    /** Regions and logs past the annotations' budget, not listed. */
    record AnnotationsTruncated(int regionsKept, int logsKept, long regionsDropped, long logsDropped) implements Limit {}

    /** An agent probe that was off ({@code detail}: why, or null). */
    record ProbeOff(String probe, String detail) implements Limit {}

    /** The file begins {@code nanos} after the agent began recording, at {@code agentSince} (epoch nanos): the oldest part was dropped. */
    record FileBeginsLate(long nanos, long agentSince) implements Limit {}

    /**
     * The agent's {@code chunks} oldest chunks ({@code bytes}) were dropped under maxsize=; its own
     * events are missing until {@code until} (nanos from the file's start; 0 or less: from the start).
     */
    record AgentChunksDropped(long until, long chunks, long bytes) implements Limit {}

    /** The agent stopped recording by itself ({@code reason}). */
    record AgentStopped(String reason) implements Limit {}

    /** {@code tasks} ended virtual threads summed into {@code groups} groups, past {@code maxTasks} rows. */
    record TasksSummed(long tasks, int groups, int maxTasks) implements Limit {}

    /** Tasks an attached agent found ended, UNKNOWN from their last sign of life to then. */
    record EndsFound(Tasks tasks) implements Limit {}

    /** The first {@code nanos} of the window come from the agent's probes alone (before its recording ran). */
    record ProbesOnlyAtStart(long nanos) implements Limit {}

    /** {@code waits} pinned waits of the JDK's own virtual threads ({@code nanos} in all), left out of the pinning sites. */
    record JdkOwnPins(long waits, long nanos) implements Limit {}

    /** {@code late} run slices or carrier waits came after the slices around them were paired for the switch cost. */
    record SwitchCostLate(long late) implements Limit {}

    /**
     * The switch cost paired {@code slices} run slices before all around them were known, to hold
     * at most {@code perCarrier} per carrier; {@code unmeasured} hand-offs after a slice whose
     * task's next interval had not come were left out.
     */
    record SwitchCostForced(long slices, long unmeasured, int perCarrier) implements Limit {}

    /** The timeline's budget was lowered from {@code from} to {@code to} intervals to fit a heap of {@code heapMb}. */
    record TimelineBudgetLowered(long from, long to, long heapMb) implements Limit {}

    /** The carriers' lanes could not be split by their virtual threads. */
    record CarrierLanesNotSplit() implements Limit {}

    /** Samples ({@code what}: "CPU samples" or "wall samples") without blockscope's events: a carrier's samples stay the carrier's. */
    record CpuAtThreadLevel(String what) implements Limit {}

    /** {@code outside} of the {@code onCarriers} samples ({@code what}) on carriers fell in no virtual thread's run slice. */
    record CpuSamplesOutsideSlices(long outside, long onCarriers, String what, boolean wall) implements Limit {}

    /** {@code outside} of the {@code onCarriers} contended monitor entries of carriers ended in no virtual thread's run slice. */
    record LockEntriesOutsideSlices(long outside, long onCarriers) implements Limit {}

    /** async-profiler's lock samples name the carrier, and it sees no virtual thread's parks. */
    record LockSamplesNameTheCarrier() implements Limit {}

    /** Wall samples are of OS threads: a virtual thread has them only while mounted. */
    record WallSamplesWhileMounted() implements Limit {}

    /** async-profiler's settings do not give its wall interval. */
    record WallIntervalUnknown() implements Limit {}

    /** CPU samples from a timer engine ({@code itimer}, {@code ctimer}), which undercounts below a scheduler tick. */
    record CpuTimerEngine(String engine) implements Limit {}

    /** CPU samples that are not CPU time: the JDK's method sampler's ({@code jdkSampler}), or async-profiler's without its interval. */
    record CpuSamplesNotTime(boolean jdkSampler) implements Limit {}

    /** A limit the reader said in words of its own (a chunk and its position). */
    record Said(String text) implements Limit {}
}
