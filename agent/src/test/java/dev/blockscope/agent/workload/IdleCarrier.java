package dev.blockscope.agent.workload;

import java.time.Instant;

/**
 * One virtual thread sleeps 200 ms on an otherwise idle scheduler (run with parallelism=1): its
 * one carrier has nothing to do meanwhile. Prints the sleeper's id and the sleep's bounds in
 * epoch nanoseconds, measured inside the virtual thread.
 */
public final class IdleCarrier {
    public static void main(String[] args) throws Exception {
        long[] bounds = new long[2];
        Thread t = Thread.ofVirtual().name("sleeper").start(() -> {
            bounds[0] = epochNanos();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bounds[1] = epochNanos();
        });
        t.join();
        System.out.println("GROUND-TRUTH main=" + Thread.currentThread().threadId() + " sleeper=" + t.threadId() + " from=" + bounds[0] + " to=" + bounds[1]);
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
