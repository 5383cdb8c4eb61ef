package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.Suspend}: one interval in which a task could not run, from the moment it
 * blocked to the moment it ran again. Committed by the task itself after it resumed, so the
 * event thread is the task (virtual or platform); its start time and duration are the interval.
 *
 * <p>For a virtual thread that unmounted, {@code carrierId} ran it before and
 * {@code resumeCarrierId} after; the interval ends when it runs again, so it includes the wait
 * for a carrier (the scheduler latency: {@code readyNanos}, from the wake-up by task
 * {@code wakerId}). A virtual thread that kept its carrier while it waited has {@code pinned=true}
 * and, where the JDK tells, the pin reason. A platform thread has no carrier (both ids 0).
 *
 * <p>This class records the stack of the blocking call; {@link SuspendNoStackEvent} is the same
 * event without it. Fields: see {@link AbstractSuspendEvent}.
 */
@Name("blockscope.Suspend")
@Label("Task Suspension")
@Category({"blockscope", "Tasks"})
@Description("A task could not run: from the blocking call to the moment it ran again")
@StackTrace(true)
public final class SuspendEvent extends AbstractSuspendEvent {
}
