package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.TaskSnapshot}: when an attached agent's probes went live, task
 * {@code taskId} was already waiting ({@code state} as {@code Thread.getState()} says it, the
 * wait's {@code reason} and blocker class as a thread dump shows them). A wait in progress at
 * go-live has no Suspend (its blocking call began before the probes existed and returns through
 * code without them), so this is what says what the task did from the window's start until its
 * next event. Committed by the agent's thread: the task is in fields.
 */
@Name("blockscope.TaskSnapshot")
@Label("Task Snapshot")
@Category({"blockscope", "Tasks"})
@Description("A task already waiting when an attached agent went live")
@StackTrace(false)
public final class TaskSnapshotEvent extends jdk.jfr.Event {
    @Label("Task Id") public long taskId;
    @Label("Task Name") public String taskName;
    @Label("Task Is Virtual") public boolean taskVirtual;
    @Label("Thread State") @Description("BLOCKED, WAITING or TIMED_WAITING") public String state;
    @Label("Reason") @Description("Reason code, see dev.blockscope.event.Reason") public String reason;
    @Label("Blocker Class") @Description("The park blocker's class, or null") public String blockerClass;
    @Label("Top Frame") @Description("The innermost frame of the task's stack, or null") public String topFrame;
}
