package dev.blockscope.agent.workload;

import java.time.Duration;

/**
 * Sleeps of a virtual thread that complete without unmounting. {@code VirtualThread.sleepNanos}
 * leaves the park permit set when a sleep ends, so the next sleep's first park returns at once;
 * when the sleep time has passed by then (here 1 ns; under load a 1 ms sleep whose carrier the
 * OS descheduled), the sleep returns without ever yielding. The task still slept: each call is
 * one suspension. Prints the thread id and the number of sleeps.
 */
public final class PermitSleeps {
    public static void main(String[] args) throws Exception {
        int sleeps = 20;
        Thread t = Thread.ofVirtual().name("permit-sleeper").start(() -> {
            try {
                for (int i = 0; i < sleeps; i++) {
                    Thread.sleep(Duration.ofNanos(1));
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        t.join();
        System.out.println("GROUND-TRUTH sleeper=" + t.threadId() + " sleeps=" + sleeps);
    }
}
