package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.LiveSuspend}: a {@code blockscope.Suspend} whose stack JFR took, as the agent
 * hands it to in-process listeners (the JUnit extension, {@code top}) in the chunks it cuts for
 * them. JFR's own copy, with the stack, goes to the recording as usual; JFR's buffers are flushed
 * about once a second, too late for a listener, so the task also takes its stack as text here
 * (only while a listener is registered). Never written to the recording file itself. Fields as in
 * {@link EarlySuspendEvent}: the task in {@code taskId}, {@code taskName}, {@code taskVirtual}, the
 * stack in {@code stackFrames}.
 */
@Name("blockscope.LiveSuspend")
@Label("Task Suspension With Its Stack, For Live Listeners")
@Category({"blockscope", "Tasks"})
@Description("A task could not run; a copy of a Suspend with a stack, its stack as text, cut for the agent's live listeners")
@StackTrace(false)
public final class LiveSuspendEvent extends AbstractSuspendEvent {
    @Label("Task Id") @Description("Java thread id of the suspended task")
    public long taskId;

    @Label("Task Name") @Description("The task's thread name when it resumed")
    public String taskName;

    @Label("Task Is Virtual")
    public boolean taskVirtual;

    @Label("Stack Frames")
    @Description("The blocking call's stack, taken by the task when it resumed: one frame per line, top first, as class.method:line, at most 48")
    public String stackFrames;
}
