package dev.blockscope.agent.bridge;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The flight recorder's triggers ({@code dumpon=}), checked where the agent sees each suspension
 * anyway: the chunk writer's sweep decodes the records it copies (off the tasks' threads), and a
 * suspension committed to JFR with a stack is checked by its task after the commit. Nothing here
 * runs unless {@link #armed}. A match is kept until the flight recorder's thread takes it (one at
 * a time: later matches meanwhile are dropped, the recorder rate-limits its dumps anyway).
 *
 * <p>Rules, as the agent side passes them (JDK types only): kind {@code pinned} (a wait that held
 * its carrier at least that long), {@code wait} (a wait of the reason, a prefix of it, or any
 * when null, at least that long; a carrier's idling is never one) or {@code latency} (a woken task
 * waited at least that long for a carrier).
 */
public final class FlightTriggers {
    private FlightTriggers() {}

    /** Whether any rule is set. */
    static volatile boolean armed;
    private static volatile String[] kinds = new String[0];
    private static volatile String[] reasons = new String[0];
    private static volatile String[] names = new String[0];
    /** Durations in ticks ({@code pinned}, {@code wait}) or nanos ({@code latency}). */
    private static volatile long[] limits = new long[0];
    /** The smallest duration limit in ticks: shorter records are not decoded further. */
    private static volatile long shortestTicks = Long.MAX_VALUE;
    private static final AtomicReference<String[]> PENDING = new AtomicReference<>();
    private static volatile Thread waiter;

    /**
     * Sets the rules ({@code names[i]} is how rule i is spelled, for the dump's trigger event) and
     * the thread to wake on a match.
     */
    public static void arm(String[] ruleNames, String[] ruleKinds, String[] ruleReasons, long[] nanos, Thread wake) {
        long[] l = new long[nanos.length];
        long shortest = Long.MAX_VALUE;
        for (int i = 0; i < nanos.length; i++) {
            l[i] = ruleKinds[i].equals("latency") ? nanos[i] : SuspendTiming.fromNanos(nanos[i]);
            shortest = ruleKinds[i].equals("latency") ? 0 : Math.min(shortest, l[i]);
        }
        names = ruleNames.clone();
        kinds = ruleKinds.clone();
        reasons = ruleReasons.clone();
        limits = l;
        shortestTicks = shortest;
        waiter = wake;
        armed = nanos.length > 0;
    }

    /** No more checks. */
    public static void disarm() {
        armed = false;
        waiter = null;
        PENDING.set(null);
    }

    /** The match not yet taken, as {trigger, detail, taskId, taskName, taskVirtual, waitNanos, seenAt (System.nanoTime())}, or null. */
    public static String[] take() {
        return PENDING.getAndSet(null);
    }

    /** Checks the Suspend records of {@code d[from, to)} (the chunk writer's copy). */
    static void records(byte[] d, int from, int to) {
        long[] read = new long[2];
        long shortest = shortestTicks;
        for (int at = from; at < to; ) {
            int size = (int) ChunkRecorder.readLong(d, at, read);
            if (size <= 0 || at + size > to) {
                return;
            }
            long type = ChunkRecorder.readLong(d, (int) read[1], read);
            if (type == ChunkSchema.SUSPEND) {
                ChunkRecorder.readLong(d, (int) read[1], read); // start
                long duration = ChunkRecorder.readLong(d, (int) read[1], read);
                long thread = ChunkRecorder.readLong(d, (int) read[1], read);
                if (duration >= shortest || shortest == 0) {
                    check(d, (int) read[1], read, duration, thread);
                }
            }
            at += size;
        }
    }

    /** The fields after a Suspend's thread at {@code at}: reason, blocker class and id, pinned, pin reason, carriers, waker, ready time. */
    private static void check(byte[] d, int at, long[] read, long durationTicks, long thread) {
        String reason = pooled(d, at, read);
        at = (int) read[1];
        ChunkRecorder.readLong(d, at, read); // blocker class
        ChunkRecorder.readLong(d, (int) read[1], read); // blocker id
        at = (int) read[1];
        boolean pinned = d[at++] != 0;
        String pinReason = pooled(d, at, read);
        ChunkRecorder.readLong(d, (int) read[1], read); // carrier
        ChunkRecorder.readLong(d, (int) read[1], read); // resume carrier
        ChunkRecorder.readLong(d, (int) read[1], read); // waker
        long ready = ChunkRecorder.readLong(d, (int) read[1], read);
        match(reason, pinned, pinReason, durationTicks, ready, thread, null);
    }

    /** A string field written through the pool (or null), as {@link EventBuffer#putPooledString} writes it. */
    private static String pooled(byte[] d, int at, long[] read) {
        if (d[at] == EventBuffer.STRING_POOL) {
            long id = ChunkRecorder.readLong(d, at + 1, read);
            Object[] values = EventRecords.STRINGS.values();
            return id >= 1 && id <= values.length ? (String) values[(int) id - 1] : null;
        }
        read[1] = at + 1;
        return null;
    }

    /** A suspension of {@code s} committed to JFR with its stack (not in the records): checked by its task. */
    static void suspension(TaskState s, long durationTicks, long readyNanos) {
        match(s.reason, s.pinned, s.pinReason, durationTicks, readyNanos, s.threadId, s.thread);
    }

    private static void match(String reason, boolean pinned, String pinReason, long durationTicks, long readyNanos, long taskId,
                              Thread task) {
        if (PENDING.get() != null || reason == null || reason.equals("carrier.idle")) {
            return;
        }
        String[] k = kinds;
        long[] l = limits;
        for (int i = 0; i < k.length; i++) {
            boolean hit = switch (k[i]) {
                case "pinned" -> pinned && durationTicks >= l[i];
                case "wait" -> durationTicks >= l[i] && (reasons[i] == null || reason.equals(reasons[i])
                        || reason.startsWith(reasons[i] + "."));
                case "latency" -> readyNanos >= l[i];
                default -> false;
            };
            if (hit) {
                long waitNanos = k[i].equals("latency") ? readyNanos : SuspendTiming.toNanos(durationTicks);
                String detail = (k[i].equals("latency") ? "woken from " + reason + ", waited " + waitNanos / 1_000 + " us for a carrier"
                        : reason + " " + waitNanos / 1_000 + " us" + (pinned ? ", pinned (" + pinReason + ")" : "")) + ", task " + taskId;
                Thread t = task != null ? task : threadOf(taskId);
                String[] m = {names[i], detail, Long.toString(taskId), t == null ? null : t.getName(),
                        Boolean.toString(t != null && t.isVirtual()), Long.toString(waitNanos), Long.toString(System.nanoTime())};
                if (PENDING.compareAndSet(null, m)) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
                return;
            }
        }
    }

    /** A live task by id, from the registry (null when it ended). */
    private static Thread threadOf(long id) {
        for (TaskState s : OpenSuspensions.live()) {
            if (s.threadId == id) {
                return s.thread;
            }
        }
        return null;
    }
}
