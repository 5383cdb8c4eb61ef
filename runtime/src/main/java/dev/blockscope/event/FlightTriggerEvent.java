package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code blockscope.FlightTrigger}: why the agent's flight recorder ({@code flight=},
 * {@code dumpon=}) wrote a dump, committed by the agent when it saw the trigger (within the
 * chunk writer's sweep, 100 ms, of the wait's end), so the dump names its own reason. The task is
 * the one whose wait fired it (0 for {@code attach --dump} and the like).
 */
@Name("blockscope.FlightTrigger")
@Label("Flight Recorder Trigger")
@Category({"blockscope", "Agent"})
@Description("The flight recorder wrote a dump of its window because of this trigger")
@StackTrace(false)
public final class FlightTriggerEvent extends jdk.jfr.Event {
    @Label("Trigger") @Description("The dumpon= rule that fired, such as pinned>20ms, or attach --dump")
    public String trigger;

    @Label("Detail") @Description("What fired it: the wait's reason, length and task")
    public String detail;

    @Label("Task Id") @Description("Java thread id of the task whose wait fired it, 0 if none")
    public long taskId;

    @Label("Task Name")
    public String taskName;

    @Label("Task Is Virtual")
    public boolean taskVirtual;

    @Label("Wait") @Timespan(Timespan.NANOSECONDS) @Description("How long the wait (or, for latency>, the wait for a carrier) lasted")
    public long waitNanos;

    @Label("Dump") @Description("The number of the dump file it fired (file-N.jfr)")
    public int dump;
}
