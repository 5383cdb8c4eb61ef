package dev.blockscope.analyzer.profile;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Three virtual threads that share one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1})
 * and burn its CPU in turns of 12, 6 and 2 ms (each turn's length jittered, so no turn pattern
 * keeps step with the sampling interval), yielding between turns: 60%, 30% and 10% of what they
 * burn together. Each measures its own burn as the CPU time its carrier's OS thread spent from
 * each resumption to its next yield (the carrier's thread CPU clock; the wall time of its turns
 * where that clock is not available) and prints one line per thread:
 * {@code GROUND-TRUTH burn <name> <nanos>}.
 */
public final class CpuShares {
    private static final String[] NAMES = {"burn-60", "burn-30", "burn-10"};
    private static final long[] TURN_NANOS = {12_000_000, 6_000_000, 2_000_000};

    /** CPU burnt by the three together so far: they stop once it reaches the target, whatever the machine's load. */
    private static final AtomicLong TOTAL = new AtomicLong();
    private static long target;

    /** Arguments: the CPU seconds to burn in all (default 1.5), and milliseconds to wait before (default 0). */
    public static void main(String[] args) throws Exception {
        target = (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 1.5) * 1e9);
        if (args.length > 1) {
            Thread.sleep(Long.parseLong(args[1])); // under record's startup=now, until the profiler runs
        }
        long end = System.nanoTime() + 60_000_000_000L; // a cap, for a machine that gives them almost no CPU
        long[] burnt = new long[NAMES.length];
        Thread[] threads = new Thread[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            int k = i;
            threads[i] = Thread.ofVirtual().name(NAMES[i]).unstarted(() -> burnt[k] = burn(k, end));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < NAMES.length; i++) {
            System.out.println("GROUND-TRUTH burn " + NAMES[i] + " " + burnt[i]);
        }
    }

    private static long burn(int who, long end) {
        long turn = TURN_NANOS[who];
        long total = 0;
        long sink = 0;
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        while (true) {
            long stop = System.nanoTime() + turn / 2 + ThreadLocalRandom.current().nextLong(turn);
            // a method of its own each, called after the yield: a sample's stack says whose turn it caught
            // (async-profiler walks a virtual thread's stack only down to the frames thawed since it resumed)
            sink += switch (who) {
                case 0 -> turnSixty(stop, sink);
                case 1 -> turnThirty(stop, sink);
                default -> turnTen(stop, sink);
            };
            long cpu1 = cpuNanos();
            long turnNanos = cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : System.nanoTime() - t0;
            total += turnNanos;
            if (TOTAL.addAndGet(turnNanos) >= target || System.nanoTime() >= end) {
                break;
            }
            Thread.yield();
            cpu0 = cpuNanos(); // from its resumption to its next yield: all it spent on the carrier
            t0 = System.nanoTime();
        }
        if (sink == 42) {
            System.out.print("");
        }
        return total;
    }

    static long turnSixty(long stop, long x) {
        while (System.nanoTime() < stop) {
            x += spin(x);
        }
        return x;
    }

    static long turnThirty(long stop, long x) {
        while (System.nanoTime() < stop) {
            x += spin(x);
        }
        return x;
    }

    static long turnTen(long stop, long x) {
        while (System.nanoTime() < stop) {
            x += spin(x);
        }
        return x;
    }

    private static long spin(long x) {
        for (int i = 0; i < 64; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    private static volatile long carrier = -1;

    /**
     * CPU time of the one carrier (the OS thread running the caller), or -1: the thread CPU
     * clock of the scheduler's only worker, found once by name (a clock_gettime, no file I/O, so
     * the reading itself adds little to the turn it measures).
     */
    private static long cpuNanos() {
        long id = carrier;
        if (id < 0) {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("ForkJoinPool-1-worker-")) {
                    id = t.threadId();
                }
            }
            carrier = id;
        }
        return id < 0 ? -1 : ManagementFactory.getThreadMXBean().getThreadCpuTime(id);
    }
}
