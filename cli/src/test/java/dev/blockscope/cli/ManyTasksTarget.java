package dev.blockscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Many short virtual threads with every kind of interval the analysis' sinks take: run slices on
 * two carriers, sleeps, a contended lock, hand-offs between pairs (back-to-back switches on a
 * carrier, the switch cost's), file reads (a wait that keeps its carrier) and CPU burnt between
 * them (for the CPU profile's samples). Arguments: tasks (default 3,000).
 */
public final class ManyTasksTarget {
    private ManyTasksTarget() {}

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile long sink;

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
        Path file = Files.createTempFile("many-tasks", ".bin");
        Files.write(file, new byte[64 * 1024]);
        try {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < tasks; i += 2) {
                SynchronousQueue<Integer> pair = new SynchronousQueue<>();
                threads.add(Thread.ofVirtual().name("ping-" + i).start(() -> work(pair, true, file)));
                threads.add(Thread.ofVirtual().name("pong-" + i).start(() -> work(pair, false, file)));
                if (i % 200 == 0) {
                    Thread.sleep(5);
                }
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.println("GROUND-TRUTH tasks=" + tasks);
    }

    private static void work(SynchronousQueue<Integer> pair, boolean ping, Path file) {
        try {
            for (int round = 0; round < 20; round++) {
                if (ping) {
                    pair.put(round);
                } else {
                    pair.take();
                }
            }
            burn(200_000);
            Thread.sleep(1 + (int) (Thread.currentThread().threadId() % 3));
            LOCK.lock();
            try {
                burn(20_000);
            } finally {
                LOCK.unlock();
            }
            sink += Files.readAllBytes(file).length;
            burn(100_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void burn(int n) {
        long x = n;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink += x;
    }
}
