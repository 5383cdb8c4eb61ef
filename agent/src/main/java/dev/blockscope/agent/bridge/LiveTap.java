package dev.blockscope.agent.bridge;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's events while the program runs, for listeners in this JVM (the JUnit extension,
 * {@code top}'s in-process side): every record {@link ChunkRecorder} sweeps into its chunk file is
 * also copied into each registered listener's own buffer, and a listener asks for a
 * {@linkplain #cut cut}: the recorder's thread sweeps at once and hands it one standalone JFR
 * chunk (its records since the previous cut, the carriers, the tasks still suspended as
 * {@code blockscope.OpenSuspend}, pools, metadata and header), which any JFR reader, the
 * analyzer's included, reads as it reads the recording.
 *
 * <p>A suspension that takes a stack is a JFR event, which JFR writes out about once a second:
 * while a listener is registered, the task also copies such a suspension here with its stack as
 * text ({@code blockscope.LiveSuspend}), so a cut holds every suspension that ended before it.
 *
 * <p>Nothing listening costs one volatile read per swept buffer on the recorder's thread and one
 * per suspension with a stack on the task's: the probes' hot path is unchanged. The methods a
 * listener calls take and return JDK types only: listeners live in the application's class loader
 * and reach this bootstrap class by name.
 */
public final class LiveTap {
    private LiveTap() {}

    /** Whether any listener is registered (read by the recorder's sweep and the bridge). */
    static volatile boolean listening;
    private static final Object LOCK = new Object();
    /** Registered listeners; replaced, never changed in place (read by the recorder's thread without the lock). */
    private static volatile Listener[] listeners = new Listener[0];
    /** Suspensions with a stack, encoded by their tasks, until the next sweep hands them to the listeners. */
    private static final ConcurrentLinkedQueue<ChunkBytes> STACKED = new ConcurrentLinkedQueue<>();
    /** What a listener may have waiting for its next cut; beyond it records are dropped for it, and counted. */
    static final int MAX_BYTES = 64 << 20;

    /** One listener's records since its last cut. Touched by the recorder's thread only, but for the request and result. */
    private static final class Listener {
        final ChunkBytes staging = new ChunkBytes(64 << 10);
        final ChunkRecorder.LongSet threads = new ChunkRecorder.LongSet();
        final Map<Long, ChunkPools.Named> ended = new HashMap<>();
        long startTicks;
        long startNanos;
        /** Records not kept because the listener did not cut for too long ({@link #MAX_BYTES}). */
        long dropped;
        volatile Thread waiter;
        /** A cut is asked for and no sweep has begun since. */
        volatile boolean requested;
        /** A cut was asked for before the sweep now running began: that sweep's end answers it. */
        boolean answering;
        volatile byte[] result;

        Listener() {
            restart();
        }

        void restart() {
            staging.clear();
            staging.putBytes(new byte[ChunkRecorder.HEADER_SIZE], 0, ChunkRecorder.HEADER_SIZE);
            threads.clear();
            ended.clear();
            startTicks = SuspendTiming.now();
            startNanos = epochNanos();
        }
    }

    /** Whether the agent records in this JVM, so a listener registered now gets events. */
    public static boolean recording() {
        return ChunkRecorder.running() && ProbeBridge.active();
    }

    /**
     * Registers a listener: from now on every record the agent sweeps is kept for it until its
     * next {@link #cut}. Returns its handle, or null when the agent does not record.
     */
    public static Object open() {
        return recording() ? register() : null;
    }

    /** {@link #open} without asking whether the probes record (tests drive the recorder themselves). */
    static Object register() {
        Listener l = new Listener();
        synchronized (LOCK) {
            Listener[] now = listeners;
            Listener[] more = java.util.Arrays.copyOf(now, now.length + 1);
            more[now.length] = l;
            listeners = more;
            listening = true;
        }
        return l;
    }

    /** Unregisters {@code handle}; the records kept for it are let go. */
    public static void close(Object handle) {
        synchronized (LOCK) {
            Listener[] now = listeners;
            int n = 0;
            Listener[] fewer = new Listener[now.length];
            for (Listener l : now) {
                if (l != handle) {
                    fewer[n++] = l;
                }
            }
            listeners = java.util.Arrays.copyOf(fewer, n);
            listening = n > 0;
            if (n == 0) {
                STACKED.clear();
            }
        }
    }

    /**
     * A standalone JFR chunk with every record swept for {@code handle} since its registration or
     * its last cut, after a sweep made now: everything a task wrote before this call is in it.
     * Null when the recorder did not answer within {@code timeoutMillis} or has stopped (the
     * listener stays registered in the first case).
     */
    public static byte[] cut(Object handle, long timeoutMillis) {
        Listener l = (Listener) handle;
        request(l);
        ChunkRecorder.wake();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        byte[] r;
        while ((r = l.result) == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ChunkRecorder.running() && l.requested) {
                break;
            }
            LockSupport.parkNanos(Math.min(left, 50_000_000L));
        }
        l.waiter = null;
        return l.result;
    }

    /** Asks for a cut of {@code l}, answered by the next sweep to begin (not one already under way). */
    static void request(Object handle) {
        Listener l = (Listener) handle;
        l.result = null;
        l.waiter = Thread.currentThread();
        l.requested = true;
    }

    /** The cut asked for {@code handle}, if a sweep has answered it. */
    static byte[] result(Object handle) {
        return ((Listener) handle).result;
    }

    /** Bytes of records not kept for {@code handle} because it cut too seldom (see {@link #MAX_BYTES}), since it opened. */
    public static long dropped(Object handle) {
        return ((Listener) handle).dropped;
    }

    // ---- the recorder's side ------------------------------------------------------------------

    /**
     * A sweep begins: the cuts asked for until now are answered at its end. One asked for later
     * waits for the next sweep, since this one may already have passed the buffer its task wrote
     * just before asking. On the recorder's thread.
     */
    static void sweepBegins() {
        for (Listener l : listeners) {
            if (l.requested) {
                l.requested = false;
                l.answering = true;
            }
        }
    }

    /** The records {@code d[from, to)} were swept into the recording: each listener keeps a copy. */
    static void copied(byte[] d, int from, int to) {
        Listener[] ls = listeners;
        if (ls.length == 0) {
            return;
        }
        long[] read = new long[2];
        for (int at = from; at < to; ) {
            int size = (int) ChunkRecorder.readLong(d, at, read);
            if (size <= 0 || at + size > to) {
                break;
            }
            ChunkRecorder.readLong(d, (int) read[1], read); // type
            ChunkRecorder.readLong(d, (int) read[1], read); // start
            ChunkRecorder.readLong(d, (int) read[1], read); // duration
            long thread = ChunkRecorder.readLong(d, (int) read[1], read);
            for (Listener l : ls) {
                l.threads.add(thread);
            }
            at += size;
        }
        for (Listener l : ls) {
            if (l.staging.size() + (to - from) > MAX_BYTES) {
                l.dropped += to - from;
            } else {
                l.staging.putBytes(d, from, to - from);
            }
        }
    }

    /** Task {@code s} ended: a listener whose records name it keeps its name. */
    static void ended(TaskState s) {
        for (Listener l : listeners) {
            if (l.threads.contains(s.threadId)) {
                l.ended.put(s.threadId, ChunkPools.Named.of(s.thread));
            }
        }
    }

    /**
     * After each sweep: hands the suspensions with a stack to the listeners and answers the cuts
     * asked for before the sweep began ({@link #sweepBegins}). On the recorder's thread. {@code endedSinceSweep}: the tasks that ended since the
     * sweep took the list of ended tasks, whose last records it may have copied (see
     * {@link OpenSuspensions#unregister}): a cut names them too.
     */
    static void swept(Iterable<TaskState> endedSinceSweep) {
        Listener[] ls = listeners;
        if (ls.length == 0) {
            return;
        }
        for (ChunkBytes body; (body = STACKED.poll()) != null; ) {
            long thread = threadOf(body);
            for (Listener l : ls) {
                l.staging.putEvent(body);
                l.threads.add(thread);
            }
        }
        for (Listener l : ls) {
            if (l.answering) {
                l.answering = false;
                l.result = chunkOf(l, endedSinceSweep);
                l.restart();
                Thread w = l.waiter;
                if (w != null) {
                    LockSupport.unpark(w);
                }
            }
        }
    }

    /** The recorder stopped: listeners waiting for a cut get none. */
    static void recorderStopped() {
        for (Listener l : listeners) {
            Thread w = l.waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    private static long threadOf(ChunkBytes body) {
        long[] read = new long[2];
        byte[] d = body.array();
        ChunkRecorder.readLong(d, 0, read); // type
        ChunkRecorder.readLong(d, (int) read[1], read); // start
        ChunkRecorder.readLong(d, (int) read[1], read); // duration
        return ChunkRecorder.readLong(d, (int) read[1], read);
    }

    private static final ChunkRecorder.LongSet NO_IDS = new ChunkRecorder.LongSet();

    /** {@code l}'s records as a finished chunk, with what the recording's chunks write at their end. */
    private static byte[] chunkOf(Listener l, Iterable<TaskState> endedSinceSweep) {
        long endTicks = SuspendTiming.now();
        long endNanos = epochNanos();
        ChunkBytes out = l.staging;
        Map<Long, ChunkPools.Named> names = new HashMap<>(l.ended);
        ChunkBytes tail = new ChunkBytes(16 << 10);
        ChunkRecorder.endOfChunkEvents(tail, endTicks, endNanos, endTicks, names, true, l.threads);
        for (TaskState s : endedSinceSweep) { // after the registry, as the chunk writer names them
            if (l.threads.contains(s.threadId)) {
                names.put(s.threadId, ChunkPools.Named.of(s.thread));
            }
        }
        out.putBytes(tail.array(), 0, tail.size());
        long cpOffset = out.size();
        out.putEvent(ChunkPools.checkpoint(endTicks, l.threads, names, NO_IDS, EventRecords.STRINGS.values(),
                EventRecords.CLASSES.values()));
        long metaOffset = out.size();
        out.putEvent(ChunkMetadata.body(endTicks));
        byte[] chunk = java.util.Arrays.copyOf(out.array(), out.size());
        ChunkBytes header = ChunkRecorder.header(chunk.length, cpOffset, metaOffset, l.startNanos, endNanos, l.startTicks);
        System.arraycopy(header.array(), 0, chunk, 0, ChunkRecorder.HEADER_SIZE);
        return chunk;
    }

    private static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ---- the task's side ------------------------------------------------------------------------

    /**
     * A suspension of {@code s} that JFR commits with its stack: copied for the listeners as a
     * {@code blockscope.LiveSuspend}, its stack taken here as text. Called by the task itself,
     * inside the bridge, only while {@link #listening}.
     */
    static void stacked(TaskState s, long began, long ended, long resumeCarrierId, long wakerId, long readyNanos) {
        Object blocker = s.blocker;
        ChunkBytes body = new ChunkBytes(256);
        body.putLong(ChunkSchema.LIVE_SUSPEND).putLong(began).putLong(ended - began).putLong(s.threadId);
        pooled(body, s.reason);
        body.putLong(EventRecords.CLASSES.id(blocker == null ? null : blocker.getClass()));
        body.putLong(blocker == null ? 0 : System.identityHashCode(blocker) & 0xFFFFFFFFL);
        body.putBoolean(s.pinned);
        pooled(body, s.pinReason);
        body.putLong(s.carrierId).putLong(resumeCarrierId).putLong(wakerId).putLong(readyNanos).putLong(Math.max(0, s.timeout));
        body.putLong(s.threadId).putString(s.thread.getName()).putBoolean(s.virtual);
        body.putString(EarlyEvents.stackHere());
        STACKED.add(body);
    }

    private static void pooled(ChunkBytes out, String s) {
        int id = EventRecords.STRINGS.id(s);
        if (id == 0) {
            out.putByte(EventBuffer.STRING_NULL);
        } else {
            out.putByte(EventBuffer.STRING_POOL).putLong(id);
        }
    }
}
