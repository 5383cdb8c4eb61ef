package dev.blockscope.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The measured workload: two threads pass a turn back and forth with {@code LockSupport}, so
 * every hand-off is one park (a suspension) and one unpark. Run in a child JVM by
 * {@link PingPongHarness}; prints {@code ns-per-handoff=<n>} (wall), {@code cpu-ns-per-handoff=<n>}
 * (process CPU time) and {@code task-cpu-ns-per-handoff=<n>} (CPU time of the threads that ran the
 * two sides only: the carriers for virtual threads, the sides themselves for platform threads)
 * for the timed rounds.
 */
public final class HandOff {
    private static volatile int turn;

    private HandOff() {}

    public static void main(String[] args) throws Exception {
        boolean virtual = args[0].equals("virtual");
        int warmup = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        run(virtual, warmup);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long carriers0 = carrierCpu();
        SIDES_CPU.set(0);
        long ns = run(virtual, rounds);
        long cpu = os.getProcessCpuTime() - cpu0;
        long task = virtual ? carrierCpu() - carriers0 : SIDES_CPU.get();
        // CPU time of the whole process (JFR's threads included) is steadier than wall time on a
        // shared machine, and the CPU time of the threads that ran the hand-offs steadier still:
        // other processes delay them, but that waiting is not CPU time. All three are printed.
        System.out.println("ns-per-handoff=" + (double) ns / (2.0 * rounds));
        System.out.println("cpu-ns-per-handoff=" + (double) cpu / (2.0 * rounds));
        System.out.println("task-cpu-ns-per-handoff=" + (double) task / (2.0 * rounds));
    }

    private static final java.util.concurrent.atomic.AtomicLong SIDES_CPU = new java.util.concurrent.atomic.AtomicLong();

    /** CPU time of the virtual-thread scheduler's carriers (threads named ForkJoinPool-N-worker-M). */
    private static long carrierCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().matches("ForkJoinPool-\\d+-worker-\\d+")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    /** Runs {@code rounds} round trips (two hand-offs each); returns elapsed nanoseconds. */
    static long run(boolean virtual, int rounds) throws InterruptedException {
        Thread[] sides = new Thread[2];
        Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
        turn = 0;
        for (int i = 0; i < 2; i++) {
            int me = i;
            sides[i] = builder.unstarted(() -> {
                Thread other = sides[1 - me];
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = virtual ? 0 : mx.getCurrentThreadCpuTime();
                for (int r = 0; r < rounds; r++) {
                    while (turn != me) {
                        LockSupport.park();
                    }
                    turn = 1 - me;
                    LockSupport.unpark(other);
                }
                if (!virtual) {
                    SIDES_CPU.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                }
            });
        }
        long t0 = System.nanoTime();
        sides[0].start();
        sides[1].start();
        sides[0].join();
        sides[1].join();
        return System.nanoTime() - t0;
    }
}
