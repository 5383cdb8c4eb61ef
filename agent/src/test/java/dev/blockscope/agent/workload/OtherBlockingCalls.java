package dev.blockscope.agent.workload;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One virtual thread makes one call of each remaining probed kind: two file writes (a stream,
 * a RandomAccessFile in "rws" mode) and a read, a
 * 200 ms process wait, a 50 ms selector timeout, a 30 ms Object.wait. Prints its thread id.
 */
public final class OtherBlockingCalls {
    public static void main(String[] args) throws Exception {
        Path file = Files.createTempFile("blockscope-io", ".bin");
        long[] waitForNanos = new long[1];
        Thread t = Thread.ofVirtual().name("io").start(() -> {
            try {
                try (FileOutputStream out = new FileOutputStream(file.toFile())) {
                    out.write(new byte[4096]);
                }
                // synchronous mode, as the samples' FileIoCompensation writes
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rws")) {
                    raf.write(new byte[4096]);
                }
                try (FileInputStream in = new FileInputStream(file.toFile())) {
                    if (in.read(new byte[4096]) != 4096) {
                        throw new IllegalStateException("short read");
                    }
                }
                Process p = new ProcessBuilder("sleep", "0.2").start();
                // timed here: the child may have run part of its 200 ms before waitFor is called
                long waitStart = System.nanoTime();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("sleep failed");
                }
                waitForNanos[0] = System.nanoTime() - waitStart;
                try (Selector selector = Selector.open()) {
                    selector.select(50);
                }
                Object monitor = new Object();
                synchronized (monitor) {
                    monitor.wait(30);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.join();
        Files.delete(file);
        System.out.println("GROUND-TRUTH thread=" + t.threadId() + " waitForNanos=" + waitForNanos[0]);
    }
}
