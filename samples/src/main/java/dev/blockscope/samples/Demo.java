package dev.blockscope.samples;

import dev.blockscope.runtime.Task;
import dev.blockscope.runtime.Trace;
import dev.blockscope.runtime.WaitGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The program {@code blockscope demo} runs under the agent: about a second of the things a
 * report should show, in phases, each its own group of runtime tasks:
 * <ol>
 *   <li>{@code pipeline}: generator, square workers and a consumer over channels, with a select
 *       that times out while slow items pass ({@link ChannelPipeline});</li>
 *   <li>{@code fanout}: a WaitGroup of fetchers that sleep, then contend for one lock held 5 ms
 *       each time;</li>
 *   <li>{@code pinning}: one virtual thread that sleeps inside a class initializer (a pinned
 *       wait);</li>
 *   <li>{@code file-io}: a task that writes 1 MB, forces it to disk and reads it back;</li>
 *   <li>{@code cpu}: as many CPU-bound tasks as there are carriers, spinning 200 ms, while
 *       tickers sleeping 1 ms measure how late they wake (carrier starvation).</li>
 * </ol>
 * It prints its ground truth: the operations it did, exactly, and what it measured.
 */
public final class Demo {
    static final int FETCHERS = 8;
    static final int LOCK_HOLD_MS = 5;
    static final int PIN_MS = 60;
    static final int CPU_MS = 200;
    static final int FILE_BYTES = 1 << 20;

    private Demo() {}

    /** Sleeps inside its static initializer: the virtual thread that initializes it stays pinned. */
    static final class SlowConfig {
        static final long LOADED_AT;

        static {
            Pinning.sleepQuietly(PIN_MS);
            LOADED_AT = System.nanoTime();
        }
    }

    public static void main(String[] args) throws Exception {
        Options.parse(args);
        long t0 = System.nanoTime();
        Task.adopt("demo", "main");
        int carriers = Integer.getInteger(Carriers.PARALLELISM, Runtime.getRuntime().availableProcessors());

        System.out.println("blockscope demo: pipeline, fan-out with lock contention, a pinned wait, file I/O, a CPU burst");
        ChannelPipeline.Result pipeline;
        try (var r = Trace.region("phase-pipeline")) {
            pipeline = ChannelPipeline.run(60, 3, 20, 30, 10);
        }
        System.out.printf("  pipeline: %d items, sum %d, %d select timeouts%n", pipeline.items(), pipeline.sum(), pipeline.timeouts());

        long lockWaitNs;
        try (var r = Trace.region("phase-fanout")) {
            lockWaitNs = fanOut();
        }
        System.out.printf(Locale.ROOT, "  fan-out: %d fetchers, %.1f ms spent waiting for the lock in total%n", FETCHERS, lockWaitNs / 1e6);

        Thread pinned = Thread.ofVirtual().name("pinned-clinit").start(() -> Trace.log("pinning", "config loaded at " + SlowConfig.LOADED_AT));
        pinned.join();
        System.out.printf("  pinning: one virtual thread slept %d ms inside a class initializer (pinned)%n", PIN_MS);

        long fileBytes = fileIo();
        System.out.printf("  file I/O: wrote, forced and read back %d bytes%n", fileBytes);

        long[] late = cpuBurst(carriers);
        System.out.printf(Locale.ROOT, "  cpu: %d CPU-bound tasks for %d ms; tickers woke up to %.1f ms late%n",
                carriers, CPU_MS, late[late.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "  done in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        GroundTruth.of("demo")
                .put("pipeline_items", pipeline.items())
                .put("pipeline_sum", pipeline.sum())
                .put("pipeline_select_timeouts", pipeline.timeouts())
                .put("regions_square", pipeline.regions())
                .put("logs", pipeline.timeouts() + 1)
                .put("fanout_tasks", FETCHERS)
                .put("fanout_lock_hold_ms", LOCK_HOLD_MS)
                .put("fanout_lock_wait_ms", lockWaitNs / 1e6)
                // fan-out's and the CPU phase's main, and the pipeline's closer: each waits for tasks that sleep
                .put("waitgroup_waits", 3)
                .put("pinned_waits", 1)
                .put("pinned_ms", PIN_MS)
                .put("file_bytes_written", fileBytes)
                .put("file_bytes_read", fileBytes)
                .put("cpu_tasks", carriers)
                .put("cpu_ms", CPU_MS)
                .put("ticker_max_late_ms", late[late.length - 1] / 1e6)
                .put("runtime_tasks", 6 + FETCHERS + 1 + carriers + 2)
                .put("task_labels", 6 + FETCHERS + 1 + carriers + 2 + 1)
                .print();
    }

    /** Fetchers sleep 40..55 ms, then take turns on one lock; returns their total lock wait. */
    private static long fanOut() {
        ReentrantLock lock = new ReentrantLock();
        AtomicLong waited = new AtomicLong();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < FETCHERS; i++) {
            int me = i;
            wg.go("fetch-" + i, () -> {
                Pinning.sleepQuietly(40 + 5L * (me % 4)); // pairs wake together and collide
                long before = System.nanoTime();
                lock.lock();
                try {
                    waited.addAndGet(System.nanoTime() - before);
                    Pinning.sleepQuietly(LOCK_HOLD_MS);
                } finally {
                    lock.unlock();
                }
            });
        }
        // Fetchers group under the task that started them: this main, group "demo".
        wg.await();
        return waited.get();
    }

    private static long fileIo() throws InterruptedException {
        long[] bytes = new long[1];
        Task t = Task.go("file-io", "writer", () -> {
            try {
                Path file = Files.createTempFile("blockscope-demo", ".bin");
                try {
                    byte[] data = new byte[FILE_BYTES];
                    Arrays.fill(data, (byte) 7);
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(data));
                        ch.force(true);
                    }
                    bytes[0] = Files.readAllBytes(file).length;
                } finally {
                    Files.deleteIfExists(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.join();
        return bytes[0];
    }

    /** CPU-bound tasks hold every carrier while two tickers measure their lateness; sorted ns. */
    private static long[] cpuBurst(int carriers) throws InterruptedException {
        long[][] late = new long[2][];
        WaitGroup wg = new WaitGroup();
        long end = System.nanoTime() + (CPU_MS + 60) * 1_000_000L;
        for (int t = 0; t < 2; t++) {
            int me = t;
            wg.go("ticker-" + t, () -> {
                long[] l = new long[2048];
                int n = 0;
                while (System.nanoTime() < end && n < l.length) {
                    long before = System.nanoTime();
                    Pinning.sleepQuietly(1);
                    l[n++] = Math.max(0, System.nanoTime() - before - 1_000_000);
                }
                late[me] = Arrays.copyOf(l, n);
            });
        }
        Pinning.sleepQuietly(20);
        long spinEnd = System.nanoTime() + CPU_MS * 1_000_000L;
        for (int s = 0; s < carriers; s++) {
            Task.go("cpu", "cpu-bound-" + s, () -> {
                long x = 1;
                while (System.nanoTime() < spinEnd) {
                    x = x * 6364136223846793005L + 1442695040888963407L;
                }
                if (x == 0) {
                    System.out.print("");
                }
            });
        }
        wg.await();
        return Arrays.stream(late).flatMapToLong(Arrays::stream).sorted().toArray();
    }
}
