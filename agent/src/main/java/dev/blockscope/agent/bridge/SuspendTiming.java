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
 * ({@link #offsetUncertainty}, tens of nanoseconds).
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
     * {@code System.nanoTime()} minus JFR's ticks, once {@link #calibrate} found the two to differ
     * by a constant; until then, or if they do not, {@link Long#MIN_VALUE} (read JFR's clock
     * itself). Both give JFR's ticks, so readings taken before and after it was set mix freely.
     */
    private static long nanoOffset = Long.MIN_VALUE;
    /** How far {@link #nanoOffset} may be off, in nanoseconds (-1 while not used). */
    private static volatile long offsetUncertainty = -1;

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
        STACKED_START = EXPLICIT ? ss : null;
        STACKED_DURATION = EXPLICIT ? sd : null;
        FREQUENCY = EXPLICIT ? frequency : 1_000_000_000L;
    }

    /**
     * Learns the offset of JFR's nanosecond ticks from {@code System.nanoTime()}, after which
     * {@link #now} reads the cheaper clock. Not in the class's initialization: on a cold JVM the
     * readings cost milliseconds, which a JVM's start would wait for; the agent's chunk writer
     * calls this on its own thread, two seconds after it started.
     */
    static void calibrate() {
        if (COUNTER == null || FREQUENCY != 1_000_000_000L || nanoOffset != Long.MIN_VALUE) {
            return;
        }
        long[] offset = nanoOffset(COUNTER);
        if (offset != null) {
            offsetUncertainty = offset[1];
            nanoOffset = offset[0];
        }
    }

    /** How far the agent's clock may be from JFR's, in nanoseconds, or -1 when it is JFR's own. */
    static long offsetUncertainty() {
        return offsetUncertainty;
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
            for (int i = 0; i < 1000; i++) {
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
        long offset = nanoOffset;
        if (offset != Long.MIN_VALUE) {
            return System.nanoTime() - offset;
        }
        if (COUNTER != null) {
            try {
                return (long) COUNTER.invokeExact();
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.CLOCK, e);
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
