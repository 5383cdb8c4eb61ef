package dev.blockscope.analyzer.read;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * As agents before 0.2 wrote it (the current agent no longer has the class, which it registered in
 * every recording without committing it; readers still accept the event):
 * {@code blockscope.EarlyTaskEnd}: a {@code blockscope.TaskEnd} from before the agent's recording
 * ran (see {@code EarlySuspendEvent}): committed later by the agent's thread, so the task is
 * {@code taskId}, not the event thread. The start time is the task's end.
 */
@Name("blockscope.EarlyTaskEnd")
@Label("Task End Before The Recording")
@Category({"blockscope", "Tasks"})
@Description("A task finished before the recording ran; the task is taskId, not the event thread")
@StackTrace(false)
final class OldEarlyTaskEndEvent extends jdk.jfr.Event {
    @Label("Task Id") @Description("Java thread id of the task")
    public long taskId;

    @Label("Task Name") @Description("The task's thread name when it ended")
    public String taskName;

    @Label("Task Is Virtual")
    public boolean taskVirtual;

    @Label("Failed") @Description("The task ended with an uncaught exception")
    public boolean failed;
}
