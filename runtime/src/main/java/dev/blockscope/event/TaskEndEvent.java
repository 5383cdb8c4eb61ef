package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.TaskEnd}: the task (the event thread) finished running. Committed by the
 * task itself as its last action; its start time closes the task's lifetime. For a task that began
 * before an attached agent went live, whose end passes no probe, the agent writes it when it finds
 * the task ended ({@link #endedAfterNanos}).
 */
@Name("blockscope.TaskEnd")
@Label("Task End")
@Category({"blockscope", "Tasks"})
@StackTrace(false)
public final class TaskEndEvent extends jdk.jfr.Event {
    @Label("Failed") @jdk.jfr.Description("The task ended with an uncaught exception")
    public boolean failed;

    @Label("Ended After")
    @jdk.jfr.Description("0 when the end was recorded as it happened. Otherwise the task was found ended at this event's "
            + "time, and was still alive at this moment (nanoseconds since the epoch): a task an attached agent found "
            + "running, whose end passes no probe")
    public long endedAfterNanos;
}
