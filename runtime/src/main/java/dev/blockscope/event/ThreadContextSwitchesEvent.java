package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.ThreadContextSwitches}: periodic sample, one per OS thread of the process,
 * of the kernel's cumulative context-switch counters ({@code /proc/self/task/TID/status}).
 * Differences between two samples of the same {@code osThreadId} give the rate.
 */
@Name("blockscope.ThreadContextSwitches")
@Label("OS Thread Context Switches")
@Category({"blockscope", "Scheduler"})
@Period("1 s")
@StackTrace(false)
public final class ThreadContextSwitchesEvent extends jdk.jfr.Event {
    @Label("OS Thread Id") public long osThreadId;
    @Label("Thread Name") @Description("Name the kernel knows (15 characters at most)") public String osThreadName;
    @Label("Voluntary") @Description("Cumulative voluntary context switches") public long voluntary;
    @Label("Involuntary") @Description("Cumulative involuntary context switches") public long involuntary;
}
