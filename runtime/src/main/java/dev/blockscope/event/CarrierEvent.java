package dev.blockscope.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * {@code blockscope.Carrier}: names a carrier thread whose Java thread id other events carry
 * ({@code carrierId}, {@code resumeCarrierId}). The agent commits it the first time it sees that
 * carrier, and again at the start of every later chunk, so each chunk names the carriers it
 * refers to (with {@code maxsize=} early chunks are deleted). Writing a {@code Thread} field once
 * per carrier instead of twice per suspension is the point: JFR resolves each {@code Thread}
 * field with a native call.
 */
@Name("blockscope.Carrier")
@Label("Carrier Thread")
@Category({"blockscope", "Tasks"})
@Description("A carrier thread, named once; other events refer to it by its Java thread id")
@StackTrace(false)
@Period("beginChunk")
public final class CarrierEvent extends jdk.jfr.Event {
    @Label("Carrier") @Description("The carrier thread (its Java thread id is what carrierId fields hold)")
    public Thread carrier;
}
