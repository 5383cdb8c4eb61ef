package dev.blockscope.analyzer.profile;

/**
 * Four virtual threads on two carriers ({@code -Djdk.virtualThreadScheduler.parallelism=2})
 * contending on one monitor: each enters it in a method of its own ({@code holdOne} ...
 * {@code holdEight}, so a sample's stack says whose it was), holds it spinning 0.5, 1, 2 or 4 ms,
 * and yields. Each measures the time from asking for the monitor to holding it and prints
 * {@code GROUND-TRUTH waited <name> <nanos> <entries>}.
 */
public final class LockShares {
    private static final Object MONITOR = new Object();
    private static final String[] NAMES = {"hold-1", "hold-2", "hold-4", "hold-8"};

    /** Argument: how long they contend, in seconds (default 3). */
    public static void main(String[] args) throws Exception {
        long end = System.nanoTime() + (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 3) * 1e9);
        long[] waited = new long[NAMES.length];
        long[] entries = new long[NAMES.length];
        Thread[] threads = new Thread[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            int k = i;
            threads[i] = Thread.ofVirtual().name(NAMES[i]).unstarted(() -> {
                while (System.nanoTime() < end) {
                    long asked = System.nanoTime();
                    long got = switch (k) {
                        case 0 -> holdOne();
                        case 1 -> holdTwo();
                        case 2 -> holdFour();
                        default -> holdEight();
                    };
                    waited[k] += got - asked;
                    entries[k]++;
                    Thread.yield();
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < NAMES.length; i++) {
            System.out.println("GROUND-TRUTH waited " + NAMES[i] + " " + waited[i] + " " + entries[i]);
        }
    }

    private static long holdOne() {
        synchronized (MONITOR) {
            return spin(500_000);
        }
    }

    private static long holdTwo() {
        synchronized (MONITOR) {
            return spin(1_000_000);
        }
    }

    private static long holdFour() {
        synchronized (MONITOR) {
            return spin(2_000_000);
        }
    }

    private static long holdEight() {
        synchronized (MONITOR) {
            return spin(4_000_000);
        }
    }

    /** Spins {@code nanos} holding the monitor; returns when it began (the monitor held). */
    private static long spin(long nanos) {
        long got = System.nanoTime();
        while (System.nanoTime() < got + nanos) {
            Thread.onSpinWait();
        }
        return got;
    }
}
