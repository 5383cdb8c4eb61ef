package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.report.Analysis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * CPU samples per task. A sample (jdk.ExecutionSample: async-profiler's, or the JDK's own
 * sampler) names the OS thread it caught; for a carrier that is not the task: the sample belongs
 * to the virtual thread mounted on it at that instant, which the run slices say (a virtual
 * thread's RUNNING and carrier-holding intervals, with their carrier). A carrier's sample outside
 * every slice is its own (its pool code, or the edge of a slice) and counted apart.
 *
 * <p>Slices arrive from the timelines in a bounded reorder window and samples in time order, so a
 * carrier's slices are kept while a sample may still fall in them (they ended less than
 * {@link #NO_SAMPLE_HORIZON} before the carrier's latest): older ones are dropped, the samples
 * they hold attributed first, by the same rule as at the end. Samples are kept to the end (12
 * bytes each, 16 on a carrier): the sampler's rate, not the events', sets their count.
 */
public final class CpuProfile {
    /** jdk.ExecutionSample: the thread was running Java or native code (async-profiler cpu/itimer, JFR's sampler). */
    public static final String SOURCE = "jdk.ExecutionSample";

    private final Map<Long, Samples> samples = new HashMap<>();
    private final Map<Long, Slices> slices = new HashMap<>();
    private String interval;
    private String event;
    private String engine;

    /** A CPU sample of OS thread {@code thread} (a Java thread id) at {@code time}, with stack index {@code stack} (or -1). */
    public void sample(long thread, long time, int stack) {
        samples.computeIfAbsent(thread, k -> new Samples()).add(time, stack);
    }

    /**
     * How long a slice is kept: a slice is handed over once its task's next wait ended, and events
     * come in one time order (the chunks' clocks differ by microseconds), so every sample inside a
     * slice that ended this much before a later one has come already, and is attributed when the
     * slice is dropped. Without it a recording without CPU samples kept 24 bytes per run slice for
     * nothing (4M tasks of a soak: some 1 GB), and one with samples kept them all to the end (the
     * 5M-suspension ping-pong's 12M slices ran a 256 MiB heap out).
     */
    static final long NO_SAMPLE_HORIZON = 1_000_000_000L;

    /** Virtual thread {@code task} held carrier {@code carrier} over [start, end). */
    public void slice(long carrier, long task, long start, long end) {
        if (end > start) {
            Slices s = slices.computeIfAbsent(carrier, k -> new Slices());
            s.add(start, end, task);
            if (s.size >= s.pruneAt) {
                Samples held = samples.get(carrier);
                if (held != null) {
                    held.attribute(s, s.latestEnd - NO_SAMPLE_HORIZON, carrier);
                }
                s.dropEndedBefore(s.latestEnd - NO_SAMPLE_HORIZON);
                s.pruneAt = Math.max(PRUNE_FROM, 2 * s.size);
            }
        }
    }

    private static final int PRUNE_FROM = 4096;

    /** Slices held for carrier {@code carrier} (for tests). */
    int slicesHeld(long carrier) {
        Slices s = slices.get(carrier);
        return s == null ? 0 : s.size;
    }

    /** One of async-profiler's settings (interval, event, engine). */
    public void setting(String name, String value) {
        switch (name) {
            case "interval" -> interval = value;
            case "event" -> event = value;
            case "engine" -> engine = value;
            default -> { }
        }
    }

    /** Whether any CPU sample was seen. */
    public boolean any() {
        return !samples.isEmpty();
    }

    /**
     * The CPU profile, or null without samples.
     *
     * @param isVirtual      which thread ids are virtual threads
     * @param perTask        whether the recording has blockscope's events (run slices): without them
     *                       a carrier's samples stay the carrier's
     * @param limits         where what the samples cannot show is said
     * @param from           samples before this time (epoch nanos) are left out, as the blocking profile's waits
     * @param to             samples at or after this time are left out
     * @param counted        which tasks (as attributed: the virtual thread mounted, or the thread
     *                       itself) the profile counts: the task filter
     */
    public Analysis.Cpu result(LongPredicate isVirtual, boolean perTask, List<String> limits, long from, long to,
                               LongPredicate counted) {
        if (samples.isEmpty()) {
            return null;
        }
        Map<Long, Map<Integer, Long>> byTask = new TreeMap<>();
        Map<Long, Long> carrierOwn = new TreeMap<>();
        long total = 0;
        long outside = 0;
        long onCarriers = 0;
        for (Map.Entry<Long, Samples> e : samples.entrySet()) {
            long thread = e.getKey();
            Samples s = e.getValue();
            total += s.size;
            Slices sl = slices.get(thread);
            if (sl == null || isVirtual.test(thread)) {
                if (!counted.test(thread)) {
                    total -= s.size;
                    continue;
                }
                Map<Integer, Long> stacks = null;
                for (int i = 0; i < s.size; i++) {
                    if (s.time[i] < from || s.time[i] >= to) {
                        total--;
                        continue;
                    }
                    if (stacks == null) {
                        stacks = byTask.computeIfAbsent(thread, k -> new HashMap<>());
                    }
                    stacks.merge(s.stack[i], 1L, Long::sum);
                }
                continue;
            }
            Integer[] order = s.order();
            int[] byStart = sl.order();
            int k = 0;
            for (Integer i : order) {
                long t = s.time[i];
                long task;
                if (s.owner != null && s.owner[i] != Samples.UNATTRIBUTED) {
                    task = s.owner[i]; // attributed when the slices around it were dropped
                } else {
                    while (k < byStart.length && sl.end[byStart[k]] <= t) {
                        k++;
                    }
                    task = k < byStart.length && sl.start[byStart[k]] <= t ? sl.task[byStart[k]] : thread;
                }
                if (t < from || t >= to || !counted.test(task)) {
                    total--;
                    continue;
                }
                onCarriers++;
                if (task == thread) {
                    outside++;
                    carrierOwn.merge(thread, 1L, Long::sum);
                }
                byTask.computeIfAbsent(task, x -> new HashMap<>()).merge(s.stack[i], 1L, Long::sum);
            }
        }
        Long intervalNanos = parseNanos(interval);
        List<Analysis.CpuTask> rows = new ArrayList<>();
        for (Map.Entry<Long, Map<Integer, Long>> e : byTask.entrySet()) {
            long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            List<Analysis.CpuStack> stacks = e.getValue().entrySet().stream()
                    .map(x -> new Analysis.CpuStack(x.getKey(), x.getValue()))
                    .sorted((a, b) -> Long.compare(b.samples(), a.samples())).toList();
            rows.add(new Analysis.CpuTask(e.getKey(), n, intervalNanos == null ? null : n * intervalNanos,
                    carrierOwn.getOrDefault(e.getKey(), 0L), stacks));
        }
        rows.sort((a, b) -> Long.compare(b.samples(), a.samples()));
        if (!perTask && onCarriers == 0 && slices.isEmpty()) {
            limits.add("CPU samples stay at thread level: the recording has no blockscope events, so which virtual thread a"
                    + " carrier ran at each sample is unknown; a carrier's samples are the carrier's");
        }
        if (outside > 0) {
            limits.add(outside + " of " + onCarriers + " CPU samples on carriers (" + percent(outside, onCarriers)
                    + ") fell outside every virtual thread's run slice: counted as the carrier's own (its scheduler code, or a"
                    + " slice's edge)");
        }
        if (intervalNanos == null) {
            limits.add(event == null
                    ? "CPU samples are the JDK's method sampler's (jdk.ExecutionSample: a few threads running Java code every"
                    + " period, 20 ms by default): counted per task, not CPU time (the agent's profile=cpu samples the CPU itself)"
                    : "CPU time per task is not known: async-profiler's settings do not say its sampling interval, so tasks are"
                    + " compared by CPU samples only");
        }
        return new Analysis.Cpu(event == null ? SOURCE : event, engine, intervalNanos, total, outside, rows);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    /** async-profiler writes its interval in nanoseconds ("10000000"); null when absent or not a number. */
    static Long parseNanos(String value) {
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(value.strip());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final class Samples {
        /** An {@link #owner} not decided yet: the slices that may hold the sample are still held. */
        static final long UNATTRIBUTED = Long.MIN_VALUE;

        long[] time = new long[64];
        int[] stack = new int[64];
        /** On a carrier, the task each sample belongs to once the slices it fell in were dropped; else null. */
        long[] owner;
        int size;
        /** Samples before this index are all attributed (they come in time order, so it rarely waits). */
        private int attributedBelow;

        void add(long t, int s) {
            if (size == time.length) {
                time = Arrays.copyOf(time, size * 2);
                stack = Arrays.copyOf(stack, size * 2);
                if (owner != null) {
                    owner = Arrays.copyOf(owner, size * 2);
                }
            }
            time[size] = t;
            if (owner != null) {
                owner[size] = UNATTRIBUTED;
            }
            stack[size++] = s;
        }

        /**
         * Attributes, before the slices ending before {@code before} are dropped, each sample that
         * the end's sweep would give to one of them: the first slice by end that ends after the
         * sample (the slices kept all end later), its task if it began by then, else the carrier.
         */
        void attribute(Slices sl, long before, long carrier) {
            int[] byEnd = null;
            int dropped = 0;
            while (owner != null && attributedBelow < size && owner[attributedBelow] != UNATTRIBUTED) {
                attributedBelow++;
            }
            for (int i = attributedBelow; i < size; i++) {
                if (owner != null && owner[i] != UNATTRIBUTED || time[i] >= before) {
                    continue; // attributed, or no slice dropped now (each ends before {@code before}) ends after it
                }
                if (byEnd == null) {
                    byEnd = sl.order();
                    while (dropped < byEnd.length && sl.end[byEnd[dropped]] < before) {
                        dropped++;
                    }
                }
                long t = time[i];
                int lo = 0;
                int hi = dropped;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (sl.end[byEnd[mid]] <= t) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                if (lo < dropped) {
                    if (owner == null) {
                        owner = new long[time.length];
                        Arrays.fill(owner, UNATTRIBUTED);
                    }
                    int k = byEnd[lo];
                    owner[i] = sl.start[k] <= t ? sl.task[k] : carrier;
                }
            }
        }

        Integer[] order() {
            Integer[] o = new Integer[size];
            for (int i = 0; i < size; i++) {
                o[i] = i;
            }
            Arrays.sort(o, (a, b) -> Long.compare(time[a], time[b]));
            return o;
        }
    }

    private static final class Slices {
        long[] start = new long[64];
        long[] end = new long[64];
        long[] task = new long[64];
        int size;
        long latestEnd = Long.MIN_VALUE;
        int pruneAt = PRUNE_FROM;

        /** Keeps only the slices that end at {@code time} or later, in their order. */
        void dropEndedBefore(long time) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (end[i] >= time) {
                    start[kept] = start[i];
                    end[kept] = end[i];
                    task[kept++] = task[i];
                }
            }
            size = kept;
        }

        void add(long s, long e, long t) {
            latestEnd = Math.max(latestEnd, e);
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
                task = Arrays.copyOf(task, size * 2);
            }
            start[size] = s;
            end[size] = e;
            task[size++] = t;
        }

        /** Indexes by end time: slices on one carrier do not overlap, so by end is also by start. */
        int[] order() {
            Integer[] o = new Integer[size];
            for (int i = 0; i < size; i++) {
                o[i] = i;
            }
            Arrays.sort(o, (a, b) -> Long.compare(end[a], end[b]));
            int[] r = new int[size];
            for (int i = 0; i < size; i++) {
                r[i] = o[i];
            }
            return r;
        }
    }
}
