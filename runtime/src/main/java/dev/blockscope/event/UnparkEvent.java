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
 *
 * <p>Written by agents before the wake-up moved into the Suspend itself ({@code wakerId},
 * {@code readyNanos}); the current agent no longer commits it, readers still accept it.
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
