package dev.blockscope.agent.workload;

import java.util.concurrent.locks.LockSupport;

/**
 * A virtual thread parks 50 ms inside a class initializer: the VM's frame for {@code <clinit>}
 * is a native frame, so the virtual thread cannot unmount and holds its carrier (pinned).
 */
public final class PinnedClassInit {
    static final class SlowInit {
        static final long PARKED;

        static {
            long t0 = System.nanoTime();
            LockSupport.parkNanos(50_000_000L);
            PARKED = System.nanoTime() - t0;
        }
    }

    public static void main(String[] args) throws Exception {
        long[] parked = new long[1];
        Thread t = Thread.ofVirtual().name("pinned").start(() -> parked[0] = SlowInit.PARKED);
        t.join();
        System.out.println("GROUND-TRUTH thread=" + t.threadId() + " parkedNanos=" + parked[0]);
    }
}
