package dev.blockscope.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JVM with waits longer than a live window (ServeAttachIncrementalIT). From the start, known
 * periodic waits: two virtual threads {@code ticker-N} sleeping 10 ms at a time, two
 * {@code locker-N} taking turns on one lock, each holding it 5 ms asleep, and a virtual thread
 * {@code short-N} started every 20 ms that sleeps 1 ms and ends (tasks that end). Prints
 * {@code READY} once they run. When stdin says {@code long} (once the test's view is attached, so
 * the probes see these waits begin): a virtual thread {@code long-sleeper} falls asleep for 120 s,
 * a platform thread {@code monitor-holder} sleeps 120 s inside {@code synchronized}, and a virtual
 * thread {@code monitor-waiter} blocks entering that monitor; it prints {@code LONG} once all
 * three wait. Exits by itself after 180 s, or when stdin says {@code exit}.
 */
public final class LongWaitTarget {
    private static final Object MONITOR = new Object();

    public static void main(String[] args) throws Exception {
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
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("long")) {
                longWaits();
                System.out.println("LONG");
                System.out.flush();
            } else if (line.equals("exit")) {
                System.exit(0);
            }
        }
    }

    private static void longWaits() throws InterruptedException {
        Thread sleeper = Thread.ofVirtual().name("long-sleeper").start(() -> sleep(120_000));
        CountDownLatch held = new CountDownLatch(1);
        Thread.ofPlatform().name("monitor-holder").daemon().start(() -> {
            synchronized (MONITOR) {
                held.countDown();
                sleep(120_000);
            }
        });
        held.await();
        Thread waiter = Thread.ofVirtual().name("monitor-waiter").start(() -> {
            synchronized (MONITOR) {
                MONITOR.notifyAll();
            }
        });
        while (waiter.getState() != Thread.State.BLOCKED || sleeper.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(5);
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
