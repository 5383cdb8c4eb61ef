package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.CarrierIdle}: a carrier thread of the virtual-thread scheduler (the event
 * thread) waited for work, with no virtual thread mounted, from the event's start to its end. It
 * is the carrier's own suspension with reason {@link Reason#CARRIER_IDLE}; readers treat it as a
 * {@code blockscope.Suspend} of the carrier thread. The carrier writes it into the agent's own
 * chunks when it has work again.
 *
 * <p>Agents before 0.2 committed it through JFR from JFR's periodic thread (events a carrier
 * committed itself between the virtual threads it ran were mostly lost on JDK 25), with the
 * carrier in a field {@code carrier} and the wait in {@code startNanos} and {@code endNanos}
 * (epoch nanoseconds); the analyzer reads both shapes.
 */
@Name("blockscope.CarrierIdle")
@Label("Carrier Idle")
@Category({"blockscope", "Tasks"})
@Description("A carrier thread waited for work in the virtual-thread scheduler")
@StackTrace(false)
public final class CarrierIdleEvent extends jdk.jfr.Event {
}
