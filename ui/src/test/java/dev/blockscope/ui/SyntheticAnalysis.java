package dev.blockscope.ui;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A generated analysis of a busy recording: {@code tasks} virtual threads on {@code carriers}
 * carriers, each cycling run → suspend (sleep, lock, socket, queue) → runnable, {@code cycles}
 * times. Seeded, so every run produces the same bytes. It stands in for the analyzer's output in
 * the large-report tests, the server tests (as an {@link AnalysisSource} that slices windows) and
 * the benchmark; the per-task sums it writes are computed from the intervals it generated.
 */
final class SyntheticAnalysis implements AnalysisSource {

    static final String[] STATES = {"RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN"};
    static final String[] REASONS = {"sleep", "park.lock", "socket.read", "park.queue"};
    /** Blocker classes (schema 0.3): a lock wait's and a queue wait's, none for sleep and socket reads. */
    static final String[] BLOCKERS = {"java.util.concurrent.locks.ReentrantLock$NonfairSync", "java.util.concurrent.LinkedBlockingQueue"};
    static final int RUNNING = 0, RUNNABLE = 1, SUSPENDED = 2;
    static final long TASK_ID_BASE = 1000, CARRIER_ID_BASE = 100;

    final int tasks;
    final int carriers;
    final int n;
    final long[] task, start, end, carrier, waker;
    final int[] state, reason, stack, blocker;
    final long duration;

    SyntheticAnalysis(int tasks, int cycles, int carriers, long seed) {
        this(tasks, cycles, carriers, seed, 0);
    }

    /** As above, with every time shifted by {@code offset} ns (a window late in a long recording). */
    SyntheticAnalysis(int tasks, int cycles, int carriers, long seed, long offset) {
        this.tasks = tasks;
        this.carriers = carriers;
        this.n = tasks * cycles * 3;
        task = new long[n]; start = new long[n]; end = new long[n]; carrier = new long[n]; waker = new long[n];
        state = new int[n]; reason = new int[n]; stack = new int[n]; blocker = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        long last = 0;
        int i = 0;
        for (int t = 0; t < tasks; t++) {
            long now = offset + random.nextLong(1_000_000);
            for (int c = 0; c < cycles; c++) {
                long run = 2_000 + random.nextLong(40_000);
                int r = random.nextInt(REASONS.length);
                long wait = 5_000 + random.nextLong(r == 0 ? 400_000 : 150_000);
                long latency = 500 + random.nextLong(30_000);
                i = put(i, t, now, now + run, RUNNING, -1, CARRIER_ID_BASE + random.nextInt(carriers), -1, -1);
                now += run;
                i = put(i, t, now, now + wait, SUSPENDED, r, -1, r, -1);
                now += wait;
                i = put(i, t, now, now + latency, RUNNABLE, -1, -1, -1, TASK_ID_BASE + random.nextInt(tasks));
                now += latency;
            }
            last = Math.max(last, now);
        }
        duration = last;
    }

    /**
     * An analysis of exactly these intervals (task ids from TASK_ID_BASE, {@code tasks} of them, on
     * one carrier): for a test whose story needs a particular shape, such as clustered wake-ups.
     */
    SyntheticAnalysis(int tasks, long[] task, long[] start, long[] end, int[] state, int[] reason, long[] waker) {
        this.tasks = tasks;
        this.carriers = 1;
        this.n = task.length;
        this.task = task; this.start = start; this.end = end; this.state = state; this.reason = reason; this.waker = waker;
        carrier = new long[n]; stack = new int[n]; blocker = new int[n];
        long last = 0;
        for (int i = 0; i < n; i++) {
            carrier[i] = state[i] == RUNNING ? CARRIER_ID_BASE : -1;
            stack[i] = reason[i];
            blocker[i] = reason[i] == 1 ? 0 : reason[i] == 3 ? 1 : -1;
            last = Math.max(last, end[i]);
        }
        duration = last;
    }

    private int put(int i, int t, long s, long e, int st, int r, long c, int stk, long w) {
        task[i] = TASK_ID_BASE + t; start[i] = s; end[i] = e; state[i] = st; reason[i] = r; carrier[i] = c; stack[i] = stk; waker[i] = w;
        blocker[i] = r == 1 ? 0 : r == 3 ? 1 : -1;
        return i + 1;
    }

    /** The whole analysis with every interval inline (what {@code report} embeds). */
    byte[] analysisJson() {
        return json(true);
    }

    @Override
    public byte[] summaryJson() {
        return json(false);
    }

    @Override
    public byte[] windowJson(long startNanos, long endNanos, int maxIntervals) {
        int[] picked = new int[Math.min(n, maxIntervals)];
        int count = 0;
        boolean truncated = false;
        for (int i = 0; i < n; i++) {
            if (end[i] < startNanos || start[i] > endNanos) {
                continue;
            }
            if (count == picked.length) {
                truncated = true;
                break;
            }
            picked[count++] = i;
        }
        StringBuilder out = new StringBuilder(64 + count * 48);
        out.append("{\"timeline\":");
        timeline(out, Arrays.copyOf(picked, count), truncated);
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the summary says its timeline was truncated (as the analyzer's does past its budget). */
    boolean truncated;

    @Override
    public byte[] rangeJson(long startNanos, long endNanos) {
        return RangeSummary.json(new RangeSummary.Timeline(java.util.List.of(STATES), java.util.List.of(REASONS), task, start, end,
                state, reason, carrier, stack, java.util.Set.of(), truncated ? "a test source that says it is truncated" : null),
                startNanos, endNanos);
    }

    private byte[] json(boolean withTimeline) {
        StringBuilder out = new StringBuilder(withTimeline ? n * 50 + 100_000 : 200_000);
        out.append("{\"schema\":\"blockscope.analysis/1\",\"source\":{\"file\":\"synthetic.jfr\",\"kind\":\"blockscope\",")
           .append("\"jvm\":\"25.0.3\",\"events\":").append(n * 2L).append(",\"skipped\":[],\"limits\":[]},")
           .append("\"window\":{\"startEpochNanos\":1795000000000000000,\"durationNanos\":").append(duration).append("},\"tasks\":[");
        long[][] states = new long[tasks][STATES.length];
        long[][] reasons = new long[tasks][REASONS.length];
        long[] first = new long[tasks], lastEnd = new long[tasks];
        Arrays.fill(first, Long.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            int t = (int) (task[i] - TASK_ID_BASE);
            states[t][state[i]] += end[i] - start[i];
            if (reason[i] >= 0) reasons[t][reason[i]] += end[i] - start[i];
            first[t] = Math.min(first[t], start[i]);
            lastEnd[t] = Math.max(lastEnd[t], end[i]);
        }
        for (int t = 0; t < tasks; t++) {
            if (t > 0) out.append(',');
            out.append("{\"id\":").append(TASK_ID_BASE + t).append(",\"name\":\"worker-").append(t).append("\",\"virtual\":true,\"parent\":1,")
               .append("\"runtimeName\":null,\"group\":\"").append(t % 2 == 0 ? "fetchers" : "parsers").append("\",\"start\":").append(first[t])
               .append(",\"end\":").append(lastEnd[t]).append(",\"states\":{");
            for (int s = 0; s < STATES.length; s++) out.append(s > 0 ? "," : "").append('"').append(STATES[s]).append("\":").append(states[t][s]);
            out.append("},\"reasons\":{");
            for (int r = 0; r < REASONS.length; r++) out.append(r > 0 ? "," : "").append('"').append(REASONS[r]).append("\":").append(reasons[t][r]);
            out.append("},\"suspensions\":").append(n / tasks / 3).append(",\"longest\":[]}");
        }
        out.append("],\"timeline\":");
        timeline(out, withTimeline ? null : new int[0], truncated);
        out.append(",\"stacks\":[[\"java.lang.Thread.sleep:500\",\"app.Worker.run:10\"],")
           .append("[\"java.util.concurrent.locks.LockSupport.park:221\",\"app.Cache.get:52\",\"app.Worker.run:11\"],")
           .append("[\"sun.nio.ch.NioSocketImpl.read:328\",\"app.Fetcher.fetch:60\",\"app.Worker.run:12\"],")
           .append("[\"java.util.concurrent.LinkedBlockingQueue.take:435\",\"app.Worker.run:13\"]],\"carriers\":[");
        for (int c = 0; c < carriers; c++) {
            out.append(c > 0 ? "," : "").append("{\"id\":").append(CARRIER_ID_BASE + c).append(",\"name\":\"ForkJoinPool-1-worker-").append(c + 1)
               .append("\",\"busy\":0,\"pinned\":0,\"blocked\":0,\"slices\":0,\"tasks\":0}");
        }
        out.append("],\"blocking\":{\"byReason\":{},\"byStack\":[]},\"pinning\":[],\"schedLatency\":null,\"overhead\":null,\"scheduler\":[]}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void timeline(StringBuilder out, int[] indices, boolean truncated) {
        out.append("{\"states\":[");
        for (int s = 0; s < STATES.length; s++) out.append(s > 0 ? "," : "").append('"').append(STATES[s]).append('"');
        out.append("],\"reasons\":[");
        for (int r = 0; r < REASONS.length; r++) out.append(r > 0 ? "," : "").append('"').append(REASONS[r]).append('"');
        out.append("],\"blockers\":[");
        for (int b = 0; b < BLOCKERS.length; b++) out.append(b > 0 ? "," : "").append('"').append(BLOCKERS[b]).append('"');
        out.append(']');
        column(out, "task", indices, i -> task[i]);
        column(out, "start", indices, i -> start[i]);
        column(out, "end", indices, i -> end[i]);
        column(out, "state", indices, i -> state[i]);
        column(out, "reason", indices, i -> reason[i]);
        column(out, "carrier", indices, i -> carrier[i]);
        column(out, "stack", indices, i -> stack[i]);
        column(out, "waker", indices, i -> waker[i]);
        column(out, "blocker", indices, i -> blocker[i]);
        out.append(",\"truncated\":").append(truncated).append('}');
    }

    private void column(StringBuilder out, String name, int[] indices, java.util.function.IntToLongFunction value) {
        out.append(",\"").append(name).append("\":[");
        int count = indices == null ? n : indices.length;
        for (int k = 0; k < count; k++) {
            if (k > 0) out.append(',');
            out.append(value.applyAsLong(indices == null ? k : indices[k]));
        }
        out.append(']');
    }
}
