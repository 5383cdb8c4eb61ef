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
    private volatile boolean running = true;
    private long drained;
    private long drainCpu;

    private SuspensionRings() {
        drainer = Thread.ofPlatform().daemon().name("suspension drain").unstarted(this::drainLoop);
    }

    /** Starts the drain thread. */
    static SuspensionRings start() {
        SuspensionRings r = new SuspensionRings();
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
                n += ring.drain(ev);
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
        drainCpu = mx.getCurrentThreadCpuTime() - cpu0;
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
