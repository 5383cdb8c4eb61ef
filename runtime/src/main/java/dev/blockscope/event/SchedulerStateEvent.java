package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.SchedulerState}: periodic sample of the virtual-thread scheduler (the
 * carrier pool): target parallelism, carriers that exist, carriers running tasks, and tasks
 * queued for a carrier. A pool larger than its parallelism has compensated for carriers
 * blocked in the JDK (file I/O, {@code Object.wait} on older JDKs).
 */
@Name("blockscope.SchedulerState")
@Label("Virtual Thread Scheduler State")
@Category({"blockscope", "Scheduler"})
@Period("1 s")
@StackTrace(false)
public final class SchedulerStateEvent extends jdk.jfr.Event {
    @Label("Parallelism") public int parallelism;
    @Label("Pool Size") public int poolSize;
    @Label("Active Carriers") public int active;
    @Label("Running Carriers") public int running;
    @Label("Queued Tasks") public long queued;
    @Label("Steals") public long steals;
}
