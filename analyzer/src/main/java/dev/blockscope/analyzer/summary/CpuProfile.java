package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.LongMap;
import dev.blockscope.analyzer.model.StableOrder;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.Limit;
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
    /** profiler.WallClockSample: async-profiler's {@code wall} mode, every thread, running or not. */
    public static final String WALL_SOURCE = "profiler.WallClockSample";

    /** jdk.JavaMonitorEnter of a carrier thread: async-profiler's {@code lock} mode, which names the OS thread. */
    public static final String LOCK_SOURCE = "jdk.JavaMonitorEnter";

    private final boolean wall;
    private final boolean lock;

    /** The CPU profile: jdk.ExecutionSample. */
    public CpuProfile() {
        this(false, false, null);
    }

    private CpuProfile(boolean wall, boolean lock, CpuProfile slicesOf) {
        this.wall = wall;
        this.lock = lock;
        if (slicesOf == null) {
            slices = new LongMap<>();
            readers.add(this);
        } else {
            slices = slicesOf.slices;
            slicesOf.readers.add(this);
        }
        this.ownSlices = slicesOf == null;
    }

    /**
     * The carriers' contended monitor entries (async-profiler's {@code lock} mode names the
     * carrier, not the virtual thread that waited), each given to the virtual thread mounted on
     * that carrier when it got the monitor: fed at the entry's end, with its duration. Other
     * threads' entries are not counted here: the JDK's own event of a platform thread is
     * async-profiler's twice over, and both are in the blocking profile.
     */
    public static CpuProfile lock() {
        return new CpuProfile(false, true, null);
    }

    /** {@link #lock()} over the run slices {@code slicesOf} holds (fed to it alone): one copy of them for every profile. */
    public static CpuProfile lock(CpuProfile slicesOf) {
        return new CpuProfile(false, true, slicesOf);
    }

    /**
     * The wall-clock profile: async-profiler's wall samples, mapped as CPU samples are. A virtual
     * thread is an OS thread's only while mounted, so its samples cover only its mounted time;
     * where it was unmounted the agent's waits say what it did.
     */
    public static CpuProfile wall() {
        return new CpuProfile(true, false, null);
    }

    /** {@link #wall()} over the run slices {@code slicesOf} holds (fed to it alone). */
    public static CpuProfile wall(CpuProfile slicesOf) {
        return new CpuProfile(true, false, slicesOf);
    }

    private final Map<Long, Samples> samples = new HashMap<>();
    /** The run slices per carrier: this profile's own, or those of the profile it was made over. */
    private final LongMap<Slices> slices;
    /** Whether {@link #slice} feeds {@link #slices} (false: another profile holds and feeds them). */
    private final boolean ownSlices;
    /** The profiles reading {@link #slices} (this one first): their samples are attributed before a slice is dropped. */
    private final List<CpuProfile> readers = new ArrayList<>();
    private String interval;
    private String wallInterval;
    private String event;
    private String engine;

    /** A CPU sample of OS thread {@code thread} (a Java thread id) at {@code time}, with stack index {@code stack} (or -1). */
    public void sample(long thread, long time, int stack) {
        sample(thread, time, stack, 1);
    }

    /** A sample that stands for {@code weight} samples (async-profiler batches a wall sample of an idle thread). */
    public void sample(long thread, long time, int stack, int weight) {
        samples.computeIfAbsent(thread, k -> new Samples()).add(time, stack, Math.max(1, weight), 0);
    }

    /** A contended monitor entry of {@code thread} that ended at {@code end} after {@code nanos} (the lock profile). */
    public void entry(long thread, long end, int stack, long nanos) {
        samples.computeIfAbsent(thread, k -> new Samples()).add(end, stack, 1, nanos);
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
        if (end > start && ownSlices) {
            Slices s = slices.get(carrier);
            if (s == null) {
                s = new Slices();
                slices.put(carrier, s);
            }
            s.add(start, end, task);
            if (s.size >= s.pruneAt) {
                long before = s.latestEnd - NO_SAMPLE_HORIZON;
                boolean lockEntries = false;
                for (CpuProfile r : readers) {
                    lockEntries |= r.lock && r.samples.get(carrier) != null;
                }
                int[] byEnd = null;
                for (CpuProfile r : readers) {
                    Samples held = r.samples.get(carrier);
                    if (held == null) {
                        continue;
                    }
                    if (lockEntries) {
                        byEnd = held.attribute(s, byEnd, before, carrier, r.lock);
                    } else {
                        held.attributeUnsorted(s, before, carrier);
                    }
                }
                if (byEnd != null) {
                    s.keepEndingFrom(before, byEnd);
                } else {
                    s.dropEndedBefore(before);
                }
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
            case "wall" -> wallInterval = value;
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
     * @param limits         where what the samples cannot show is added
     * @param from           samples before this time (epoch nanos) are left out, as the blocking profile's waits
     * @param to             samples at or after this time are left out
     * @param counted        which tasks (as attributed: the virtual thread mounted, or the thread
     *                       itself) the profile counts: the task filter
     */
    public Analysis.Cpu result(LongPredicate isVirtual, boolean perTask, List<Limit> limits, long from, long to,
                               LongPredicate counted) {
        if (samples.isEmpty()) {
            return null;
        }
        String what = wall ? "wall samples" : "CPU samples";
        Map<Long, Map<Integer, Long>> byTask = new TreeMap<>();
        Map<Long, Long> carrierOwn = new TreeMap<>();
        long total = 0;
        long outside = 0;
        long onCarriers = 0;
        long ofVirtual = 0;
        Map<Long, Long> waited = new HashMap<>();
        for (Map.Entry<Long, Samples> e : samples.entrySet()) {
            long thread = e.getKey();
            Samples s = e.getValue();
            Slices sl = slices.get(thread);
            if (lock && (sl == null || isVirtual.test(thread))) {
                continue; // not a carrier's: the thread's own wait, in the blocking profile
            }
            if (sl == null || isVirtual.test(thread)) {
                if (!counted.test(thread)) {
                    continue;
                }
                Map<Integer, Long> stacks = null;
                for (int i = 0; i < s.size; i++) {
                    if (s.time[i] < from || s.time[i] >= to) {
                        continue;
                    }
                    if (stacks == null) {
                        stacks = byTask.computeIfAbsent(thread, k -> new HashMap<>());
                    }
                    stacks.merge(s.stack[i], (long) s.weight[i], Long::sum);
                    total += s.weight[i];
                    if (isVirtual.test(thread)) {
                        ofVirtual += s.weight[i];
                    }
                }
                continue;
            }
            int[] order = StableOrder.of(s.time, s.size);
            int[] byStart = sl.order();
            int k = 0;
            for (int i : order) {
                long t = s.time[i];
                long task;
                if (s.owner != null && s.owner[i] != Samples.UNATTRIBUTED) {
                    task = s.owner[i]; // attributed when the slices around it were dropped
                } else {
                    while (k < byStart.length && sl.end[byStart[k]] <= t) {
                        k++;
                    }
                    task = lock ? gotTheMonitor(sl, byStart, k, t, thread)
                            : k < byStart.length && sl.start[byStart[k]] <= t ? sl.task[byStart[k]] : thread;
                }
                if (t < from || t >= to || !counted.test(task)) {
                    continue;
                }
                int w = s.weight[i];
                total += w;
                onCarriers += w;
                if (task == thread) {
                    outside += w;
                    carrierOwn.merge(thread, (long) w, Long::sum);
                } else {
                    ofVirtual += w;
                }
                byTask.computeIfAbsent(task, x -> new HashMap<>()).merge(s.stack[i], (long) w, Long::sum);
                if (s.nanos != null) {
                    waited.merge(task, s.nanos[i], Long::sum);
                }
            }
        }
        Long intervalNanos = parseNanos(wall ? (wallInterval != null ? wallInterval : "wall".equals(event) ? interval : null) : interval);
        List<Analysis.CpuTask> rows = new ArrayList<>();
        for (Map.Entry<Long, Map<Integer, Long>> e : byTask.entrySet()) {
            long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
            List<Analysis.CpuStack> stacks = e.getValue().entrySet().stream()
                    .map(x -> new Analysis.CpuStack(x.getKey(), x.getValue()))
                    .sorted((a, b) -> Long.compare(b.samples(), a.samples())).toList();
            rows.add(new Analysis.CpuTask(e.getKey(), n, lock ? waited.getOrDefault(e.getKey(), 0L)
                    : intervalNanos == null ? null : n * intervalNanos, carrierOwn.getOrDefault(e.getKey(), 0L), stacks));
        }
        rows.sort((a, b) -> Long.compare(b.samples(), a.samples()));
        if (lock) {
            if (total == 0) {
                return null;
            }
            if (outside > 0) {
                limits.add(new Limit.LockEntriesOutsideSlices(outside, onCarriers));
            }
            limits.add(new Limit.LockSamplesNameTheCarrier());
            return new Analysis.Cpu(LOCK_SOURCE, null, null, total, outside, rows);
        }
        if (!perTask && onCarriers == 0 && slices.isEmpty()) {
            limits.add(new Limit.CpuAtThreadLevel(what));
        }
        if (outside > 0) {
            limits.add(new Limit.CpuSamplesOutsideSlices(outside, onCarriers, what, wall));
        }
        if (wall) {
            if (ofVirtual > 0 || !slices.isEmpty()) {
                limits.add(new Limit.WallSamplesWhileMounted());
            }
            if (intervalNanos == null) {
                limits.add(new Limit.WallIntervalUnknown());
            }
            return new Analysis.Cpu(WALL_SOURCE, engine, intervalNanos, total, outside, rows);
        }
        if ("itimer".equals(engine) || "ctimer".equals(engine)) {
            limits.add(new Limit.CpuTimerEngine(engine));
        }
        if (intervalNanos == null) {
            limits.add(new Limit.CpuSamplesNotTime(event == null));
        }
        return new Analysis.Cpu(event == null ? SOURCE : event, engine, intervalNanos, total, outside, rows);
    }

    /**
     * How far the clocks of async-profiler's chunk and the agent's may put a monitor entry's end
     * from the start of the run slice of the virtual thread that got the monitor. The entry ends
     * microseconds after that thread is mounted again, so by the clocks alone it fell as often
     * just before its slice (in the slice of the thread that had run there, or in none) as in it:
     * in LockShareIT 18 of one thread's 124 entries were another's and 15% of all none's.
     */
    static final long LOCK_SKEW_NANOS = 1_000_000L;

    /**
     * The task of the slice on this carrier that began nearest {@code t} (the covering slice or
     * the next one), within {@link #LOCK_SKEW_NANOS}; else the covering slice's, else the carrier's.
     */
    private static long gotTheMonitor(Slices sl, int[] byStart, int k, long t, long carrier) {
        boolean covering = k < byStart.length && sl.start[byStart[k]] <= t;
        int next = covering ? k + 1 : k;
        long best = carrier;
        long bestGap = LOCK_SKEW_NANOS + 1;
        if (covering) {
            best = sl.task[byStart[k]];
            bestGap = Math.min(bestGap, t - sl.start[byStart[k]]);
        }
        if (next < byStart.length) {
            long gap = sl.start[byStart[next]] - t;
            if (gap >= 0 && gap < bestGap) {
                best = sl.task[byStart[next]];
            }
        }
        return best;
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

    static final class Samples {
        /** An {@link #owner} not decided yet: the slices that may hold the sample are still held. */
        static final long UNATTRIBUTED = Long.MIN_VALUE;

        long[] time = new long[64];
        int[] stack = new int[64];
        int[] weight = new int[64];
        long[] nanos;
        /** On a carrier, the task each sample belongs to once the slices it fell in were dropped; else null. */
        long[] owner;
        int size;
        /** Samples before this index are all attributed (they come in time order, so it rarely waits). */
        private int attributedBelow;

        void add(long t, int s, int w, long n) {
            if (size == time.length) {
                time = Arrays.copyOf(time, size * 2);
                stack = Arrays.copyOf(stack, size * 2);
                weight = Arrays.copyOf(weight, size * 2);
                nanos = nanos == null ? null : Arrays.copyOf(nanos, size * 2);
                if (owner != null) {
                    owner = Arrays.copyOf(owner, size * 2);
                }
            }
            if (n != 0 && nanos == null) {
                nanos = new long[time.length];
            }
            if (nanos != null) {
                nanos[size] = n;
            }
            time[size] = t;
            weight[size] = w;
            if (owner != null) {
                owner[size] = UNATTRIBUTED;
            }
            stack[size++] = s;
        }

        /**
         * Attributes, before the slices ending before {@code before} are dropped, each sample that
         * the end's sweep would give to one of them: the first slice by end that ends after the
         * sample (the slices kept all end later), its task if it began by then, else the carrier
         * (for {@code lock} entries, {@link #gotTheMonitor}'s rule, as the sweep applies it).
         * {@code byEnd} is the slices' order by end when known, else null; returns it when it was
         * needed, else null.
         */
        int[] attribute(Slices sl, int[] byEnd, long before, long carrier, boolean lock) {
            int dropped = -1;
            skipAttributed();
            for (int i = attributedBelow; i < size; i++) {
                if (!waiting(i, before)) {
                    continue; // attributed, or no slice dropped now (each ends before {@code before}) ends after it
                }
                if (dropped < 0) {
                    byEnd = byEnd == null ? sl.order() : byEnd;
                    dropped = 0;
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
                    int k = byEnd[lo];
                    // a carrier's slices do not overlap: by end is by start, as the end's sweep has them
                    own(i, lock ? gotTheMonitor(sl, byEnd, lo, t, carrier) : sl.start[k] <= t ? sl.task[k] : carrier);
                }
            }
            return byEnd;
        }

        /** Moves {@link #attributedBelow} past the samples already attributed. */
        private void skipAttributed() {
            while (owner != null && attributedBelow < size && owner[attributedBelow] != UNATTRIBUTED) {
                attributedBelow++;
            }
        }

        /** Whether sample {@code i} is not attributed yet and falls before {@code before}. */
        private boolean waiting(int i, long before) {
            return (owner == null || owner[i] == UNATTRIBUTED) && time[i] < before;
        }

        private void own(int i, long task) {
            if (owner == null) {
                owner = new long[time.length];
                Arrays.fill(owner, UNATTRIBUTED);
            }
            owner[i] = task;
        }

        /**
         * {@link #attribute}'s result for samples (not lock entries), without ordering the slices:
         * the few samples waiting are ordered instead. Each sample before {@code before} gets the
         * slice, of those ending before it, with the least end after the sample (of equal ends,
         * the first held), as the sweep by end finds it. One pass over the slices, a binary
         * search among the samples each: a prune of a ping-pong's carrier ordered millions of
         * slices for its few dozen samples.
         */
        void attributeUnsorted(Slices sl, long before, long carrier) {
            skipAttributed();
            long[] times = new long[size - attributedBelow];
            int[] index = new int[times.length];
            int waiting = 0;
            for (int i = attributedBelow; i < size; i++) {
                if (waiting(i, before)) {
                    times[waiting] = time[i];
                    index[waiting++] = i;
                }
            }
            if (waiting == 0) {
                return;
            }
            int[] byTime = StableOrder.of(times, waiting);
            long[] sorted = new long[waiting];
            for (int j = 0; j < waiting; j++) {
                sorted[j] = times[byTime[j]];
            }
            // best[c]: the slice with the least end (then position) of those after exactly c of the samples
            int[] best = new int[waiting + 1];
            Arrays.fill(best, -1);
            for (int k = 0; k < sl.size; k++) {
                long e = sl.end[k];
                if (e >= before) {
                    continue;
                }
                int lo = 0;
                int hi = waiting;
                while (lo < hi) { // how many samples are before e
                    int mid = (lo + hi) >>> 1;
                    if (sorted[mid] < e) {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                if (lo > 0 && (best[lo] < 0 || e < sl.end[best[lo]])) {
                    best[lo] = k; // k rises: of equal ends the first held stays
                }
            }
            int slice = -1;
            for (int j = waiting - 1; j >= 0; j--) {
                int b = best[j + 1];
                if (b >= 0 && (slice < 0 || sl.end[b] < sl.end[slice] || sl.end[b] == sl.end[slice] && b < slice)) {
                    slice = b;
                }
                if (slice >= 0) {
                    own(index[byTime[j]], sl.start[slice] <= sorted[j] ? sl.task[slice] : carrier);
                }
            }
        }
    }

    static final class Slices {
        long[] start = new long[64];
        long[] end = new long[64];
        long[] task = new long[64];
        int size;
        long latestEnd = Long.MIN_VALUE;
        int pruneAt = PRUNE_FROM;

        /**
         * Keeps only the slices that end at {@code time} or later, in their order by end
         * ({@code byEnd}, where they are the last): a stable sort of them and the slices still to
         * come is then the one of all of them in arrival order, and finds them as one run.
         */
        void keepEndingFrom(long time, int[] byEnd) {
            int first = 0;
            while (first < size && end[byEnd[first]] < time) {
                first++;
            }
            int kept = size - first;
            // gathered into arrays of the kept size and copied back: the same result as new arrays of the
            // whole capacity, at a fraction of the allocation (the prunes of a ping-pong's carrier were a seventh of it)
            long[] s = new long[kept];
            long[] e = new long[kept];
            long[] t = new long[kept];
            for (int k = 0; k < kept; k++) {
                int i = byEnd[first + k];
                s[k] = start[i];
                e[k] = end[i];
                t[k] = task[i];
            }
            System.arraycopy(s, 0, start, 0, kept);
            System.arraycopy(e, 0, end, 0, kept);
            System.arraycopy(t, 0, task, 0, kept);
            size = kept;
        }

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
            return StableOrder.of(end, size);
        }
    }
}
