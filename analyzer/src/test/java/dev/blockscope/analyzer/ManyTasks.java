package dev.blockscope.analyzer;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A server that starts a virtual thread per request, as events made on the fly (nothing is kept
 * per task, so millions of tasks cost the generator nothing): task {@code i} starts every 10 µs,
 * waits 1 to 3 times, ends, and its ground truth is arithmetic ({@link #truth}). The story: a
 * 10-minute Jetty soak (about 4M such tasks) ran a 12 GB heap out because every task kept its
 * timeline and its row until the end.
 *
 * <p>Task {@code i}: id {@code FIRST_ID + i}; named {@code request-i}, unnamed when {@code i} is a
 * multiple of 1,000; carried by carrier {@code 1 + i % 4}; lifetime {@code L} (40-80 µs, and
 * 20 ms for the task in the middle, {@link #longTask}) cut into {@code 2w + 1} equal slots, the
 * odd ones its {@code w = 1 + i % 3} waits; every tenth task's last wait held its carrier (pinned).
 */
public final class ManyTasks implements Iterable<TraceEvent> {
    public static final long FIRST_ID = 100;
    public static final long T0 = 1_000_000_000_000L;
    static final long STEP = 10_000;
    static final int CARRIERS = 4;
    private static final String[] REASONS = {"socket.read", "park.lock", "sleep"};

    private final int tasks;
    private final boolean ends;

    public ManyTasks(int tasks) {
        this(tasks, true);
    }

    /**
     * Without {@code ends} no task ends: every one is alive at the end, so the analysis keeps each
     * one's timeline and row, which is what it did for every task before ended ones were compacted
     * (for measuring that cost; {@link #truth} is then not what the analysis finds).
     */
    public ManyTasks(int tasks, boolean ends) {
        this.tasks = tasks;
        this.ends = ends;
    }

    public int tasks() {
        return tasks;
    }

    /** The task whose one long wait (20 ms) must keep its row whatever the bound. */
    public long longTask() {
        return FIRST_ID + tasks / 2;
    }

    static long start(int i) {
        return T0 + i * STEP;
    }

    long lifetime(int i) {
        return i == tasks / 2 ? 20_000_000 : 40_000 + (i % 5) * 10_000L;
    }

    static int waits(int i) {
        return 1 + i % 3;
    }

    long slot(int i) {
        return lifetime(i) / (2L * waits(i) + 1);
    }

    static String name(int i) {
        return i % 1000 == 0 ? null : "request-" + i;
    }

    static ThreadRef carrier(int i) {
        long id = 1 + i % CARRIERS;
        return new ThreadRef(id, "ForkJoinPool-1-worker-" + id, false);
    }

    /** The end of the last task: the window's end. */
    public long end() {
        long end = 0;
        for (int i = Math.max(0, tasks - 10); i < tasks; i++) {
            end = Math.max(end, start(i) + lifetime(i));
        }
        return Math.max(end, tasks > 0 ? start(tasks / 2) + lifetime(tasks / 2) : T0);
    }

    /** What the analysis must find, summed over every task. */
    public record Truth(long tasks, long suspensions, long running, long suspended, long pinned, long pinnedWaits,
                        long[] perCarrier) {}

    public Truth truth() {
        long suspensions = 0;
        long running = 0;
        long suspended = 0;
        long pinned = 0;
        long pinnedWaits = 0;
        long[] perCarrier = new long[CARRIERS];
        for (int i = 0; i < tasks; i++) {
            int w = waits(i);
            long q = slot(i);
            suspensions += w;
            boolean pins = i % 10 == 0;
            suspended += (pins ? w - 1 : w) * q;
            pinned += pins ? q : 0;
            pinnedWaits += pins ? 1 : 0;
            running += lifetime(i) - w * q;
            perCarrier[i % CARRIERS]++;
        }
        return new Truth(tasks, suspensions, running, suspended, pinned, pinnedWaits, perCarrier);
    }

    @Override
    public Iterator<TraceEvent> iterator() {
        return new Iterator<>() {
            // each task's next event: {time, task, step}; step 0 the start, 1..w the waits, w + 1 the end
            private final PriorityQueue<long[]> next = new PriorityQueue<>((a, b) -> a[0] != b[0]
                    ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            private int started;

            @Override
            public boolean hasNext() {
                return started < tasks || !next.isEmpty();
            }

            @Override
            public TraceEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (started < tasks && (next.isEmpty() || start(started) <= next.peek()[0])) {
                    int i = started++;
                    schedule(i, 1);
                    return new TraceEvent.TaskStarted(start(i), ref(i), ThreadRef.NONE, carrier(i), true);
                }
                long[] e = next.poll();
                int i = (int) e[1];
                int step = (int) e[2];
                if (step > waits(i)) {
                    return new TraceEvent.TaskEnded(e[0], ref(i), true);
                }
                if (ends || step < waits(i)) {
                    schedule(i, step + 1);
                }
                long q = slot(i);
                long s = start(i) + (2L * step - 1) * q;
                boolean pinned = step == waits(i) && i % 10 == 0;
                return new TraceEvent.Blocked(s, s + q, ref(i), pinned ? "monitor.enter" : REASONS[(i + step) % REASONS.length],
                        pinned, pinned ? "Native frame" : null, carrier(i), carrier(i), -1, true, -1);
            }

            private void schedule(int i, int step) {
                long q = slot(i);
                long time = step > waits(i) ? start(i) + lifetime(i) : start(i) + 2L * step * q;
                next.add(new long[] {time, i, step});
            }
        };
    }

    static ThreadRef ref(int i) {
        return new ThreadRef(FIRST_ID + i, name(i), true);
    }
}
