package dev.blockscope.agent.workload;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Three tasks still suspended when the JVM exits: a virtual thread waiting on a latch, a
 * platform thread in a long sleep, and a virtual thread blocked on a monitor main holds. Prints
 * their ids and the epoch nanoseconds before they started and after all three were blocked.
 */
public final class SuspendedAtExit {
    public static void main(String[] args) throws Exception {
        Object monitor = new Object();
        CountDownLatch never = new CountDownLatch(1);
        long before = epochNanos();
        synchronized (monitor) {
            Thread latch = Thread.ofVirtual().name("open-latch").start(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread sleeper = Thread.ofPlatform().daemon().name("open-sleeper").start(() -> {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // BLOCKED counts only once it is at the monitor: a carrier pinned on another monitor
            // (a first class load, say) shows its virtual thread BLOCKED too
            java.util.concurrent.atomic.AtomicBoolean atMonitor = new java.util.concurrent.atomic.AtomicBoolean();
            Thread blocked = Thread.ofVirtual().name("open-monitor").start(() -> {
                atMonitor.set(true);
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            });
            while (latch.getState() != Thread.State.WAITING || sleeper.getState() != Thread.State.TIMED_WAITING
                    || !atMonitor.get() || blocked.getState() != Thread.State.BLOCKED) {
                Thread.sleep(5);
            }
            Thread.sleep(20); // the blocked one's unmount has finished on its carrier
            long after = epochNanos();
            System.out.println("GROUND-TRUTH latch=" + latch.threadId() + " sleeper=" + sleeper.threadId()
                    + " monitor=" + blocked.threadId() + " before=" + before + " after=" + after);
            System.out.flush();
            System.exit(0);
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
