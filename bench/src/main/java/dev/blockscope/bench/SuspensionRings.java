package dev.blockscope.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Prototype of the deferred design for no-stack suspensions, measured by {@link HandOff}'s
 * {@code batch} mode: a task writes each suspension (task id, start, end, waker) into a
 * single-writer ring of longs, with no JFR call at all, and one platform thread drains the rings
 * every millisecond and commits them as {@link BatchedSuspendEvent}s. The JFR commits then all
 * come from one thread, off the carriers. Here one ring per side of the ping-pong; in the agent
 * it would be one ring per carrier (a carrier runs one virtual thread at a time, so it is still
 * single-writer) plus one per platform thread.
 */
final class SuspensionRings {
    private static final int CAPACITY = 1 << 16; // records per ring
    private static final Ring[] RINGS = {new Ring(), new Ring()};

    private final Thread drainer;
    /** {@code encode} mode: the drain encodes the records itself instead of committing JFR events. */
    private final Encoder encoder;
    private volatile boolean running = true;
    private long drained;
    private long drainCpu;

    private SuspensionRings(Encoder encoder) {
        this.encoder = encoder;
        drainer = Thread.ofPlatform().daemon().name("suspension drain").unstarted(this::drainLoop);
    }

    /** Starts the drain thread, which commits JFR events. */
    static SuspensionRings start() {
        return start(null);
    }

    /**
     * Starts the drain thread; with an {@code encoder} it writes the records in JFR's event
     * encoding (LEB128 varints) to a file of its own instead of committing JFR events: what a
     * writer of its own JFR chunks would spend per event, constant pools and metadata aside.
     */
    static SuspensionRings start(Encoder encoder) {
        SuspensionRings r = new SuspensionRings(encoder);
        r.drainer.start();
        return r;
    }

    static Ring ring(int side) {
        return RINGS[side];
    }

    /** Stops the drain thread after a last pass; returns the number of events it committed. */
    long stop() throws InterruptedException {
        running = false;
        drainer.join();
        return drained;
    }

    long dropped() {
        return RINGS[0].dropped + RINGS[1].dropped;
    }

    long drainCpuNanos() {
        return drainCpu;
    }

    private void drainLoop() {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        BatchedSuspendEvent ev = new BatchedSuspendEvent();
        boolean last = false;
        while (!last) {
            last = !running;
            int n = 0;
            for (Ring ring : RINGS) {
                n += encoder == null ? ring.drain(ev) : ring.drain(encoder);
            }
            drained += n;
            if (n == 0 && !last) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
        if (encoder != null) {
            encoder.flush();
        }
        drainCpu = mx.getCurrentThreadCpuTime() - cpu0;
    }

    /**
     * Writes suspension records as a JFR chunk holds events: each a size, the event type id and
     * the fields as varints (start and duration in ticks, task, reason as a constant-pool index,
     * the two carriers, waker, ready time), into a buffer flushed to a file when full.
     */
    static final class Encoder {
        private final java.nio.channels.FileChannel out;
        private final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 20);
        private final byte[] event = new byte[128];
        long bytes;

        Encoder(java.nio.file.Path file) throws java.io.IOException {
            out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        }

        void write(long task, long start, long end, long waker) {
            int n = 1; // the size byte first: an event here is under 128 bytes
            n = varint(event, n, 201); // the event type id
            n = varint(event, n, start);
            n = varint(event, n, end - start);
            n = varint(event, n, task);
            n = varint(event, n, 3); // reason: constant-pool index of "park.other"
            n = varint(event, n, 31); // carrier
            n = varint(event, n, 31); // resume carrier
            n = varint(event, n, waker);
            n = varint(event, n, 180); // ready nanos
            event[0] = (byte) n;
            if (buffer.remaining() < n) {
                flush();
            }
            buffer.put(event, 0, n);
            bytes += n;
        }

        private static int varint(byte[] b, int at, long v) {
            while ((v & ~0x7FL) != 0) {
                b[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            b[at++] = (byte) v;
            return at;
        }

        void flush() {
            buffer.flip();
            try {
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            buffer.clear();
        }
    }

    /** One single-writer, single-reader ring of suspension records (4 longs each). */
    static final class Ring {
        private final long[] data = new long[CAPACITY * 4];
        /** Records written (the writer's release store publishes a record). */
        private volatile long written;
        /** Records drained (the reader's release store frees their slots). */
        private volatile long read;
        private long readSeen;
        long dropped;

        void add(long task, long start, long end, long waker) {
            long w = written;
            if (w - readSeen >= CAPACITY) {
                readSeen = read;
                if (w - readSeen >= CAPACITY) {
                    dropped++;
                    return;
                }
            }
            int i = (int) (w & (CAPACITY - 1)) * 4;
            data[i] = task;
            data[i + 1] = start;
            data[i + 2] = end;
            data[i + 3] = waker;
            WRITTEN.setRelease(this, w + 1);
        }

        int drain(Encoder encoder) {
            long w = written;
            long r = read;
            int n = 0;
            for (; r < w; r++, n++) {
                int i = (int) (r & (CAPACITY - 1)) * 4;
                encoder.write(data[i], data[i + 1], data[i + 2], data[i + 3]);
            }
            READ.setRelease(this, r);
            return n;
        }

        int drain(BatchedSuspendEvent ev) {
            long w = written;
            long r = read;
            int n = 0;
            for (; r < w; r++, n++) {
                int i = (int) (r & (CAPACITY - 1)) * 4;
                ev.taskId = data[i];
                ev.startNanos = data[i + 1];
                ev.durationNanos = data[i + 2] - data[i + 1];
                ev.wakerId = data[i + 3];
                ev.reason = "park.other";
                ev.carrierId = 31;
                ev.resumeCarrierId = 31;
                ev.readyNanos = 180;
                ev.commit();
            }
            READ.setRelease(this, r);
            return n;
        }

        private static final VarHandle WRITTEN;
        private static final VarHandle READ;

        static {
            try {
                WRITTEN = MethodHandles.lookup().findVarHandle(Ring.class, "written", long.class);
                READ = MethodHandles.lookup().findVarHandle(Ring.class, "read", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
