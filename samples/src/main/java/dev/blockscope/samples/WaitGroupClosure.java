package dev.blockscope.samples;

import dev.blockscope.runtime.Channel;
import dev.blockscope.runtime.Task;
import dev.blockscope.runtime.WaitGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The book's WaitGroup and closure examples on the runtime.
 * <ol>
 *   <li>Fan-out / fan-in: N workers each compute a square after a short sleep and send it on a
 *       buffered channel; {@code main} waits for all with a WaitGroup, then sums.</li>
 *   <li>The closure that outlives its scope: in Go a goroutine assigns {@code salutation =
 *       "welcome"} and the runtime moves the variable to the heap. Java's rule that a lambda may
 *       capture only effectively-final locals forbids the assignment; the program must move the
 *       variable to the heap itself (here an {@link AtomicReference}).</li>
 *   <li>The loop closure: before Go 1.22 the goroutines of {@code for _, s := range ...} shared
 *       one variable and all printed "good day"; a Java lambda captures the value of its own
 *       iteration, as Go does since 1.22.</li>
 * </ol>
 * Every worker sleeps before finishing, so each of main's three {@code await} calls waits: the
 * ground truth counts them. Usage: {@code WaitGroupClosure [--workers N]} (default 10).
 */
public final class WaitGroupClosure {
    private static final int SLEEP_MS = 100;

    private WaitGroupClosure() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args, "workers");
        int workers = Options.positiveInt(opts, "workers", 10);
        Task.adopt("waitgroup", "main");

        // 1. fan-out / fan-in
        WaitGroup wg = new WaitGroup();
        Channel<Long> squares = Channel.buffered(workers);
        for (int i = 1; i <= workers; i++) {
            long n = i;
            wg.go("square-" + i, () -> {
                pause();
                squares.send(n * n);
            });
        }
        wg.await();
        squares.close();
        long sum = 0;
        for (long s : squares) {
            sum += s;
        }
        long expected = (long) workers * (workers + 1) * (2L * workers + 1) / 6;
        System.out.printf("fan-out: %d workers, sum of squares %d (expected %d)%n", workers, sum, expected);

        // 2. the variable that must outlive its scope
        AtomicReference<String> salutation = new AtomicReference<>("hello");
        WaitGroup closure = new WaitGroup();
        closure.go("closure", () -> {
            pause();
            salutation.set("welcome");
        });
        closure.await();
        System.out.println("closure: salutation is now \"" + salutation.get()
                + "\" (Go moves the captured variable to the heap; Java makes you do it: AtomicReference)");

        // 3. loop closures capture their own iteration's value
        WaitGroup loop = new WaitGroup();
        List<String> greetings = List.of("hello", "greetings", "good day");
        String[] printed = new String[greetings.size()];
        int index = 0;
        for (String g : greetings) {
            int slot = index++;
            loop.go("greet-" + slot, () -> {
                pause();
                printed[slot] = g;
                System.out.println("loop closure: " + g);
            });
        }
        loop.await();
        boolean eachOwnValue = List.of(printed).equals(greetings);
        System.out.println("each closure saw its own iteration's value: " + eachOwnValue
                + " (Go before 1.22 printed \"good day\" three times)");

        GroundTruth.of("waitgroup-closure")
                .put("workers", workers)
                .put("sum", sum)
                .put("expected_sum", expected)
                .put("salutation", salutation.get())
                .put("loop_closures_own_value", eachOwnValue)
                .put("tasks_started", workers + 1 + greetings.size())
                .put("waitgroup_waits", 3)
                .put("worker_sleep_ms", SLEEP_MS)
                .print();
    }

    private static void pause() {
        try {
            Thread.sleep(SLEEP_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
