package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.TaskState;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The cost of one virtual-thread switch, measured from the recording where it shows one: a
 * <em>back-to-back hand-off</em> on one carrier, where virtual thread A's run slice ends because A
 * suspends, and the next slice on that carrier is virtual thread B's, which was already runnable
 * (its RUNNABLE interval began at or before A suspended). Then the carrier had work waiting and
 * nothing else to do, and the time from A's suspension to B's resumption is one switch: A's
 * unmount, the pool handing over B, B's mount, plus the agent's own probe time at both ends (the
 * Suspend times are taken inside its probes). A hand-off across which the carrier recorded its
 * own wait (an idle park, clock jitter) is not one.
 *
 * <p>The figure is the median of those gaps over the whole recording. It is fed every interval as
 * the task timelines deliver them, not read off the timeline: the timeline keeps at most its
 * budget of intervals, and a cost measured on what it keeps depended on how large a timeline the
 * command asked for (a report's 200,000 intervals gave 1.42 µs where the recording gives 231 ns).
 * So it keeps what pairing slices needs, per run slice of a virtual thread (start, end, when its
 * task became runnable, whether a suspension followed: 25 bytes) and per wait of a platform thread
 * (16 bytes); the slices of a carrier arrive out of order (a slice is known when its task's next
 * event comes), so they are sorted once at the end.
 *
 * <p>It needs the RUNNABLE intervals (the agent's wake-ups or timed wake-ups) and the carriers of
 * the run slices, so a recording without the agent has no such samples; with fewer than
 * {@link #MIN_SAMPLES} the cost stays an estimate.
 */
public final class SwitchCost {
    /** Fewest back-to-back hand-offs for a median to stand as a measurement. */
    public static final int MIN_SAMPLES = 5;

    /** The median gap in nanos (0 without samples) and how many hand-offs it comes from. */
    public record Measured(long medianNanos, int samples) {}

    /** Not preceded by a RUNNABLE interval: the slice's task was not waiting for a carrier. */
    private static final long NOT_READY = Long.MAX_VALUE;

    /** The run slices of one carrier, in arrival order. */
    private static final class Slices {
        long[] start = new long[16];
        long[] end = new long[16];
        long[] readySince = new long[16];
        final BitSet suspendedAfter = new BitSet();
        int size;

        int add(long s, long e, long ready) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
                readySince = Arrays.copyOf(readySince, size * 2);
            }
            start[size] = s;
            end[size] = e;
            readySince[size] = ready;
            return size++;
        }
    }

    /** A platform thread's own waits, in time order (a thread's intervals arrive in order). */
    private static final class Waits {
        long[] start = new long[8];
        long[] end = new long[8];
        int size;

        void add(long s, long e) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
            }
            start[size] = s;
            end[size] = e;
            size++;
        }

        /** Whether a wait overlaps (from, to): the last one starting before {@code to} ends after {@code from}. */
        boolean overlaps(long from, long to) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (start[mid] < to) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo > 0 && end[lo - 1] > from;
        }
    }

    /** A virtual thread's previous interval, and its last slice while the interval after it is unknown. */
    private static final class Last {
        TaskState state;
        long start;
        Slices pendingOn;
        int pending = -1;
    }

    private final Map<Long, Slices> slices = new HashMap<>();
    private final Map<Long, Waits> waits = new HashMap<>();
    private final Map<Long, Last> last = new HashMap<>();

    /**
     * One interval of a task, as delivered (each task's in time order). {@code carrier} is the
     * carrier of a virtual thread's RUNNING slice, else ignored.
     */
    public void interval(long task, boolean virtual, TaskState state, long start, long end, long carrier) {
        if (!virtual) {
            if (state.waiting()) {
                waits.computeIfAbsent(task, k -> new Waits()).add(start, end);
            }
            return;
        }
        Last l = last.get(task);
        if (l == null) {
            l = new Last();
            last.put(task, l);
        }
        if (l.pending >= 0) {
            if (state == TaskState.SUSPENDED) {
                l.pendingOn.suspendedAfter.set(l.pending);
            }
            l.pendingOn = null;
            l.pending = -1;
        }
        if (state == TaskState.RUNNING && carrier >= 0) {
            Slices on = slices.computeIfAbsent(carrier, k -> new Slices());
            l.pending = on.add(start, end, l.state == TaskState.RUNNABLE ? l.start : NOT_READY);
            l.pendingOn = on;
        }
        l.state = state;
        l.start = start;
    }

    /**
     * Task {@code task} ended and will deliver no more intervals: its last interval is forgotten (a
     * slice with no interval after it is no hand-off), so memory grows with live tasks only.
     */
    public void forget(long task) {
        last.remove(task);
    }

    /** The median over the whole recording; {@code carriers} are the carrier threads, whose own waits break a hand-off. */
    public Measured result(Set<Long> carriers) {
        long[] gaps = new long[16];
        int count = 0;
        Waits none = new Waits();
        for (Map.Entry<Long, Slices> e : slices.entrySet()) {
            Slices s = e.getValue();
            Waits own = carriers.contains(e.getKey()) ? waits.getOrDefault(e.getKey(), none) : none;
            int[] order = byStart(s);
            for (int k = 0; k + 1 < s.size; k++) {
                int a = order[k];
                int b = order[k + 1];
                if (!s.suspendedAfter.get(a) || s.readySince[b] == NOT_READY) {
                    continue; // A did not suspend there, or B was not waiting for a carrier
                }
                long suspendedAt = s.end[a];
                long resumedAt = s.start[b];
                if (s.readySince[b] > suspendedAt || resumedAt < suspendedAt || own.overlaps(suspendedAt, resumedAt)) {
                    continue;
                }
                if (count == gaps.length) {
                    gaps = Arrays.copyOf(gaps, count * 2);
                }
                gaps[count++] = resumedAt - suspendedAt;
            }
        }
        if (count == 0) {
            return new Measured(0, 0);
        }
        long[] sorted = Arrays.copyOf(gaps, count);
        Arrays.sort(sorted);
        long median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
        return new Measured(median, count);
    }

    /** The slices' positions sorted by start (stable): a merge sort on primitive arrays, no boxing. */
    private static int[] byStart(Slices s) {
        int n = s.size;
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        int[] buffer = new int[n];
        long[] key = s.start;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                if (mid >= hi || key[order[mid - 1]] <= key[order[mid]]) {
                    System.arraycopy(order, lo, buffer, lo, hi - lo); // already in order: the common case
                    continue;
                }
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    buffer[k] = j >= hi || (i < mid && key[order[i]] <= key[order[j]]) ? order[i++] : order[j++];
                }
            }
            int[] t = order;
            order = buffer;
            buffer = t;
        }
        return order;
    }
}
