package dev.blockscope.analyzer.model;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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
        final TreeMap<Long, Long> known = new TreeMap<>();
        long running;
        final Map<String, Long> blocked = new HashMap<>();
    }

    private final LongMap<Carrier> carriers = new LongMap<>();

    /** Carrier {@code carrierId}'s own events accounted [start, end) as a known state. */
    public void known(long carrierId, long start, long end) {
        if (end <= start) {
            return;
        }
        Carrier c = carrier(carrierId);
        Map.Entry<Long, Long> before = c.known.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        Map.Entry<Long, Long> after = c.known.ceilingEntry(start);
        while (after != null && after.getKey() <= end) {
            end = Math.max(end, after.getValue());
            c.known.remove(after.getKey());
            after = c.known.ceilingEntry(start);
        }
        c.known.put(start, end);
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
        long covered = (end - start) - overlap(c.known, start, end);
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

    private static long overlap(TreeMap<Long, Long> known, long start, long end) {
        long sum = 0;
        Map.Entry<Long, Long> e = known.floorEntry(start);
        if (e == null) {
            e = known.ceilingEntry(start);
        }
        while (e != null && e.getKey() < end) {
            sum += Math.max(0, Math.min(end, e.getValue()) - Math.max(start, e.getKey()));
            e = known.higherEntry(e.getKey());
        }
        return sum;
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
