package dev.blockscope.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The measured workload: two threads pass a turn back and forth with {@code LockSupport}, so
 * every hand-off is one park (a suspension) and one unpark. Run in a child JVM by
 * {@link PingPongHarness}; prints {@code ns-per-handoff=<n>} (wall) and {@code cpu-ns-per-handoff=<n>}
 * (process CPU time) for the timed rounds.
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
        long ns = run(virtual, rounds);
        long cpu = os.getProcessCpuTime() - cpu0;
        // CPU time of the whole process (JFR's threads included) is steadier than wall time on a
        // shared machine; both are printed.
        System.out.println("ns-per-handoff=" + (double) ns / (2.0 * rounds));
        System.out.println("cpu-ns-per-handoff=" + (double) cpu / (2.0 * rounds));
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
                for (int r = 0; r < rounds; r++) {
                    while (turn != me) {
                        LockSupport.park();
                    }
                    turn = 1 - me;
                    LockSupport.unpark(other);
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
