package dev.blockscope.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JVM with waits longer than a live window (ServeAttachIncrementalIT): a virtual thread
 * {@code long-sleeper} asleep for 120 s, a platform thread {@code monitor-holder} asleep 120 s inside
 * {@code synchronized} and a platform thread {@code monitor-waiter} blocked entering that monitor,
 * all three waiting before it prints {@code READY}; and known periodic waits: two virtual threads
 * {@code ticker-N} sleeping 10 ms at a time, and two {@code locker-N} taking turns on one lock,
 * each holding it 5 ms asleep; and a virtual thread {@code short-N} started every 20 ms that sleeps
 * 1 ms and ends (tasks that end, to be dropped once they left the window). Exits by itself after
 * 180 s, or when stdin says {@code exit}.
 */
public final class LongWaitTarget {
    private static final Object MONITOR = new Object();

    public static void main(String[] args) throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        Thread.ofVirtual().name("long-sleeper").start(() -> sleep(120_000));
        Thread.ofPlatform().name("monitor-holder").daemon().start(() -> {
            synchronized (MONITOR) {
                held.countDown();
                sleep(120_000);
            }
        });
        held.await();
        Thread waiter = Thread.ofPlatform().name("monitor-waiter").daemon().start(() -> {
            synchronized (MONITOR) {
                MONITOR.hashCode();
            }
        });
        while (waiter.getState() != Thread.State.BLOCKED) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 2; i++) {
            Thread.ofVirtual().name("ticker-" + i).start(() -> {
                while (true) {
                    sleep(10);
                }
            });
        }
        ReentrantLock lock = new ReentrantLock();
        for (int i = 0; i < 2; i++) {
            Thread.ofVirtual().name("locker-" + i).start(() -> {
                while (true) {
                    LiveTarget.hold(lock);
                }
            });
        }
        Thread.ofPlatform().name("spawner").daemon().start(() -> {
            for (int n = 0; ; n++) {
                Thread.ofVirtual().name("short-" + n).start(() -> sleep(1));
                sleep(20);
            }
        });
        Thread.ofPlatform().daemon().start(() -> {
            sleep(180_000);
            System.exit(3);
        });
        Thread.sleep(200); // the sleeper is asleep by now
        System.out.println("READY");
        System.out.flush();
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("exit")) {
                System.exit(0);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
