package dev.blockscope.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Sets a {@link FloorSuspendEvent}'s own {@code startTime} and {@code duration} (the fields JFR
 * adds to every event class) from readings taken elsewhere, as the agent's bridge does, so the
 * commit reads no clock. The readings here are {@code System.nanoTime()}, which on Linux differs
 * from JFR's ticks by a constant: the durations are right, the start times shifted, which the
 * floor measurement does not care about.
 */
final class ExplicitTimes {
    private ExplicitTimes() {}

    private static final VarHandle START;
    private static final VarHandle DURATION;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(FloorSuspendEvent.class, MethodHandles.lookup());
            START = l.findVarHandle(FloorSuspendEvent.class, "startTime", long.class);
            DURATION = l.findVarHandle(FloorSuspendEvent.class, "duration", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static void set(FloorSuspendEvent ev, long began, long ended) {
        START.set(ev, began);
        DURATION.set(ev, Math.max(1, ended - began));
    }
}
