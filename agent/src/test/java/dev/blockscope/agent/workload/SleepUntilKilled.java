package dev.blockscope.agent.workload;

import java.util.concurrent.CountDownLatch;

/**
 * Virtual threads sleep in a loop, and others start short-lived virtual threads (which sleep 1 ms)
 * and join them, so that many tasks reach the agent's bridge at once when it goes live; prints
 * READY once some sleeps completed, then waits for SIGTERM.
 */
public final class SleepUntilKilled {
    public static void main(String[] args) throws Exception {
        CountDownLatch slept = new CountDownLatch(20);
        for (int i = 0; i < 4; i++) {
            Thread.ofVirtual().name("looper-" + i).start(() -> {
                while (true) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                    slept.countDown();
                }
            });
        }
        // one long sleeper: inside a sleep that began before any stop, however late the stop lists the
        // open waits (the loopers' 5 ms sleeps at the stop may all have ended by then, on a loaded machine)
        Thread.ofVirtual().name("slow-sleeper").start(() -> {
            while (true) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        for (int i = 0; i < 4; i++) {
            Thread.ofVirtual().name("spawner-" + i).start(() -> {
                while (true) {
                    try {
                        Thread.ofVirtual().start(SleepUntilKilled::sleepOneMillisecond).join();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        slept.await();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(60_000);
    }

    private static void sleepOneMillisecond() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
