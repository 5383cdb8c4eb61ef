package dev.blockscope.analyzer.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A carrier thread's time that its own events leave UNKNOWN but that the virtual threads mounted
 * on it account for: while a virtual thread runs on carrier C (its derived run slice), C is
 * RUNNING, carrying that task; while a virtual thread waits pinned to C, C is BLOCKED in that wait.
 *
 * <p>A carrier's own events (the JDK's thresholded jdk.ThreadPark of an idle worker) cannot
 * overlap a slice of a virtual thread mounted on it: a thread parked in the pool is not carrying
 * anything. So a slice counts in full, less any part inside an interval the carrier's own events
 * already account for (known here once the thread is named as a carrier); what remains is capped
 * at the carrier's UNKNOWN time, so clock jitter between the two sources never makes states add up
 * to more than the lifetime. Memory: the carrier's own non-UNKNOWN intervals, merged when they
 * touch (its waits, which are few), not the slices.
 */
public final class CarrierCoverage {
    private static final class Carrier {
        final Known known = new Known();
        long running;
        final Map<String, Long> blocked = new HashMap<>();
    }

    private final LongMap<Carrier> carriers = new LongMap<>();

    /** Carrier {@code carrierId}'s own events accounted [start, end) as a known state. */
    public void known(long carrierId, long start, long end) {
        if (end <= start) {
            return;
        }
        carrier(carrierId).known.add(start, end);
    }

    /**
     * A virtual thread was on carrier {@code carrierId} during [start, end): running
     * ({@code pinnedReason == null}) or waiting pinned for {@code pinnedReason}.
     */
    public void slice(long carrierId, long start, long end, String pinnedReason) {
        if (end <= start) {
            return;
        }
        Carrier c = carrier(carrierId);
        long covered = (end - start) - c.known.overlap(start, end);
        if (covered <= 0) {
            return;
        }
        if (pinnedReason == null) {
            c.running += covered;
        } else {
            c.blocked.merge(pinnedReason, covered, Long::sum);
        }
    }

    private Carrier carrier(long carrierId) {
        Carrier c = carriers.get(carrierId);
        if (c == null) {
            c = new Carrier();
            carriers.put(carrierId, c);
        }
        return c;
    }

    /**
     * A carrier's known intervals, in order of start, merged where they touch: two sorted columns,
     * searched by halves. Each run slice of a virtual thread asks it (millions on a busy
     * recording), which a {@code TreeMap<Long, Long>} answered with a boxed key and a new entry
     * object per step; the intervals themselves are few, and mostly come in order (added at the end).
     */
    static final class Known {
        private long[] starts = new long[16];
        private long[] ends = new long[16];
        private int size;

        /** The last interval starting at or before {@code time}, or -1. */
        private int floor(long time) {
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] <= time) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return hi;
        }

        /** Adds [start, end) (end after start), merged with every interval it touches. */
        void add(long start, long end) {
            int i = floor(start);
            int from;
            if (i >= 0 && ends[i] >= start) {
                start = starts[i];
                end = Math.max(end, ends[i]);
                from = i;
            } else {
                from = i + 1;
            }
            int to = from;
            while (to < size && starts[to] <= end) {
                end = Math.max(end, ends[to]);
                to++;
            }
            // [from, to) becomes the one interval [start, end)
            int shift = 1 - (to - from);
            if (shift > 0 && size + shift > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            if (shift != 0 && to < size) {
                System.arraycopy(starts, to, starts, to + shift, size - to);
                System.arraycopy(ends, to, ends, to + shift, size - to);
            }
            size += shift;
            starts[from] = start;
            ends[from] = end;
        }

        /** How much of [start, end) the intervals cover. */
        long overlap(long start, long end) {
            int i = Math.max(0, floor(start));
            long sum = 0;
            for (; i < size && starts[i] < end; i++) {
                sum += Math.max(0, Math.min(end, ends[i]) - Math.max(start, starts[i]));
            }
            return sum;
        }
    }

    /** Time virtual threads ran on {@code carrierId}, outside its own known intervals. */
    public long running(long carrierId) {
        Carrier c = carriers.get(carrierId);
        return c == null ? 0 : c.running;
    }

    /** Time virtual threads waited pinned to {@code carrierId}, by reason, outside its own known intervals. */
    public Map<String, Long> blocked(long carrierId) {
        Carrier c = carriers.get(carrierId);
        return c == null ? Map.of() : c.blocked;
    }
}
