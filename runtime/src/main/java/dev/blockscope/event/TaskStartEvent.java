package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.TaskStart}: a task (the event thread) began to run. Committed by the task
 * itself as its first action, so the event thread names it and its start time opens its
 * lifetime. For a virtual thread {@code carrierId} is the carrier it first ran on.
 */
@Name("blockscope.TaskStart")
@Label("Task Start")
@Category({"blockscope", "Tasks"})
@StackTrace(false)
public final class TaskStartEvent extends jdk.jfr.Event {
    @Label("Virtual")
    public boolean virtual;

    @Label("Parent Task Id") @Description("Java thread id of the thread that started this one, 0 if unknown")
    public long parentId;

    @Label("Carrier Id") @Description("For a virtual thread, the Java thread id of the carrier it first ran on (see blockscope.Carrier), 0 if none")
    public long carrierId;
}
