package dev.blockscope.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The panels of a selected time range, computed on the server from every interval it has
 * ({@code serve}'s {@code /api/range}). The page used to compute them from the window it fetched
 * for the range, whose short intervals were merged to fit its budget: a merged RUNNABLE is no
 * longer a wake-up, and a 1M-suspension recording's range showed 52,415 wake-ups at p50 1.73 µs
 * where the recording has 271 ns. The rules are those of the page's own range aggregation
 * ({@code aggregateRange} in panels.js, which a report computes from its embedded intervals), and
 * the browser tests hold both to the same figures.
 *
 * <p>The answer says when it is partial: when the timeline it was computed from is itself
 * truncated (the analyzer kept its longest intervals, so short waits and wake-ups are missing).
 */
public final class RangeSummary {
    private RangeSummary() {}

    /**
     * The timeline's columns, as in the analysis JSON; {@code carrierTasks} are the ids of the
     * carrier threads' own tasks ({@code tasks[].carrier}); {@code partial} says why the columns
     * do not hold every interval of the recording, or is null when they do.
     */
    public record Timeline(List<String> states, List<String> reasons, long[] task, long[] start, long[] end, int[] state,
                           int[] reason, long[] carrier, int[] stack, Set<Long> carrierTasks, String partial) implements Intervals {
        @Override public long size() { return task.length; }
        @Override public long task(long i) { return task[(int) i]; }
        @Override public long start(long i) { return start[(int) i]; }
        @Override public long end(long i) { return end[(int) i]; }
        @Override public int state(long i) { return state[(int) i]; }
        @Override public int reason(long i) { return reason[(int) i]; }
        @Override public long carrier(long i) { return carrier[(int) i]; }
        @Override public int stack(long i) { return stack[(int) i]; }
    }

    /**
     * The intervals a range is computed from, by position: the columns of {@link Timeline}, or a
     * file of every interval of the recording ({@code serve} of a large one); names as in the JSON.
     */
    public interface Intervals {
        List<String> states();
        List<String> reasons();
        /** Ids of the carrier threads' own tasks. */
        Set<Long> carrierTasks();
        /** Why these are not every interval of the recording, or null. */
        String partial();
        long size();
        long task(long i);
        long start(long i);
        long end(long i);
        int state(long i);
        int reason(long i);
        long carrier(long i);
        int stack(long i);

        /**
         * Passes {@code visit} the position of every interval that may overlap {@code [from, to]}
         * (at least those that do), in the order of the positions: all of them unless an
         * implementation can skip those that cannot.
         */
        default void candidates(long from, long to, java.util.function.LongConsumer visit) {
            for (long i = 0, n = size(); i < n; i++) {
                visit.accept(i);
            }
        }
    }

    private static final class Wait {
        final int stack;
        final int reason;
        long total;
        long count;
        long max;
        final Set<Long> tasks = new HashSet<>();

        Wait(int stack, int reason) {
            this.stack = stack;
            this.reason = reason;
        }

        void add(long d) {
            total += d;
            count++;
        }
    }

    private static final class Carrier {
        final long id;
        long busy;
        long pinned;
        long idle;
        long slices;
        final Set<Long> tasks = new HashSet<>();

        Carrier(long id) {
            this.id = id;
        }
    }

    /** What a range counts as its intervals are visited. */
    private static final class Counts {
        long[] latencies = new long[64];
        long[] latencyTimes = new long[64];
        int latencyCount;
        long switches;
        long intervals;
    }

    /** The JSON object the page's panels read for the range [from, to] (docs/ui.md, "serve"). */
    public static byte[] json(Intervals tl, long from, long to) {
        int running = tl.states().indexOf("RUNNING");
        int runnable = tl.states().indexOf("RUNNABLE");
        int suspended = tl.states().indexOf("SUSPENDED");
        int pinned = tl.states().indexOf("BLOCKED_PINNED");
        int blockedState = tl.states().indexOf("BLOCKED");
        int idleReason = tl.reasons().indexOf("carrier.idle");
        boolean[] idleLike = new boolean[tl.reasons().size()];
        for (int r = 0; r < idleLike.length; r++) {
            idleLike[r] = r == idleReason || tl.reasons().get(r).startsWith("park.");
        }
        Map<Long, Wait> flame = new LinkedHashMap<>();
        Map<Long, Wait> pins = new LinkedHashMap<>();
        Map<Long, Wait> sched = new LinkedHashMap<>(); // RUNNABLE time by the wait it was woken from
        Map<Long, Carrier> carriers = new LinkedHashMap<>();
        Counts acc = new Counts();
        tl.candidates(from, to, i -> {
            long s = tl.start(i);
            long e = tl.end(i);
            if (e < from || s > to) {
                return;
            }
            acc.intervals++;
            long d = Math.min(e, to) - Math.max(s, from);
            int st = tl.state(i);
            int r = tl.reason(i);
            long task = tl.task(i);
            boolean carrierThread = tl.carrierTasks().contains(task);
            boolean startsIn = s >= from && s <= to;
            if (st == suspended && startsIn) {
                acc.switches++;
            }
            boolean waiting = st == suspended || st == blockedState || st == pinned;
            // as the analyzer's blocking profile: no waits of carrier threads, no carrier.idle from anyone
            if (waiting && d > 0 && (idleReason < 0 || r != idleReason) && !carrierThread) {
                int stack = tl.stack(i);
                long key = ((long) stack << 32) ^ (r & 0xFFFFFFFFL);
                Wait w = flame.computeIfAbsent(key, k -> new Wait(stack, r));
                w.total += d;
                w.count++;
                if (st == pinned) {
                    Wait p = pins.computeIfAbsent(key, k -> new Wait(stack, r));
                    p.count++;
                    p.total += d;
                    p.max = Math.max(p.max, d);
                    p.tasks.add(task);
                }
            }
            if (st == runnable && d > 0) {
                int stack = tl.stack(i);
                sched.computeIfAbsent(((long) stack << 32) ^ (r & 0xFFFFFFFFL), k -> new Wait(stack, r)).add(d);
            }
            if (st == runnable && startsIn) {
                if (acc.latencyCount == acc.latencies.length) {
                    acc.latencies = Arrays.copyOf(acc.latencies, acc.latencyCount * 2);
                    acc.latencyTimes = Arrays.copyOf(acc.latencyTimes, acc.latencyCount * 2);
                }
                acc.latencies[acc.latencyCount] = e - s;
                acc.latencyTimes[acc.latencyCount++] = s;
            }
            // a carrier's idle time: the carrier thread's own waits in its pool, nothing carried
            if (st == blockedState && tl.carrier(i) < 0 && d > 0 && carrierThread && r >= 0 && idleLike[r]) {
                carriers.computeIfAbsent(task, Carrier::new).idle += d;
            }
            if ((st == running || st == pinned) && tl.carrier(i) >= 0 && d >= 0 && !carrierThread) {
                Carrier c = carriers.computeIfAbsent(tl.carrier(i), Carrier::new);
                c.busy += d;
                if (st == running) {
                    c.slices++;
                    c.tasks.add(task);
                } else {
                    c.pinned += d;
                }
            }
        });
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"flame\":[");
        String sep = "";
        for (Wait w : flame.values()) {
            out.append(sep).append("{\"stack\":").append(w.stack).append(",\"reason\":").append(reasonJson(tl, w.reason))
                    .append(",\"total\":").append(w.total).append(",\"count\":").append(w.count).append('}');
            sep = ",";
        }
        out.append("],\"sched\":[");
        sep = "";
        for (Wait w : sched.values()) {
            out.append(sep).append("{\"stack\":").append(w.stack).append(",\"reason\":")
                    .append(w.reason < 0 ? "\"other\"" : reasonJson(tl, w.reason))
                    .append(",\"total\":").append(w.total).append(",\"count\":").append(w.count).append('}');
            sep = ",";
        }
        out.append("],\"pinning\":[");
        sep = "";
        List<Wait> pinList = new ArrayList<>(pins.values());
        pinList.sort(Comparator.comparingLong((Wait w) -> w.total).reversed());
        for (Wait p : pinList) {
            out.append(sep).append("{\"stack\":").append(p.stack).append(",\"reason\":").append(reasonJson(tl, p.reason))
                    .append(",\"count\":").append(p.count).append(",\"total\":").append(p.total).append(",\"max\":").append(p.max)
                    .append(",\"tasks\":").append(p.tasks.size()).append('}');
            sep = ",";
        }
        out.append("],\"latency\":");
        latency(out, Arrays.copyOf(acc.latencies, acc.latencyCount), Arrays.copyOf(acc.latencyTimes, acc.latencyCount), from, to);
        out.append(",\"carriers\":[");
        sep = "";
        for (Carrier c : carriers.values()) {
            out.append(sep).append("{\"id\":").append(c.id).append(",\"busy\":").append(c.busy).append(",\"pinned\":").append(c.pinned)
                    .append(",\"idle\":").append(c.idle).append(",\"slices\":").append(c.slices).append(",\"tasks\":").append(c.tasks.size())
                    .append('}');
            sep = ",";
        }
        out.append("],\"switches\":").append(acc.switches).append(",\"intervals\":").append(acc.intervals).append(",\"partial\":")
                .append(tl.partial() == null ? "null" : quote(tl.partial())).append('}');
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Percentiles, a 1-2-5 histogram and 40 windows over the range, as panels.js's latencyStats. */
    private static void latency(StringBuilder out, long[] durations, long[] times, long from, long to) {
        long[] sorted = durations.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        long sum = 0;
        for (long d : durations) {
            sum += d;
        }
        out.append("{\"count\":").append(n).append(",\"p50\":").append(pct(sorted, 0.5)).append(",\"p90\":").append(pct(sorted, 0.9))
                .append(",\"p99\":").append(pct(sorted, 0.99)).append(",\"max\":").append(n == 0 ? 0 : sorted[n - 1])
                .append(",\"mean\":").append(n == 0 ? 0 : (double) sum / n).append(",\"histogram\":[");
        int k = 0;
        long[] steps = {1, 2, 5};
        for (int b = 0; b < 40; b++) {
            long upTo = steps[b % 3] * (long) Math.pow(10, 3 + b / 3);
            int c = 0;
            while (k < n && sorted[k] <= upTo) {
                c++;
                k++;
            }
            out.append(b == 0 ? "" : ",").append("{\"upTo\":").append(upTo).append(",\"count\":").append(c).append('}');
            if (k >= n && upTo >= (n == 0 ? 0 : sorted[n - 1])) {
                break;
            }
        }
        out.append("],\"overTime\":[");
        int buckets = 40;
        double width = Math.max(1, (to - from) / (double) buckets);
        List<List<Long>> per = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            per.add(new ArrayList<>());
        }
        for (int i = 0; i < times.length; i++) {
            per.get(Math.min(buckets - 1, (int) Math.floor((times[i] - from) / width))).add(durations[i]);
        }
        for (int b = 0; b < buckets; b++) {
            long[] list = per.get(b).stream().mapToLong(Long::longValue).sorted().toArray();
            out.append(b == 0 ? "" : ",").append("{\"t\":").append((double) from + b * width).append(",\"count\":").append(list.length)
                    .append(",\"p99\":").append(list.length == 0 ? 0 : list[Math.min(list.length - 1, (int) Math.floor(0.99 * list.length))])
                    .append(",\"max\":").append(list.length == 0 ? 0 : list[list.length - 1]).append('}');
        }
        out.append("]}");
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    private static String reasonJson(Intervals tl, int reason) {
        return reason < 0 || reason >= tl.reasons().size() ? "null" : quote(tl.reasons().get(reason));
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == '<' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
