package dev.blockscope.agent.workload;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.SynchronousQueue;

/**
 * Virtual threads hand values through a SynchronousQueue for {@code -Dseconds} (many suspensions
 * a second, so the agent writes megabytes), while one more thread waits on a latch the whole time;
 * with {@code -DfillMb=N} the main thread also writes N MB into {@code filler.bin} in its working
 * directory, 1 MB every 20 ms, as an application filling the disk would, and deletes it at the end.
 * Prints how many values were handed over and how much it wrote.
 */
public final class BusyAndWriting {
    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("seconds", 5);
        int fillMb = Integer.getInteger("fillMb", 0);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().name("latch-waiter").start(() -> {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        long[] handed = new long[1];
        Thread producer = Thread.ofVirtual().name("producer").start(() -> {
            try {
                while (System.nanoTime() < end) {
                    q.put(1);
                }
                q.put(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread consumer = Thread.ofVirtual().name("consumer").start(() -> {
            try {
                while (q.take() >= 0) {
                    handed[0]++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long written = 0;
        Path filler = Path.of("filler.bin");
        if (fillMb > 0) {
            byte[] mb = new byte[1 << 20];
            try (OutputStream out = Files.newOutputStream(filler)) {
                for (int i = 0; i < fillMb && System.nanoTime() < end; i++) {
                    out.write(mb);
                    out.flush();
                    written += mb.length;
                    Thread.sleep(20);
                }
            }
        }
        producer.join();
        consumer.join();
        done.countDown();
        waiter.join();
        Files.deleteIfExists(filler);
        System.out.println("GROUND-TRUTH handed=" + handed[0] + " writtenMb=" + (written >> 20));
    }
}
