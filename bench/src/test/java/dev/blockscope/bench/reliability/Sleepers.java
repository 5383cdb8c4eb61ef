package dev.blockscope.bench.reliability;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;

/**
 * A workload for the agent's reliability tests: four virtual threads sleep 5 ms in a loop, two
 * hand values through a SynchronousQueue as fast as they can (megabytes of events a second), and
 * one virtual thread, {@code latch-waiter}, waits on a latch that is never counted down; prints
 * READY once the sleepers have slept a little, then runs until killed.
 */
public final class Sleepers {
    public static void main(String[] args) throws Exception {
        CountDownLatch slept = new CountDownLatch(20);
        CountDownLatch never = new CountDownLatch(1);
        Thread.ofVirtual().name("latch-waiter").start(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 4; i++) {
            Thread.ofVirtual().name("sleeper-" + i).start(() -> {
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
        if (!Boolean.getBoolean("quiet")) {
            SynchronousQueue<Integer> q = new SynchronousQueue<>();
            Thread.ofVirtual().name("producer").start(() -> {
                try {
                    while (true) {
                        q.put(1);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread.ofVirtual().name("consumer").start(() -> {
                try {
                    while (true) {
                        q.take();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        slept.await();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(600_000);
    }
}
