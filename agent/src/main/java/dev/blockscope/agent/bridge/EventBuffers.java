package dev.blockscope.agent.bridge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every {@link EventBuffer} the writers use, for the {@link ChunkRecorder} to sweep, and the
 * recycled ones, for the writers to take. Nothing here locks: the list of all buffers grows by a
 * compare-and-set copy (a new buffer is rare: the recycled ones come first), and the pools are
 * lock-free queues. A carrier's buffer is large, as every virtual thread it runs writes into it;
 * a platform thread's is small, as there may be thousands of them.
 */
final class EventBuffers {
    private EventBuffers() {}

    static final int CARRIER_CAPACITY = 64 << 10;
    static final int THREAD_CAPACITY = 8 << 10;
    /**
     * Memory the buffers may take at most (64 MB by default): past it, a writer whose buffer is
     * full finds no other and drops its records (counted, and said in the recording) rather than
     * grow the heap without bound when the recorder cannot keep up.
     */
    static final long MAX_BYTES = Long.getLong("blockscope.bufferBytes", 64L << 20);

    @SuppressWarnings("unused") // through ALL_HANDLE
    private static EventBuffer[] all = new EventBuffer[0];
    private static final java.util.concurrent.atomic.AtomicLong ALLOCATED = new java.util.concurrent.atomic.AtomicLong();
    private static final ConcurrentLinkedQueue<EventBuffer> FREE_CARRIER = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<EventBuffer> FREE_THREAD = new ConcurrentLinkedQueue<>();

    /** A buffer for {@code owner} to write into, or null when the memory cap is reached. */
    static EventBuffer acquire(Thread owner, boolean carrier) {
        ConcurrentLinkedQueue<EventBuffer> pool = carrier ? FREE_CARRIER : FREE_THREAD;
        EventBuffer b = pool.poll();
        if (b == null) {
            int capacity = carrier ? CARRIER_CAPACITY : THREAD_CAPACITY;
            if (!reserve(capacity)) {
                return null;
            }
            b = new EventBuffer(capacity);
            add(b);
        }
        b.owner = owner;
        b.setState(EventBuffer.IN_USE);
        return b;
    }

    /** The writer is done with {@code b} (full, or its thread ends): the recorder copies the rest and recycles it. */
    static void retire(EventBuffer b) {
        b.setState(EventBuffer.RETIRED);
    }

    /** Recorder side: {@code b} is copied out and nobody writes it: back into its pool. */
    static void recycle(EventBuffer b) {
        b.reset();
        b.setState(EventBuffer.FREE);
        (b.data.length == CARRIER_CAPACITY ? FREE_CARRIER : FREE_THREAD).offer(b);
    }

    /** Every buffer made so far (a snapshot; the recorder sweeps it). */
    static EventBuffer[] all() {
        return (EventBuffer[]) ALL_HANDLE.getAcquire();
    }

    private static boolean reserve(int capacity) {
        // no monitor even here: a virtual thread blocked on one would unmount mid-record
        while (true) {
            long now = ALLOCATED.get();
            if (now + capacity > MAX_BYTES) {
                return false;
            }
            if (ALLOCATED.compareAndSet(now, now + capacity)) {
                return true;
            }
        }
    }

    private static void add(EventBuffer b) {
        while (true) {
            EventBuffer[] current = all();
            EventBuffer[] grown = java.util.Arrays.copyOf(current, current.length + 1);
            grown[current.length] = b;
            if (ALL_HANDLE.compareAndSet(current, grown)) {
                return;
            }
        }
    }

    private static final VarHandle ALL_HANDLE;

    static {
        try {
            ALL_HANDLE = MethodHandles.lookup().findStaticVarHandle(EventBuffers.class, "all", EventBuffer[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
