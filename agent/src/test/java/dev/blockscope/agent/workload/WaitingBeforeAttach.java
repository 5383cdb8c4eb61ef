package dev.blockscope.agent.workload;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;

/**
 * Tasks already waiting when an agent is attached, as a server's keep-alive readers are: two
 * virtual threads in {@code SynchronousQueue.take()} and a platform thread in {@code Object.wait()},
 * none of which is woken until the JVM is killed; and a virtual thread in a 1.5 s sleep at the
 * attach, which then sleeps 5 ms at a time. Prints READY when all four wait.
 */
public final class WaitingBeforeAttach {
    private static final Object MONITOR = new Object();

    public static void main(String[] args) throws Exception {
        SynchronousQueue<String> never = new SynchronousQueue<>();
        CountDownLatch started = new CountDownLatch(4);
        Thread[] threads = new Thread[4];
        for (int i = 0; i < 2; i++) {
            threads[i] = Thread.ofVirtual().name("queue-waiter-" + i).start(() -> {
                started.countDown();
                try {
                    never.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        threads[2] = Thread.ofPlatform().daemon().name("monitor-waiter").start(() -> {
            synchronized (MONITOR) {
                started.countDown();
                try {
                    MONITOR.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        threads[3] = Thread.ofVirtual().name("sleeper").start(() -> {
            started.countDown();
            try {
                Thread.sleep(1_500);
                while (true) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        started.await();
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1);
            }
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
