package dev.blockscope.bench;

import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A stand-in for {@code blockscope.Suspend} without a stack, with the same field shapes (two
 * strings, a class, an int, a boolean, five longs), committed by {@link HandOff} itself in its
 * {@code commit} modes: what one in-context JFR commit per hand-off costs with no agent at all,
 * the floor under the agent's own cost. Enabled with threshold 0 by default, so any running
 * recording records it.
 */
@Name("blockscope.bench.FloorSuspend")
@StackTrace(false)
final class FloorSuspendEvent extends jdk.jfr.Event {
    String reason;
    Class<?> blockerClass;
    int blockerId;
    boolean pinned;
    String pinReason;
    long carrierId;
    long resumeCarrierId;
    long wakerId;
    long readyNanos = -1;
    long timeout = -1;
}
