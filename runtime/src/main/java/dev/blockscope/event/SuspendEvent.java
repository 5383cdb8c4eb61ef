package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code blockscope.Suspend}: one interval in which a task could not run, from the moment it
 * blocked to the moment it ran again. Committed by the task itself after it resumed, so the
 * event thread is the task (virtual or platform); its start time and duration are the interval.
 *
 * <p>For a virtual thread that unmounted, {@code carrier} ran it before and {@code resumeCarrier}
 * after; the interval ends when it runs again, so it includes the wait for a carrier (the
 * scheduler latency, measured from the matching {@link UnparkEvent}). A virtual thread that kept
 * its carrier while it waited has {@code pinned=true} and, where the JDK tells, the pin reason.
 * A platform thread has no carrier (both fields null).
 */
@Name("blockscope.Suspend")
@Label("Task Suspension")
@Category({"blockscope", "Tasks"})
@Description("A task could not run: from the blocking call to the moment it ran again")
@StackTrace(true)
public final class SuspendEvent extends jdk.jfr.Event {
    @Label("Reason") @Description("Reason code, see dev.blockscope.event.Reason")
    public String reason;

    @Label("Blocker Class") @Description("Class of the object waited on (lock, queue, monitor, channel), if any")
    public Class<?> blockerClass;

    @Label("Blocker Identity") @Description("System.identityHashCode of the object waited on, 0 if none")
    public int blockerId;

    @Label("Pinned") @Description("A virtual thread waited while holding its carrier thread")
    public boolean pinned;

    @Label("Pin Reason") @Description("Why the carrier stayed held (from the JDK), or null")
    public String pinReason;

    @Label("Carrier") @Description("Carrier thread that ran the virtual thread when it blocked")
    public Thread carrier;

    @Label("Resume Carrier") @Description("Carrier thread that ran the virtual thread when it resumed")
    public Thread resumeCarrier;

    @Label("Timeout") @Timespan(Timespan.NANOSECONDS) @Description("Timeout of the wait, -1 if none")
    public long timeout = -1;
}
