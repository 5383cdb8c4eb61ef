package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.TaskEnd}: the task (the event thread) finished running. Committed by the
 * task itself as its last action; its start time closes the task's lifetime.
 */
@Name("blockscope.TaskEnd")
@Label("Task End")
@Category({"blockscope", "Tasks"})
@StackTrace(false)
public final class TaskEndEvent extends jdk.jfr.Event {
    @Label("Failed") @jdk.jfr.Description("The task ended with an uncaught exception")
    public boolean failed;
}
