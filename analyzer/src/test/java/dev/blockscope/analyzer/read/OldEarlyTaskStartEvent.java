package dev.blockscope.analyzer.read;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * As agents before 0.2 wrote it (the current agent no longer has the class, which it registered in
 * every recording without committing it; readers still accept the event):
 * {@code blockscope.EarlyTaskStart}: a {@code blockscope.TaskStart} from before the agent's
 * recording ran (see {@code EarlySuspendEvent}): committed later by the agent's thread, so the
 * task is {@code taskId}, not the event thread. The start time is the task's start.
 */
@Name("blockscope.EarlyTaskStart")
@Label("Task Start Before The Recording")
@Category({"blockscope", "Tasks"})
@Description("A task began to run before the recording ran; the task is taskId, not the event thread")
@StackTrace(false)
final class OldEarlyTaskStartEvent extends jdk.jfr.Event {
    @Label("Task Id") @Description("Java thread id of the task")
    public long taskId;

    @Label("Task Name") @Description("The task's thread name when it started")
    public String taskName;

    @Label("Task Is Virtual")
    public boolean taskVirtual;

    @Label("Parent Task Id") @Description("Java thread id of the thread that started this one, 0 if unknown")
    public long parentId;

    @Label("Carrier Id") @Description("For a virtual thread, the Java thread id of the carrier it first ran on (see blockscope.Carrier), 0 if none")
    public long carrierId;
}
