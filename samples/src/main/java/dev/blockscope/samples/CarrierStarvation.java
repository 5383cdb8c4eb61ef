package dev.blockscope.samples;

import dev.blockscope.runtime.Task;
import dev.blockscope.runtime.WaitGroup;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Carrier starvation: virtual threads are not time-sliced, so CPU-bound tasks that never block
 * hold their carriers, and every other task that wakes up waits for a carrier. Tickers sleep
 * 1 ms in a loop and measure how late they wake; first alone (baseline), then while as many
 * CPU-bound tasks as there are carriers spin for a while. The lateness is the scheduler latency
 * blockscope reports (unpark to mount).
 *
 * <p>Usage: {@code CarrierStarvation [--parallelism N] [--spin-ms N] [--tickers N]} (defaults 2,
 * 300, 4). The parallelism is set before the first virtual thread starts, unless
 * {@code -Djdk.virtualThreadScheduler.parallelism} was given.
 */
public final class CarrierStarvation {
    private CarrierStarvation() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args, "parallelism", "spin-ms", "tickers");
        int parallelism = Carriers.requestParallelism(Options.positiveInt(opts, "parallelism", 2));
        int spinMs = Options.positiveInt(opts, "spin-ms", 300);
        int tickers = Options.positiveInt(opts, "tickers", 4);
        Task.adopt("starvation", "main");

        long[] baseline = tick(tickers, spinMs, 0);
        long[] starved = tick(tickers, spinMs, parallelism);
        System.out.printf(Locale.ROOT, "carrier starvation: %d carriers, %d tickers sleeping 1 ms, %d ms phases%n",
                parallelism, tickers, spinMs);
        System.out.printf(Locale.ROOT, "  %-36s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%d wake-ups)%n",
                "baseline", ms(pct(baseline, 50)), ms(pct(baseline, 99)), ms(max(baseline)), baseline.length);
        System.out.printf(Locale.ROOT, "  %-36s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%d wake-ups)%n",
                parallelism + " CPU-bound tasks hold every carrier", ms(pct(starved, 50)), ms(pct(starved, 99)),
                ms(max(starved)), starved.length);
        GroundTruth.of("carrier-starvation")
                .put("parallelism", parallelism)
                .put("cpu_tasks", parallelism)
                .put("spin_ms", spinMs)
                .put("tickers", tickers)
                .put("baseline_wakeups", baseline.length)
                .put("baseline_p99_late_ms", ms(pct(baseline, 99)))
                .put("baseline_max_late_ms", ms(max(baseline)))
                .put("starved_wakeups", starved.length)
                .put("starved_p99_late_ms", ms(pct(starved, 99)))
                .put("starved_max_late_ms", ms(max(starved)))
                .print();
    }

    /**
     * Runs the tickers for {@code phaseMs}, with {@code spinners} CPU-bound tasks started just
     * after them; returns every wake-up's lateness in ns.
     */
    private static long[] tick(int tickers, int phaseMs, int spinners) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] lateness = new long[tickers][];
        WaitGroup wg = new WaitGroup();
        for (int t = 0; t < tickers; t++) {
            int me = t;
            wg.go("ticker-" + t, () -> {
                long[] late = new long[4096];
                int n = 0;
                while (!stop.get() && n < late.length) {
                    long before = System.nanoTime();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                    late[n++] = Math.max(0, System.nanoTime() - before - 1_000_000);
                }
                lateness[me] = Arrays.copyOf(late, n);
            });
        }
        Thread.sleep(20); // the tickers are ticking
        WaitGroup spin = new WaitGroup();
        long phaseEnd = System.nanoTime() + phaseMs * 1_000_000L;
        for (int s = 0; s < spinners; s++) {
            spin.go("cpu-bound-" + s, () -> {
                long x = 0;
                while (System.nanoTime() < phaseEnd) {
                    x += x * 31 + 7; // no call that could block or yield
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
        }
        Thread.sleep(Math.max(1, (phaseEnd - System.nanoTime()) / 1_000_000));
        spin.await();
        Thread.sleep(20); // let the tickers see the carriers free again
        stop.set(true);
        wg.await();
        return Arrays.stream(lateness).flatMapToLong(Arrays::stream).sorted().toArray();
    }

    private static long pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    private static double ms(long ns) {
        return ns / 1e6;
    }
}
