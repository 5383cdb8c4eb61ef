package dev.blockscope.analyzer.profile;

/**
 * Wall time per virtual thread, mounted and not: on one carrier
 * ({@code -Djdk.virtualThreadScheduler.parallelism=1}) {@code spin-a} spins turns of about 8 ms
 * and {@code spin-b} of about 4 ms, each sleeping 1 ms between turns, while {@code sleeper} sleeps
 * 5 ms at a time and does nothing else (unmounted nearly all its life). Sleeps, not yields,
 * between turns: two threads yielding in turn on one carrier kept the sleeper's wake-up waiting
 * for the carrier the whole run (the pool polls its external queue only when its own is empty). Each measures the wall
 * time it was mounted (from each resumption to its next yield or sleep) and prints
 * {@code GROUND-TRUTH mounted <name> <nanos>} and {@code GROUND-TRUTH lifetime <name> <nanos>}.
 */
public final class WallShares {
    private static final String[] NAMES = {"spin-a", "spin-b", "sleeper"};

    /** Argument: how long the three run, in seconds (default 3). */
    public static void main(String[] args) throws Exception {
        long runFor = (long) ((args.length > 0 ? Double.parseDouble(args[0]) : 3) * 1e9);
        long end = System.nanoTime() + runFor;
        long[] mounted = new long[NAMES.length];
        long[] lifetime = new long[NAMES.length];
        Thread[] threads = new Thread[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            int k = i;
            threads[i] = Thread.ofVirtual().name(NAMES[i]).unstarted(() -> {
                long born = System.nanoTime();
                try {
                    mounted[k] = k == 2 ? sleep(end) : spin(k == 0 ? 8_000_000 : 4_000_000, end);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                lifetime[k] = System.nanoTime() - born;
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < NAMES.length; i++) {
            System.out.println("GROUND-TRUTH mounted " + NAMES[i] + " " + mounted[i]);
            System.out.println("GROUND-TRUTH lifetime " + NAMES[i] + " " + lifetime[i]);
        }
    }

    private static long spin(long turn, long end) throws InterruptedException {
        long mounted = 0;
        long sink = 0;
        long resumed = System.nanoTime();
        while (resumed < end) {
            long stop = resumed + turn;
            while (System.nanoTime() < stop) {
                sink += Long.numberOfTrailingZeros(sink + stop) ^ sink;
            }
            mounted += System.nanoTime() - resumed;
            Thread.sleep(1);
            resumed = System.nanoTime();
        }
        return sink == 42 ? mounted + 1 : mounted;
    }

    private static long sleep(long end) throws InterruptedException {
        long mounted = 0;
        long resumed = System.nanoTime();
        while (resumed < end) {
            mounted += System.nanoTime() - resumed;
            Thread.sleep(5);
            resumed = System.nanoTime();
        }
        return mounted;
    }
}
