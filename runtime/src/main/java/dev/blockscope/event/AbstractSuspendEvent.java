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

    @Label("Carrier") @Description("Carrier thread that ran the virtual thread when it blocked")
    public Thread carrier;

    @Label("Resume Carrier") @Description("Carrier thread that ran the virtual thread when it resumed")
    public Thread resumeCarrier;

    @Label("Timeout") @Timespan(Timespan.NANOSECONDS) @Description("Timeout of the wait, -1 if none")
    public long timeout = -1;
}
