package dev.blockscope.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JVM for {@code serve --attach} to follow (ServeAttachIT). Four virtual threads {@code locker-N}
 * take turns on one lock, each holding it 5 ms asleep (their waits: {@code park.lock} and
 * {@code sleep}); two virtual threads {@code early-N} sleep 20 ms at a time until stdin says
 * {@code phase2}, then end (it prints {@code EARLY-ENDED}); {@code exit} ends the JVM. Prints
 * {@code READY} once all run. Exits by itself after 180 s.
 */
public final class LiveTarget {
    private static volatile boolean early = true;

    public static void main(String[] args) throws Exception {
        ReentrantLock lock = new ReentrantLock();
        for (int i = 0; i < 4; i++) {
            Thread.ofVirtual().name("locker-" + i).start(() -> {
                while (true) {
                    hold(lock);
                }
            });
        }
        List<Thread> sleepers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sleepers.add(Thread.ofVirtual().name("early-" + i).start(() -> {
                while (early) {
                    sleep(20);
                }
            }));
        }
        Thread.ofPlatform().daemon().start(() -> {
            sleep(180_000);
            System.exit(3);
        });
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("phase2")) {
                early = false;
                for (Thread t : sleepers) {
                    t.join();
                }
                System.out.println("EARLY-ENDED");
                System.out.flush();
            } else if (line.equals("exit")) {
                System.exit(0);
            }
        }
    }

    static void hold(ReentrantLock lock) {
        lock.lock();
        try {
            sleep(5);
        } finally {
            lock.unlock();
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
