package dev.blockscope.samples;

import dev.blockscope.runtime.Channel;
import dev.blockscope.runtime.Select;
import dev.blockscope.runtime.Task;
import dev.blockscope.runtime.Trace;
import dev.blockscope.runtime.WaitGroup;
import java.time.Duration;
import java.util.Map;

/**
 * A channel pipeline on the runtime, Go style: a generator sends 1..N on an unbuffered
 * channel; W workers square them (every {@code slow-every}-th one slowly, as if it waited on a
 * backend) and send the squares on a buffered channel that a WaitGroup closes when all workers
 * are done; the consumer selects over the squares with a timeout, and logs each timeout.
 * Each square is computed in a {@code square} region; each timeout is one {@code Log} event.
 *
 * <p>Usage: {@code ChannelPipeline [--items N] [--workers N] [--slow-every N] [--slow-ms N]
 * [--timeout-ms N]} (defaults 200, 4, 25, 40, 10).
 */
public final class ChannelPipeline {
    private ChannelPipeline() {}

    /** What a run did. */
    record Result(long items, long sum, long timeouts, long regions) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = Options.parse(args, "items", "workers", "slow-every", "slow-ms", "timeout-ms");
        int items = Options.positiveInt(o, "items", 200);
        int workers = Options.positiveInt(o, "workers", 4);
        int slowEvery = Options.positiveInt(o, "slow-every", 25);
        int slowMs = Options.positiveInt(o, "slow-ms", 40);
        int timeoutMs = Options.positiveInt(o, "timeout-ms", 10);
        Task.adopt("pipeline", "main");
        Result r = run(items, workers, slowEvery, slowMs, timeoutMs);
        long expected = (long) items * (items + 1) * (2L * items + 1) / 6;
        System.out.printf("pipeline: %d items through %d workers, sum of squares %d (expected %d), "
                + "%d consumer timeouts of %d ms%n", r.items(), workers, r.sum(), expected, r.timeouts(), timeoutMs);
        GroundTruth.of("channel-pipeline")
                .put("items", r.items())
                .put("workers", workers)
                .put("sum", r.sum())
                .put("expected_sum", expected)
                .put("timeouts", r.timeouts())
                .put("timeout_ms", timeoutMs)
                .put("regions_square", r.regions())
                .put("logs_timeout", r.timeouts())
                .put("tasks_started", 1 + workers + 1 + 1)
                .put("waitgroup_waits", 1)
                .print();
    }

    /** Runs the pipeline and returns what the consumer saw. */
    static Result run(int items, int workers, int slowEvery, int slowMs, int timeoutMs) throws InterruptedException {
        Channel<Integer> numbers = Channel.unbuffered();
        Channel<Long> squares = Channel.buffered(4);

        Task.go("pipeline", "generator", () -> {
            for (int i = 1; i <= items; i++) {
                numbers.send(i);
            }
            numbers.close();
        });

        WaitGroup working = new WaitGroup();
        long[] regions = new long[workers];
        for (int w = 0; w < workers; w++) {
            int me = w;
            working.go("square-" + w, () -> {
                for (int n : numbers) {
                    try (var region = Trace.region("square")) {
                        if (n % slowEvery == 0) {
                            Pinning.sleepQuietly(slowMs);
                        }
                        squares.send((long) n * n);
                    }
                    regions[me]++;
                }
            });
        }
        Task.go("pipeline", "closer", () -> {
            working.await();
            squares.close();
        });

        long[] totals = new long[3]; // items, sum, timeouts
        boolean[] open = {true};
        Select next = new Select()
                .recv(squares, (v, ok) -> {
                    if (ok) {
                        totals[0]++;
                        totals[1] += v;
                    } else {
                        open[0] = false;
                    }
                })
                .timeout(Duration.ofMillis(timeoutMs), () -> {
                    totals[2]++;
                    Trace.log("consumer", "no square within " + timeoutMs + " ms");
                });
        Task consumer = Task.go("pipeline", "consumer", () -> {
            while (open[0]) {
                next.run();
            }
        });
        consumer.join();
        long regionCount = 0;
        for (long r : regions) {
            regionCount += r;
        }
        return new Result(totals[0], totals[1], totals[2], regionCount);
    }
}
