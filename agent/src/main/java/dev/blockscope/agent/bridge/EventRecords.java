package dev.blockscope.agent.bridge;

/**
 * Encodes blockscope's events into the writer's {@link EventBuffer}, in the field order of
 * {@link ChunkSchema}: no JFR event object, no commit, no native call. Times are ticks of
 * {@link SuspendTiming#now}, JFR's own clock, as in the JDK's chunks; threads
 * are Java thread ids, which the chunk's thread pool names; strings and classes are ids of
 * {@link ConstantIds} tables, which the chunk's pools resolve.
 *
 * <p>Each method returns false when the record could not be written (no buffer left under the
 * memory cap): the caller counts it as dropped.
 */
final class EventRecords {
    private EventRecords() {}

    /** Reasons and pin reasons, written through the chunk's string pool. */
    static final ConstantIds STRINGS = new ConstantIds();
    /** Blocker classes, written through the chunk's class pool. */
    static final ConstantIds CLASSES = new ConstantIds();

    /** Records dropped because no buffer was left (the memory cap); said in the recording. */
    static final java.util.concurrent.atomic.LongAdder DROPPED = new java.util.concurrent.atomic.LongAdder();

    /**
     * The buffer {@code s}'s records go into now: its carrier's for a virtual thread (the
     * carrier's state, {@code carrier}), its own for any other thread. Marks it in use; the
     * caller must {@link #done} it. Null when none could be had (the memory cap).
     */
    private static EventBuffer open(TaskState s, TaskState carrier) {
        TaskState owner = carrier != null ? carrier : s;
        EventBuffer b = owner.buffer;
        if (b != null && b.writing) {
            // another writer on this carrier is half-way through a record (only if a virtual
            // thread could unmount inside the bridge): this thread writes into a buffer of its own
            owner = s;
            b = s.buffer;
        }
        if (b == null || !b.hasRoom()) {
            if (b != null) {
                EventBuffers.retire(b);
            }
            b = EventBuffers.acquire(owner.thread, owner.carrierThread);
            owner.buffer = b;
            if (b == null) {
                DROPPED.increment();
                return null;
            }
        }
        b.writing = true;
        return b;
    }

    private static void done(EventBuffer b, int end) {
        b.commit(end);
        b.writing = false;
    }

    private static int header(byte[] d, int at, long type, long start, long duration, long thread) {
        at++; // the size, written by finish
        at = EventBuffer.putLong(d, at, type);
        at = EventBuffer.putLong(d, at, start);
        at = EventBuffer.putLong(d, at, duration);
        return EventBuffer.putLong(d, at, thread);
    }

    private static int reasonId(TaskState s, String reason) {
        if (reason != s.lastReason) {
            s.lastReasonId = STRINGS.id(reason);
            s.lastReason = reason;
        }
        return s.lastReasonId;
    }

    private static int classId(TaskState s, Class<?> c) {
        if (c != s.lastBlockerClass) {
            s.lastBlockerClassId = CLASSES.id(c);
            s.lastBlockerClass = c;
        }
        return s.lastBlockerClassId;
    }

    /** A {@code blockscope.Suspend} of task {@code s} from {@code began} to {@code ended}. */
    static boolean suspend(TaskState s, TaskState carrier, long began, long ended, Class<?> blockerClass, int blockerId,
                           long resumeCarrierId, long wakerId, long readyNanos) {
        EventBuffer b = open(s, carrier);
        if (b == null) {
            return false;
        }
        byte[] d = b.data;
        int start = b.pos;
        int at = header(d, start, ChunkSchema.SUSPEND, began, ended - began, s.threadId);
        at = EventBuffer.putPooledString(d, at, reasonId(s, s.reason));
        at = EventBuffer.putLong(d, at, classId(s, blockerClass));
        at = EventBuffer.putLong(d, at, blockerId & 0xFFFFFFFFL);
        d[at++] = (byte) (s.pinned ? 1 : 0);
        at = EventBuffer.putPooledString(d, at, STRINGS.id(s.pinReason));
        at = EventBuffer.putLong(d, at, s.carrierId);
        at = EventBuffer.putLong(d, at, resumeCarrierId);
        at = EventBuffer.putLong(d, at, wakerId);
        at = EventBuffer.putLong(d, at, readyNanos);
        at = EventBuffer.putLong(d, at, Math.max(0, s.timeout)); // 0: none (the probes pass -1)
        done(b, EventBuffer.finish(d, start, at));
        return true;
    }

    /**
     * A monitor entry the carriers measured for {@code s} (no blocker, waker or timeout known),
     * written by the task itself when it drains them.
     */
    static boolean monitorEntry(TaskState s, TaskState carrier, String reason, long began, long ended, long carrierId,
                                long resumeCarrierId) {
        EventBuffer b = open(s, carrier);
        if (b == null) {
            return false;
        }
        byte[] d = b.data;
        int start = b.pos;
        int at = header(d, start, ChunkSchema.SUSPEND, began, ended - began, s.threadId);
        at = EventBuffer.putPooledString(d, at, STRINGS.id(reason));
        at = EventBuffer.putLong(d, at, 0); // blocker class
        at = EventBuffer.putLong(d, at, 0); // blocker id
        d[at++] = 0; // pinned
        d[at++] = EventBuffer.STRING_NULL; // pin reason
        at = EventBuffer.putLong(d, at, carrierId);
        at = EventBuffer.putLong(d, at, resumeCarrierId);
        at = EventBuffer.putLong(d, at, 0); // waker
        at = EventBuffer.putLong(d, at, 0); // ready time: none recorded
        at = EventBuffer.putLong(d, at, 0); // timeout: none
        done(b, EventBuffer.finish(d, start, at));
        return true;
    }

    /** A {@code blockscope.TaskStart} of {@code s} at {@code now}. */
    static boolean taskStart(TaskState s, TaskState carrier, long now, long parentId, long carrierId) {
        EventBuffer b = open(s, carrier);
        if (b == null) {
            return false;
        }
        byte[] d = b.data;
        int start = b.pos;
        int at = header(d, start, ChunkSchema.TASK_START, now, 0, s.threadId);
        d[at++] = (byte) (s.virtual ? 1 : 0);
        at = EventBuffer.putLong(d, at, parentId);
        at = EventBuffer.putLong(d, at, carrierId);
        done(b, EventBuffer.finish(d, start, at));
        return true;
    }

    /** A {@code blockscope.TaskEnd} of {@code s} at {@code now}. */
    static boolean taskEnd(TaskState s, TaskState carrier, long now, boolean failed) {
        EventBuffer b = open(s, carrier);
        if (b == null) {
            return false;
        }
        byte[] d = b.data;
        int start = b.pos;
        int at = header(d, start, ChunkSchema.TASK_END, now, 0, s.threadId);
        d[at++] = (byte) (failed ? 1 : 0);
        at = EventBuffer.putLong(d, at, 0); // ended after: the end as it happened
        done(b, EventBuffer.finish(d, start, at));
        return true;
    }

    /**
     * A {@code blockscope.TaskEnd} of thread {@code threadId}, found ended at {@code now} and alive
     * at {@code aliveNanos} (epoch nanos): the record's bytes, for the chunk writer's own use.
     */
    static byte[] taskEndFound(long threadId, long now, long aliveNanos) {
        byte[] d = new byte[64];
        int at = header(d, 0, ChunkSchema.TASK_END, now, 0, threadId);
        d[at++] = 0;
        at = EventBuffer.putLong(d, at, Math.max(1, aliveNanos));
        return java.util.Arrays.copyOf(d, EventBuffer.finish(d, 0, at));
    }

    /** A {@code blockscope.CarrierIdle}: carrier {@code c} waited for work from {@code began} to {@code ended}. */
    static boolean carrierIdle(TaskState c, long began, long ended) {
        EventBuffer b = open(c, null);
        if (b == null) {
            return false;
        }
        byte[] d = b.data;
        int start = b.pos;
        int at = header(d, start, ChunkSchema.CARRIER_IDLE, began, ended - began, c.threadId);
        done(b, EventBuffer.finish(d, start, at));
        return true;
    }
}
