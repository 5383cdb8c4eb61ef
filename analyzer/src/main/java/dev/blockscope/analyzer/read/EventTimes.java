package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;

/**
 * The times an event of a chunk can have: a wait written at its end may have begun long before
 * the chunk (a thread parked since the JVM started), so the bound before the chunk is wide; none
 * can end after the chunk did. An event outside them carries a damaged value (a flipped bit, a
 * maximal varint): it is left out and counted as damage, because one such time would stretch the
 * analysis window to years.
 */
final class EventTimes {
    /** How long before its chunk an event may have begun. */
    static final long BEFORE = 30L * 24 * 3600 * 1_000_000_000L;
    /** How long after the chunk's last recorded instant an event may end: clocks of other threads drift a little. */
    static final long AFTER = 60L * 1_000_000_000L;

    private final long lo;
    private final long hi;

    /** Bounds for a chunk starting at {@code startNanos} whose last recorded instant is {@code endNanos}. */
    EventTimes(long startNanos, long endNanos) {
        this(startNanos - BEFORE, Math.max(startNanos, endNanos) + Math.max(AFTER, Math.max(0, endNanos - startNanos)), true);
    }

    private EventTimes(long lo, long hi, boolean unused) {
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * Tight bounds, for a chunk whose clock is damaged: only times within its header's span (and
     * as much again, at least a minute, either side) can be told from nonsense.
     */
    static EventTimes within(long startNanos, long endNanos) {
        long slack = Math.max(AFTER, Math.max(0, endNanos - startNanos));
        return new EventTimes(startNanos - slack, Math.max(startNanos, endNanos) + slack, true);
    }

    boolean plausible(TraceEvent e) {
        return switch (e) {
            case TraceEvent.Blocked b -> b.start() <= b.end() && in(b.start()) && in(b.end());
            case TraceEvent.RegionRecorded r -> r.start() <= r.end() && in(r.start()) && in(r.end());
            case TraceEvent.WaitOpen w -> in(w.time()) && (w.since() <= 0 || in(w.since()));
            default -> in(e.time());
        };
    }

    /**
     * Checks the records one event was mapped to, {@code out} from {@code from} on (a carried
     * record such as a wake-up first, the event's own last): when the event's own record is out of
     * bounds, all go; else only a carried one out of bounds does. Returns 1 when the event lost
     * anything (it counts as one untimely event), else 0.
     */
    int keepPlausible(java.util.List<TraceEvent> out, int from) {
        int n = out.size();
        if (n == from) {
            return 0;
        }
        if (!plausible(out.get(n - 1))) {
            while (out.size() > from) {
                out.removeLast(); // its wake-up goes with it
            }
            return 1;
        }
        boolean lost = false;
        for (int i = n - 2; i >= from; i--) {
            if (!plausible(out.get(i))) {
                out.remove(i);
                lost = true;
            }
        }
        return lost ? 1 : 0;
    }

    private boolean in(long t) {
        return t >= lo && t <= hi;
    }
}
