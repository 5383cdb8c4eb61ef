package dev.blockscope.event;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Timespan;

/**
 * The fields of {@code blockscope.Suspend}, shared by its two event classes: {@link SuspendEvent}
 * (with the stack of the blocking call) and {@link SuspendNoStackEvent} (without). Both carry the
 * same JFR event name, so a reader sees one event type; the agent picks the class per suspension
 * when it commits, which is how its stack policy (stacks only for long suspensions) is applied
 * per event rather than per recording. Recordings must therefore not set {@code stackTrace} for
 * {@code blockscope.Suspend}: each class keeps its annotation's default.
 *
 * <p>The wake-up is part of the suspension: when another task unparks this one during a recorded
 * wait, the Suspend carries that task's id ({@code wakerId}) and the time from the wake-up to
 * the end ({@code readyNanos}); the wake-up time is end minus {@code readyNanos}. No separate
 * {@code blockscope.Unpark} is written for it.
 */
public abstract class AbstractSuspendEvent extends jdk.jfr.Event {

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

    // Carriers are Java thread ids, not Thread fields: each Thread field costs JFR a native
    // JVM.getThreadId call per commit; blockscope.Carrier names each carrier once instead.
    @Label("Carrier Id") @Description("Java thread id of the carrier that ran the virtual thread when it blocked, 0 if none")
    public long carrierId;

    @Label("Resume Carrier Id") @Description("Java thread id of the carrier that ran the virtual thread when it resumed, 0 if none")
    public long resumeCarrierId;

    @Label("Waker Id") @Description("Java thread id of the task that woke this one (LockSupport.unpark), 0 if unknown or not a task")
    public long wakerId;

    @Label("Ready Time") @Timespan(Timespan.NANOSECONDS)
    @Description("From the wake-up (unpark) to the end of the suspension (the wait for a carrier), at least 1; 0 if no wake-up was recorded")
    public long readyNanos;

    @Label("Timeout") @Timespan(Timespan.NANOSECONDS) @Description("Timeout of the wait, 0 if none")
    public long timeout;
}
