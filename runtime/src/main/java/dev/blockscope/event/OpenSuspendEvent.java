package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.OpenSuspend}: task {@code taskId} was suspended when a chunk of the recording
 * ended, so no {@link SuspendEvent} for that suspension is in the chunk. The agent writes one per
 * suspended task at the end of every chunk of its own, the last one included (JVM exit, end of
 * {@code duration}, {@code attach --stop}); its event thread is the task (agents before 0.2
 * committed it from JFR's thread, so readers use {@code taskId}). The suspension ran from
 * {@code startNanos} (epoch nanoseconds, the same time base as event start times) to at least
 * this event's start time. A later {@code blockscope.Suspend} of the same task that starts at
 * that time (within clock precision) or later supersedes it: only an OpenSuspend with no later
 * event of its task is still open at the end of the recording.
 */
@Name("blockscope.OpenSuspend")
@Label("Open Suspension")
@Category({"blockscope", "Tasks"})
@Description("A task still suspended when a recording chunk ended")
@StackTrace(false)
public final class OpenSuspendEvent extends jdk.jfr.Event {
    @Label("Task Id") @Description("Java thread id of the suspended task")
    public long taskId;

    @Label("Task Is Virtual")
    public boolean taskVirtual;

    @Label("Reason") @Description("Reason code, see dev.blockscope.event.Reason")
    public String reason;

    @Label("Pinned") @Description("A virtual thread waits while holding its carrier thread")
    public boolean pinned;

    @Label("Pin Reason") @Description("Why the carrier stays held (from the JDK), or null")
    public String pinReason;

    @Label("Carrier Id") @Description("Java thread id of the carrier that ran the virtual thread when it blocked (see blockscope.Carrier), 0 if none")
    public long carrierId;

    @Label("Start Nanos")
    @Description("When the suspension began, in nanoseconds since the epoch (see the class documentation)")
    public long startNanos;
}
