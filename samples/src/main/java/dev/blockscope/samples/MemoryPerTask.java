package dev.blockscope.samples;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The book's "a few kilobytes per goroutine": starts many tasks that block forever (until
 * released), and measures what they cost while parked: Java heap (a parked virtual thread's
 * stack is a heap object) and resident memory of the process (heap plus native: a platform
 * thread's stack and its kernel and JVM structures). First virtual threads, then platform
 * threads, in the same JVM, each after a full GC.
 *
 * <p>Usage: {@code MemoryPerTask [--virtual N] [--platform N]} (defaults 10000 and 1000).
 */
public final class MemoryPerTask {
    private MemoryPerTask() {}

    /** What one batch of parked tasks cost. */
    record Cost(int tasks, long heapBytes, long rssBytes) {
        double heapPerTask() {
            return (double) heapBytes / tasks;
        }

        double rssPerTask() {
            return (double) rssBytes / tasks;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args, "virtual", "platform");
        int virtual = Options.positiveInt(opts, "virtual", 10_000);
        int platform = Options.positiveInt(opts, "platform", 1_000);

        Cost v = measure(Thread.ofVirtual(), virtual);
        Cost p = measure(Thread.ofPlatform(), platform);
        System.out.printf(Locale.ROOT, "memory per parked task (book: \"a few kilobytes per goroutine\")%n");
        System.out.printf(Locale.ROOT, "  %-18s %8s %14s %18s%n", "", "tasks", "heap per task", "resident per task");
        print("virtual threads", v);
        print("platform threads", p);
        System.out.printf(Locale.ROOT, "  a platform thread also reserves (not commits) a %s stack of address space%n",
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-Xss")).findFirst().orElse("default (1 MB on Linux x64)"));
        GroundTruth.of("memory-per-task")
                .put("virtual_tasks", v.tasks())
                .put("virtual_heap_bytes_per_task", v.heapPerTask())
                .put("virtual_rss_bytes_per_task", v.rssPerTask())
                .put("platform_tasks", p.tasks())
                .put("platform_heap_bytes_per_task", p.heapPerTask())
                .put("platform_rss_bytes_per_task", p.rssPerTask())
                .put("book", "a_few_kilobytes_per_goroutine")
                .print();
    }

    private static void print(String what, Cost c) {
        System.out.printf(Locale.ROOT, "  %-18s %8d %11.0f B %15.0f B%n", what, c.tasks(), c.heapPerTask(), c.rssPerTask());
    }

    /** Starts {@code n} tasks that park until released, and measures the difference they make. */
    static Cost measure(Thread.Builder builder, int n) throws InterruptedException, IOException {
        long heap0 = usedHeapAfterGc();
        long rss0 = residentBytes();
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(builder.start(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        started.await();
        // Every task is parked (or about to): give the last ones a moment to reach park.
        Thread.sleep(50);
        long heap1 = usedHeapAfterGc();
        long rss1 = residentBytes();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return new Cost(n, Math.max(0, heap1 - heap0), Math.max(0, rss1 - rss0));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process (Linux); 0 where /proc is missing. */
    private static long residentBytes() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
