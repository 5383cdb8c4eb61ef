package dev.blockscope.analyzer.report;

import java.util.Arrays;

/**
 * A window of the timeline for the web UI: the intervals overlapping {@code [start, end]}, with
 * neighbours of one task merged until at most {@code max} remain. A run of consecutive intervals
 * of one task, each shorter than the merge width, becomes one interval of the state that took
 * most of the run's time (its reason, carrier, stack and waker are those of that state's longest
 * member); the width starts at {@code (end - start) / max} and doubles until the result fits.
 * When even one interval per task is too many, the first {@code max} (by task id) are kept and
 * the window is marked truncated.
 */
public final class TimelineWindow {
    private TimelineWindow() {}

    /** The columns a window reads, by position: the analysis' arrays or the file of every interval. */
    private interface Cols {
        long task(int i);
        long start(int i);
        long end(int i);
        int state(int i);
        int reason(int i);
        long carrier(int i);
        int stack(int i);
        long waker(int i);
        int blocker(int i);
    }

    private record ArrayCols(Analysis.Timeline tl) implements Cols {
        public long task(int i) { return tl.task()[i]; }
        public long start(int i) { return tl.start()[i]; }
        public long end(int i) { return tl.end()[i]; }
        public int state(int i) { return tl.state()[i]; }
        public int reason(int i) { return tl.reason()[i]; }
        public long carrier(int i) { return tl.carrier()[i]; }
        public int stack(int i) { return tl.stack()[i]; }
        public long waker(int i) { return tl.waker()[i]; }
        public int blocker(int i) { return tl.blocker()[i]; }
    }

    private record FileCols(dev.blockscope.analyzer.summary.IntervalFile f) implements Cols {
        public long task(int i) { return f.task(i); }
        public long start(int i) { return f.start(i); }
        public long end(int i) { return f.end(i); }
        public int state(int i) { return f.state(i); }
        public int reason(int i) { return f.reason(i); }
        public long carrier(int i) { return f.carrier(i); }
        public int stack(int i) { return f.stack(i); }
        public long waker(int i) { return f.waker(i); }
        public int blocker(int i) { return f.blocker(i); }
    }

    /**
     * The window of every interval of the recording, from the file of all of them ordered by task
     * ({@link dev.blockscope.analyzer.summary.IntervalFile#byTask()}); {@code a} gives the name
     * tables. Each task's intervals overlapping the window are found by a binary search (a task's
     * intervals do not overlap, so their ends are in order too), so a narrow window costs little
     * however large the recording.
     */
    public static Analysis.Timeline window(Analysis a, dev.blockscope.analyzer.summary.IntervalFile byTask, long start, long end,
                                           int max) {
        Analysis.Timeline tl = a.timeline();
        return window(tl.states(), tl.reasons(), tl.blockers(), byTask, start, end, max);
    }

    /**
     * As {@link #window(Analysis, dev.blockscope.analyzer.summary.IntervalFile, long, long, int)},
     * with the analysis' name tables given instead of the analysis: a saved analysis
     * ({@code serve}'s cache) keeps only those.
     */
    public static Analysis.Timeline window(java.util.List<String> states, java.util.List<String> reasons,
                                           java.util.List<String> blockers, dev.blockscope.analyzer.summary.IntervalFile byTask,
                                           long start, long end, int max) {
        // The intervals taken are runs of consecutive records, a run or so per task: kept as runs,
        // not as an index per interval (4 bytes each, 87 MB for the 21.8 million of a 10,000-thread
        // soak, and as much again to trim, all of it fresh memory the kernel clears).
        Runs picked = new Runs();
        for (int t = 0; t < byTask.tasks(); t++) {
            long hi = byTask.taskStart(t + 1);
            long first = byTask.firstEndingAtOrAfter(t, start);
            for (long i = first; i < hi && byTask.start(i) <= end; i++) {
                if (byTask.end(i) < start) {
                    continue;
                }
                picked.add(Math.toIntExact(i));
            }
        }
        return fit(new FileCols(byTask), states, reasons, blockers, false, picked, start, end, max);
    }

    /** The positions a window takes, in order, as {@link #merge} walks them (forwards, from the first, each time). */
    private interface Order {
        int size();

        /** A reader of positions whose {@code k} never goes down. */
        java.util.function.IntUnaryOperator cursor();
    }

    private record Positions(int[] positions) implements Order {
        public int size() {
            return positions.length;
        }

        public java.util.function.IntUnaryOperator cursor() {
            return k -> positions[k];
        }
    }

    /** Positions as runs of consecutive ones. */
    private static final class Runs implements Order {
        private int[] from = new int[64];
        private int[] length = new int[64];
        private int runs;
        private int size;

        void add(int position) {
            if (runs > 0 && from[runs - 1] + length[runs - 1] == position) {
                length[runs - 1]++;
            } else {
                if (runs == from.length) {
                    from = Arrays.copyOf(from, runs * 2);
                    length = Arrays.copyOf(length, runs * 2);
                }
                from[runs] = position;
                length[runs++] = 1;
            }
            size++;
        }

        public int size() {
            return size;
        }

        public java.util.function.IntUnaryOperator cursor() {
            return new java.util.function.IntUnaryOperator() {
                private int run;
                private int base; // k of the run's first position

                @Override
                public int applyAsInt(int k) {
                    while (k >= base + length[run]) {
                        base += length[run++];
                    }
                    return from[run] + (k - base);
                }
            };
        }
    }

    /**
     * The timeline's intervals ordered by task, then start: computed once per analysis (it is the
     * costly part of a window) and shared by every window of that analysis.
     */
    public static final class Index {
        private final int[] order;

        /** Sorts {@code a}'s timeline. */
        public Index(Analysis a) {
            Analysis.Timeline tl = a.timeline();
            Integer[] boxed = new Integer[tl.size()];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, (x, y) -> tl.task()[x] != tl.task()[y] ? Long.compare(tl.task()[x], tl.task()[y])
                    : Long.compare(tl.start()[x], tl.start()[y]));
            order = new int[boxed.length];
            for (int i = 0; i < boxed.length; i++) {
                order[i] = boxed[i];
            }
        }
    }

    /** The windowed timeline of {@code a}. */
    public static Analysis.Timeline window(Analysis a, long start, long end, int max) {
        return window(a, new Index(a), start, end, max);
    }

    /** The windowed timeline of {@code a}, whose {@link Index} is {@code index}. */
    public static Analysis.Timeline window(Analysis a, Index index, long start, long end, int max) {
        Analysis.Timeline tl = a.timeline();
        int n = 0;
        int[] picked = new int[index.order.length];
        for (int i : index.order) {
            if (tl.end()[i] >= start && tl.start()[i] <= end) {
                picked[n++] = i;
            }
        }
        return fit(new ArrayCols(tl), tl.states(), tl.reasons(), tl.blockers(), tl.truncated(), new Positions(Arrays.copyOf(picked, n)),
                start, end, max);
    }

    private static Analysis.Timeline fit(Cols tl, java.util.List<String> states, java.util.List<String> reasons,
                                         java.util.List<String> blockers, boolean truncated, Order order, long start, long end,
                                         int max) {
        int stateCount = states.size();
        int most = Math.max(1, max);
        long width = Math.max(1, (end - start) / most);
        long span = Math.max(1, end - start);
        // a pass that outgrows the budget while the width can still double is given up early
        Columns merged = merge(tl, stateCount, order, width, width <= span ? most : Integer.MAX_VALUE);
        while (merged == null) {
            width *= 2;
            merged = merge(tl, stateCount, order, width, width <= span ? most : Integer.MAX_VALUE);
        }
        if (merged.size > most) {
            // More tasks than the budget: even one interval per task does not fit.
            merged.size = Math.max(1, max);
            return merged.toTimeline(states, reasons, blockers, true);
        }
        return merged.toTimeline(states, reasons, blockers, truncated);
    }

    /** The intervals merged at {@code width}, or null once they are more than {@code limit}. */
    private static Columns merge(Cols tl, int stateCount, Order positions, long width, int limit) {
        int n = positions.size();
        java.util.function.IntUnaryOperator order = positions.cursor();
        Columns out = new Columns(Math.min(n, 4096));
        int k = 0;
        while (k < n) {
            int i = order.applyAsInt(k);
            long d = tl.end(i) - tl.start(i);
            if (out.size > limit) {
                return null;
            }
            if (d >= width) {
                out.add(tl, i, tl.start(i), tl.end(i));
                k++;
                continue;
            }
            // Gather a run of short intervals of this task; stop when the run itself is wide enough.
            long[] perState = new long[stateCount];
            int[] longestOf = new int[stateCount];
            Arrays.fill(longestOf, -1);
            long runStart = tl.start(i);
            long runEnd = tl.end(i);
            int j = k;
            while (j < n) {
                int m = order.applyAsInt(j);
                long dm = tl.end(m) - tl.start(m);
                if (tl.task(m) != tl.task(i) || dm >= width || (j > k && runEnd - runStart >= width)) {
                    break;
                }
                int s = tl.state(m);
                perState[s] += dm;
                if (longestOf[s] < 0 || dm > tl.end(longestOf[s]) - tl.start(longestOf[s])) {
                    longestOf[s] = m;
                }
                runEnd = Math.max(runEnd, tl.end(m));
                j++;
            }
            int dominant = 0;
            for (int s = 1; s < perState.length; s++) {
                if (perState[s] > perState[dominant]) {
                    dominant = s;
                }
            }
            out.add(tl, longestOf[dominant] >= 0 ? longestOf[dominant] : i, runStart, runEnd);
            k = j;
        }
        return out.size > limit ? null : out;
    }

    private static final class Columns {
        int size;
        long[] task;
        long[] start;
        long[] end;
        int[] state;
        int[] reason;
        long[] carrier;
        int[] stack;
        long[] waker;
        int[] blocker;

        Columns(int capacity) {
            task = new long[capacity];
            start = new long[capacity];
            end = new long[capacity];
            state = new int[capacity];
            reason = new int[capacity];
            carrier = new long[capacity];
            stack = new int[capacity];
            waker = new long[capacity];
            blocker = new int[capacity];
        }

        private void grow() {
            int n = Math.max(16, task.length * 2);
            task = Arrays.copyOf(task, n);
            start = Arrays.copyOf(start, n);
            end = Arrays.copyOf(end, n);
            state = Arrays.copyOf(state, n);
            reason = Arrays.copyOf(reason, n);
            carrier = Arrays.copyOf(carrier, n);
            stack = Arrays.copyOf(stack, n);
            waker = Arrays.copyOf(waker, n);
            blocker = Arrays.copyOf(blocker, n);
        }

        void add(Cols tl, int like, long from, long to) {
            if (size == task.length) {
                grow();
            }
            task[size] = tl.task(like);
            start[size] = from;
            end[size] = to;
            state[size] = tl.state(like);
            reason[size] = tl.reason(like);
            carrier[size] = tl.carrier(like);
            stack[size] = tl.stack(like);
            waker[size] = tl.waker(like);
            blocker[size] = tl.blocker(like);
            size++;
        }

        Analysis.Timeline toTimeline(java.util.List<String> states, java.util.List<String> reasons, java.util.List<String> blockers,
                                     boolean truncated) {
            return new Analysis.Timeline(states, reasons, Arrays.copyOf(task, size), Arrays.copyOf(start, size),
                    Arrays.copyOf(end, size), Arrays.copyOf(state, size), Arrays.copyOf(reason, size),
                    Arrays.copyOf(carrier, size), Arrays.copyOf(stack, size), Arrays.copyOf(waker, size), blockers,
                    Arrays.copyOf(blocker, size), truncated);
        }
    }
}
