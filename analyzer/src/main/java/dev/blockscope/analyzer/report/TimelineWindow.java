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
        int[] order = Arrays.copyOf(picked, n);
        long width = Math.max(1, (end - start) / Math.max(1, max));
        Columns merged = merge(tl, order, width);
        long span = Math.max(1, end - start);
        while (merged.size > Math.max(1, max) && width <= span) {
            width *= 2;
            merged = merge(tl, order, width);
        }
        if (merged.size > Math.max(1, max)) {
            // More tasks than the budget: even one interval per task does not fit.
            merged.size = Math.max(1, max);
            return merged.toTimeline(tl, true);
        }
        return merged.toTimeline(tl, false);
    }

    private static Columns merge(Analysis.Timeline tl, int[] order, long width) {
        Columns out = new Columns(order.length);
        int k = 0;
        while (k < order.length) {
            int i = order[k];
            long d = tl.end()[i] - tl.start()[i];
            if (d >= width) {
                out.add(tl, i, tl.start()[i], tl.end()[i]);
                k++;
                continue;
            }
            // Gather a run of short intervals of this task; stop when the run itself is wide enough.
            long[] perState = new long[tl.states().size()];
            int[] longestOf = new int[tl.states().size()];
            Arrays.fill(longestOf, -1);
            long runStart = tl.start()[i];
            long runEnd = tl.end()[i];
            int j = k;
            while (j < order.length) {
                int m = order[j];
                long dm = tl.end()[m] - tl.start()[m];
                if (tl.task()[m] != tl.task()[i] || dm >= width || (j > k && runEnd - runStart >= width)) {
                    break;
                }
                int s = tl.state()[m];
                perState[s] += dm;
                if (longestOf[s] < 0 || dm > tl.end()[longestOf[s]] - tl.start()[longestOf[s]]) {
                    longestOf[s] = m;
                }
                runEnd = Math.max(runEnd, tl.end()[m]);
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
        return out;
    }

    private static final class Columns {
        int size;
        final long[] task;
        final long[] start;
        final long[] end;
        final int[] state;
        final int[] reason;
        final long[] carrier;
        final int[] stack;
        final long[] waker;
        final int[] blocker;

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

        void add(Analysis.Timeline tl, int like, long from, long to) {
            task[size] = tl.task()[like];
            start[size] = from;
            end[size] = to;
            state[size] = tl.state()[like];
            reason[size] = tl.reason()[like];
            carrier[size] = tl.carrier()[like];
            stack[size] = tl.stack()[like];
            waker[size] = tl.waker()[like];
            blocker[size] = tl.blocker()[like];
            size++;
        }

        Analysis.Timeline toTimeline(Analysis.Timeline tl, boolean truncated) {
            return new Analysis.Timeline(tl.states(), tl.reasons(), Arrays.copyOf(task, size), Arrays.copyOf(start, size),
                    Arrays.copyOf(end, size), Arrays.copyOf(state, size), Arrays.copyOf(reason, size),
                    Arrays.copyOf(carrier, size), Arrays.copyOf(stack, size), Arrays.copyOf(waker, size), tl.blockers(),
                    Arrays.copyOf(blocker, size), truncated || tl.truncated());
        }
    }
}
