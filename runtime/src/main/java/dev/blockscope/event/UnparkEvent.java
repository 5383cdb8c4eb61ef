package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.Unpark}: the event thread (the waker) made task {@code targetId} runnable.
 * With the target's next {@link SuspendEvent} end it gives the scheduler latency (ready to
 * running) and the waker arrow of a timeline. Instant event, no stack by default.
 */
@Name("blockscope.Unpark")
@Label("Task Unpark")
@Category({"blockscope", "Tasks"})
@Description("The event thread made a task runnable")
@StackTrace(false)
public final class UnparkEvent extends jdk.jfr.Event {
    @Label("Target Task Id") @Description("Java thread id of the task made runnable")
    public long targetId;

    @Label("Target Is Virtual")
    public boolean targetVirtual;
}
