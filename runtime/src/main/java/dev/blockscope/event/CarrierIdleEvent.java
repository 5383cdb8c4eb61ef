package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.CarrierIdle}: carrier thread {@code carrier} of the virtual-thread scheduler
 * waited for work, with no virtual thread mounted, from {@code startNanos} to {@code endNanos}
 * (epoch nanoseconds, the time base of event start times, as in {@link OpenSuspendEvent}). It is
 * the carrier's own suspension with reason {@link Reason#CARRIER_IDLE}; readers treat it as a
 * {@code blockscope.Suspend} of the carrier thread.
 *
 * <p>Why not a Suspend committed by the carrier itself: on JDK 25 a JFR event committed by a
 * carrier thread between the virtual threads it runs was mostly lost (measured: 0 of 5, 5 of
 * about 65), so the agent measures the wait on the carrier and JFR's own periodic thread commits
 * it (each second and at every chunk end). The event thread is therefore JFR's, not the carrier.
 */
@Name("blockscope.CarrierIdle")
@Label("Carrier Idle")
@Category({"blockscope", "Tasks"})
@Description("A carrier thread waited for work in the virtual-thread scheduler")
@StackTrace(false)
@Period("1 s")
public final class CarrierIdleEvent extends jdk.jfr.Event {
    @Label("Carrier") @Description("The carrier thread that waited")
    public Thread carrier;

    @Label("Start Nanos") @Description("When the wait began, in nanoseconds since the epoch")
    public long startNanos;

    @Label("End Nanos") @Description("When the wait ended, in nanoseconds since the epoch")
    public long endNanos;
}
