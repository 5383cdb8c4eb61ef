package dev.blockscope.agent.bridge;

import dev.blockscope.event.SuspendEvent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * The clock of a task's suspensions, read once at each end of a suspension and once per wake-up.
 *
 * <p>A clock reading costs 35 to 90 ns on the machines blockscope is measured on, and with
 * {@code Event.begin()}/{@code end()} a recorded hand-off read it five times (JFR's two, and the
 * agent's own at entry, wake-up and exit for its stack policy and ready time). Here the agent
 * reads JFR's own clock ({@code jdk.jfr.internal.JVM.counterTime()}, exported to the bridge by
 * the agent) and writes the readings into the {@code startTime} and {@code duration} fields that
 * JFR adds to every event class, so one reading serves the agent and the event: three readings
 * per hand-off, at any stack policy.
 *
 * <p>{@code counterTime()} is a JNI call: a thread-state transition and a local handle for its
 * class on every reading, which made the three readings a quarter of a recorded hand-off's CPU.
 * Where JFR's ticks are nanoseconds (always, unless the JVM runs with fast unordered time
 * stamps), they are the JVM's monotonic nanosecond clock minus a constant, the value it read at
 * start (HotSpot's {@code os::elapsed_counter}): so the agent learns that constant once, by
 * reading both clocks back to back, and then reads {@code System.nanoTime()}, a compiler
 * intrinsic, and subtracts it. The constant is known to within the time between two readings
 * ({@link #OFFSET_UNCERTAINTY}, tens of nanoseconds).
 *
 * <p>When JFR's internals are missing (another JDK's), or {@code -Dblockscope.jfrClock=false} is
 * given, {@link #EXPLICIT} is false: the clock is {@code System.nanoTime()} and the events time
 * themselves with {@code begin()}/{@code end()}.
 */
final class SuspendTiming {
    private SuspendTiming() {}

    private static final MethodHandle COUNTER;
    private static final VarHandle STACKED_START;
    private static final VarHandle STACKED_DURATION;
    /** True when {@link #now} is JFR's clock and {@link #set} writes the events' own times. */
    static final boolean EXPLICIT;
    /** Clock units per second: 1e9 for nanoseconds (JFR's ticks are, unless fast timestamps are on). */
    private static final long FREQUENCY;
    /**
     * {@code System.nanoTime()} minus JFR's ticks, when those are nanoseconds and the two were
     * found to differ by a constant; else {@link Long#MIN_VALUE} (read JFR's clock itself).
     */
    private static final long NANO_OFFSET;
    /** How far {@link #NANO_OFFSET} may be off, in nanoseconds (-1 when not used). */
    static final long OFFSET_UNCERTAINTY;

    static {
        MethodHandle counter = null;
        VarHandle ss = null;
        VarHandle sd = null;
        long frequency = 1_000_000_000L;
        try {
            if ("false".equals(System.getProperty("blockscope.jfrClock"))) {
                throw new IllegalStateException("switched off by -Dblockscope.jfrClock=false");
            }
            Class<?> jvm = Class.forName("jdk.jfr.internal.JVM", false, null);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle c = lookup.findStatic(jvm, "counterTime", MethodType.methodType(long.class));
            long f = (long) lookup.findStatic(jvm, "getTicksFrequency", MethodType.methodType(long.class)).invokeExact();
            MethodHandles.Lookup stacked = MethodHandles.privateLookupIn(SuspendEvent.class, lookup);
            ss = stacked.findVarHandle(SuspendEvent.class, "startTime", long.class);
            sd = stacked.findVarHandle(SuspendEvent.class, "duration", long.class);
            long t = (long) c.invokeExact(); // proves the export reached this module
            if (f > 0 && t != 0) {
                counter = c;
                frequency = f;
            }
        } catch (Throwable e) {
            counter = null;
        }
        EXPLICIT = counter != null;
        COUNTER = counter;
        long[] offset = EXPLICIT && frequency == 1_000_000_000L ? nanoOffset(counter) : null;
        NANO_OFFSET = offset == null ? Long.MIN_VALUE : offset[0];
        OFFSET_UNCERTAINTY = offset == null ? -1 : offset[1];
        STACKED_START = EXPLICIT ? ss : null;
        STACKED_DURATION = EXPLICIT ? sd : null;
        FREQUENCY = EXPLICIT ? frequency : 1_000_000_000L;
    }

    /**
     * The offset of JFR's nanosecond ticks from {@code System.nanoTime()} and how well it is
     * known, or null when they do not differ by a constant (then the JFR clock is read itself).
     * Each pair of JFR readings around a {@code nanoTime()} bounds the offset from both sides; the
     * tightest bounds of many such readings give it.
     */
    private static long[] nanoOffset(MethodHandle counter) {
        try {
            long low = Long.MIN_VALUE;
            long high = Long.MAX_VALUE;
            for (int i = 0; i < 200; i++) {
                long before = (long) counter.invokeExact();
                long nano = System.nanoTime();
                long after = (long) counter.invokeExact();
                low = Math.max(low, nano - after);
                high = Math.min(high, nano - before);
            }
            if (low > high || high - low > 10_000) {
                return null; // not one clock: read JFR's
            }
            return new long[] {(low + high) / 2, (high - low + 1) / 2};
        } catch (Throwable e) {
            return null;
        }
    }

    /** The suspension clock now: JFR's ticks, or System.nanoTime() when {@link #EXPLICIT} is false. */
    static long now() {
        if (NANO_OFFSET != Long.MIN_VALUE) {
            return System.nanoTime() - NANO_OFFSET;
        }
        if (COUNTER != null) {
            try {
                return (long) COUNTER.invokeExact();
            } catch (Throwable e) {
                AgentCounters.ERRORS.increment();
            }
        }
        return System.nanoTime();
    }

    /** Clock units per second. */
    static long frequency() {
        return FREQUENCY;
    }

    /** A span of the clock in nanoseconds. */
    static long toNanos(long span) {
        return FREQUENCY == 1_000_000_000L ? span : (long) (span * (1e9 / FREQUENCY));
    }

    /**
     * A reading of the clock as nanoseconds since the epoch, given the clock and the wall clock
     * read together now ({@code nowReading}, {@code nowEpochNanos}).
     */
    static long epochNanos(long reading, long nowReading, long nowEpochNanos) {
        return nowEpochNanos - toNanos(nowReading - reading);
    }

    /** Nanoseconds in units of the clock. */
    static long fromNanos(long nanos) {
        if (nanos == Long.MAX_VALUE || FREQUENCY == 1_000_000_000L) {
            return nanos;
        }
        return (long) (nanos * (FREQUENCY / 1e9));
    }

    /**
     * Starts timing the stacked event of a suspension at entry (only when not {@link #EXPLICIT},
     * and only while stacks may be taken at all).
     */
    static void begin(TaskState s) {
        if (StackBudget.thresholdNanos() >= 0) {
            s.stacked().begin();
        }
    }

    /**
     * Gives {@code ev} the suspension's times: the readings at entry and exit when
     * {@link #EXPLICIT}, else its own {@code end()}.
     */
    static void set(SuspendEvent ev, long began, long ended) {
        if (!EXPLICIT) {
            ev.end();
            return;
        }
        // a zero duration would make JFR read its clock again at commit: the reading is finer
        // than any suspension, so a zero can only come from a coarse clock
        long duration = Math.max(1, ended - began);
        STACKED_START.set(ev, began);
        STACKED_DURATION.set(ev, duration);
    }
}
