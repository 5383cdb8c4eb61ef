package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.EarlySuspend}: a {@code blockscope.Suspend} that ended before the agent's
 * recording ran. With {@code startup=now} the probes are live before {@code main} while JFR still
 * starts on a thread of its own; the agent keeps what they measure meanwhile and commits it once
 * the recording runs, from its own thread. So the event thread is the agent's, and the task is
 * named by {@code taskId}, {@code taskName} and {@code taskVirtual}. Start time and duration are
 * the suspension's own (they lie before the chunk's start). JFR cannot take a stack before it
 * runs, so the stack (where the stack policy wants one) is text in {@code stackFrames}. Other
 * fields: see {@link AbstractSuspendEvent}.
 */
@Name("blockscope.EarlySuspend")
@Label("Task Suspension Before The Recording")
@Category({"blockscope", "Tasks"})
@Description("A task could not run, measured before the recording ran and committed when it did; the task is taskId, not the event thread")
@StackTrace(false)
public final class EarlySuspendEvent extends AbstractSuspendEvent {
    @Label("Task Id") @Description("Java thread id of the suspended task")
    public long taskId;

    @Label("Task Name") @Description("The task's thread name when it resumed")
    public String taskName;

    @Label("Task Is Virtual")
    public boolean taskVirtual;

    @Label("Stack Frames")
    @Description("The blocking call's stack, taken by the task when it resumed: one frame per line, top first, "
            + "as class.method:line, at most 48; null when the stack policy took none")
    public String stackFrames;
}
