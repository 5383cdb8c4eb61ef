package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.AgentStats}: periodic, cumulative counters of the agent itself, so a report
 * can say what recording cost: events committed by kind, events skipped (below threshold or
 * lost), probe errors swallowed to protect the application.
 */
@Name("blockscope.AgentStats")
@Label("blockscope Agent Statistics")
@Category({"blockscope", "Agent"})
@Period("1 s")
@StackTrace(false)
public final class AgentStatsEvent extends jdk.jfr.Event {
    @Label("Suspend Events") public long suspends;
    @Label("Wake-ups") @Description("Suspend events that carry their wake-up (waker and ready time)") public long unparks;
    @Label("Task Events") public long taskEvents;
    @Label("Below Threshold") @Description("Suspensions shorter than the threshold, not recorded") public long belowThreshold;
    @Label("Stacks Taken") public long stacks;
    @Label("Probe Errors") @Description("Exceptions inside probes, swallowed") public long errors;
    @Label("Startup Time") @Description("The agent's start: with -javaagent, how long premain held up the application (with startup=now, until the probes were live); on attach, until the probes were live, while the application ran")
    @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS) public long startupNanos;
    @Label("Recording Bytes") @Description("JFR's recording and blockscope's own chunks so far") @DataAmount public long bytes;
    @Label("Stacks Refused") @Description("Waits that qualified for a stack after the second's stack budget (stackrate=) ran out")
    public long stacksRefused;
    @Label("Stack Threshold") @Description("The shortest wait that may get a stack now: stacks=, raised while the budget runs out; -1 for no stacks")
    @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS) public long stackThresholdNanos;
    @Label("Events Dropped") @Description("Events not recorded because every buffer was full (the recording could not keep up)")
    public long dropped;
    @Label("Recording Since") @Description("When the agent began recording: what the file holds may begin later (maxsize=, the disk bound)")
    @jdk.jfr.Timestamp(jdk.jfr.Timestamp.MILLISECONDS_SINCE_EPOCH) public long recordingSince;
    @Label("Chunks Dropped") @Description("The agent's own chunks deleted to keep within maxsize=, with every event in them")
    public long chunksDropped;
    @Label("Bytes Dropped") @Description("The size of the chunks dropped") @DataAmount public long bytesDropped;
    @Label("Dropped Until") @Description("The end of the last chunk dropped: the agent's own events before it are not in the file")
    @jdk.jfr.Timestamp(jdk.jfr.Timestamp.MILLISECONDS_SINCE_EPOCH) public long droppedUntil;
    @Label("Stopped Because") @Description("Why the agent stopped recording before it was asked to (the disk bound), else empty")
    public String stopReason;
}
