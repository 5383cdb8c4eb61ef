package dev.blockscope.bench;

import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The prototype of a deferred no-stack suspension ({@link SuspensionRings}): committed later by
 * one drain thread, so the event's own thread and time are the drain thread's; the task, the
 * times and the rest travel as explicit fields. Field shapes as {@link FloorSuspendEvent} plus
 * the task id and the start and end times.
 */
@Name("blockscope.bench.BatchedSuspend")
@StackTrace(false)
final class BatchedSuspendEvent extends jdk.jfr.Event {
    long taskId;
    /** System.nanoTime() at the start. */
    long startNanos;
    @Timespan(Timespan.NANOSECONDS)
    long durationNanos;
    String reason;
    Class<?> blockerClass;
    int blockerId;
    boolean pinned;
    String pinReason;
    long carrierId;
    long resumeCarrierId;
    long wakerId;
    long readyNanos = -1;
    long timeout = -1;
}
