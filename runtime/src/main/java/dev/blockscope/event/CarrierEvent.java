package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.Carrier}: names a carrier thread whose Java thread id other events carry
 * ({@code carrierId}, {@code resumeCarrierId}). Every chunk of the agent's own ends with one
 * per live carrier it has seen (event thread and {@code carrier} both the carrier), so each chunk
 * names the carriers it refers to (with {@code maxsize=} early chunks are deleted), and names the
 * ids the suspensions with a stack in JFR's chunks carry. A thread id per suspension instead of a
 * {@code Thread} field is the point: it is a field read, where JFR resolves each {@code Thread}
 * field with a native call.
 */
@Name("blockscope.Carrier")
@Label("Carrier Thread")
@Category({"blockscope", "Tasks"})
@Description("A carrier thread, named once; other events refer to it by its Java thread id")
@StackTrace(false)
public final class CarrierEvent extends jdk.jfr.Event {
    @Label("Carrier") @Description("The carrier thread (its Java thread id is what carrierId fields hold)")
    public Thread carrier;
}
