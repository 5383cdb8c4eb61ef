package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.LongMap;
import dev.blockscope.analyzer.model.StableOrder;
import dev.blockscope.analyzer.model.TaskState;
import java.util.Arrays;
import java.util.BitSet;
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
 * The slices of a carrier arrive out of order (a slice is known when its task's next interval
 * comes), so they are held (25 bytes each) until nothing still to come can fall before them, then
 * paired in order and dropped, every {@link #PAIR_EVERY} intervals; the gaps are counted by value,
 * so the median is exact and the memory is that of the slices in flight, not of the recording.
 * What bounds "in flight" is the slowest task: a virtual thread parked for minutes, or a carrier
 * whose own last wait has no interval after it yet, holds back every slice begun since on its
 * carrier. So a carrier holds at most {@link #HOLD_LIMIT} slices: past that its oldest are paired
 * anyway ({@link #forced()}), and a hand-off after a slice whose task's next interval had not
 * come is then not measured ({@link #unmeasured()}); both are said in the analysis' limits.
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
    /** Intervals between two passes that pair what no later interval can change. */
    static final int PAIR_EVERY = 1 << 16;
    /**
     * Most run slices a carrier holds unpaired: past it, at a pass, all but the newest half of it
     * are paired at once (about 3.3 MB per carrier). Without it a virtual thread parked through
     * the recording held every slice begun after its last one, millions on a busy carrier.
     */
    public static final int HOLD_LIMIT = 1 << 17;
    /** Gaps shorter than this are counted in an array, one count per nanosecond value; the rare longer ones are kept. */
    private static final int COUNTED = 1 << 20;

    /**
     * The run slices of one carrier not yet paired (those kept by a pass in order of start, then
     * those that came since in arrival order), and the last one paired (the one the next slice by
     * start follows).
     */
    private static final class Slices {
        long[] start = new long[16];
        long[] end = new long[16];
        long[] readySince = new long[16];
        BitSet suspendedAfter = new BitSet();
        /** In a pass: the slices whose task's next interval has not come (their flag is not known yet). */
        final BitSet open = new BitSet();
        int size;
        boolean hasLast;
        long lastEnd;
        boolean lastSuspendedAfter;
        /** The last one paired was paired open: the hand-off after it is not measured. */
        boolean lastOpen;
        /** Every slice paired so far began before this; one that comes later is late. */
        long pairedBefore = Long.MIN_VALUE;
        /** In a pass: the earliest start of a slice whose task's next interval is not known yet. */
        long pendingFrom;
        /** In a pass that paired some of them: each old position's new one (-1: dropped); else null. */
        int[] moved;

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

    /** A platform thread's own waits, in time order (a thread's intervals arrive in order), and how far they are known. */
    private static final class Waits {
        long[] start = new long[8];
        long[] end = new long[8];
        int size;
        /** The end of the thread's last interval: its waits still to come begin there or later. */
        long knownUntil = Long.MIN_VALUE;

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

        /** Forgets the first waits while they end by {@code time}: no gap still to pair begins before it. */
        void dropEndedBy(long time) {
            int n = 0;
            while (n < size && end[n] <= time) {
                n++;
            }
            dropFirst(n);
        }

        /** Forgets the first {@code n} waits. */
        void dropFirst(int n) {
            if (n > 0) {
                System.arraycopy(start, n, start, 0, size - n);
                System.arraycopy(end, n, end, 0, size - n);
                size -= n;
            }
        }
    }

    /** A virtual thread's previous interval, and its last slice while the interval after it is unknown. */
    private static final class Last {
        TaskState state;
        long start;
        long end;
        Slices pendingOn;
        int pending = -1;
    }

    private final LongMap<Slices> slices = new LongMap<>();
    private final LongMap<Waits> waits = new LongMap<>();
    private final LongMap<Last> last = new LongMap<>();
    /**
     * The task of the last interval and its entry in {@link #last}: a suspension delivers its
     * task's intervals one after the other (RUNNING, the wait, RUNNABLE), so most lookups are of it.
     */
    private long recentTask;
    private Last recentLast;
    private int sincePass;
    /** Gaps counted by value below {@link #COUNTED} (allocated at the first), and the longer ones. */
    private int[] counted;
    private long[] longer = new long[16];
    private int longerSize;
    private long gaps;
    private long late;
    private long forced;
    private long unmeasured;

    /**
     * One interval of a task, as delivered (each task's in time order). {@code carrier} is the
     * carrier of a virtual thread's RUNNING slice, else ignored.
     */
    public void interval(long task, boolean virtual, TaskState state, long start, long end, long carrier) {
        if (++sincePass >= PAIR_EVERY) {
            sincePass = 0;
            pair(false);
        }
        if (!virtual) {
            Waits w = waits.get(task);
            if (state.waiting()) {
                if (w == null) {
                    w = new Waits();
                    waits.put(task, w);
                }
                Slices on = slices.get(task);
                if (on != null && start < on.pairedBefore) {
                    // a carrier's first wait, before slices already paired on it; or a later one,
                    // when its slices were paired past the end of its last interval (HOLD_LIMIT)
                    late++;
                }
                w.add(start, end);
            }
            if (w != null) {
                w.knownUntil = Math.max(w.knownUntil, end);
            }
            return;
        }
        Last l = recentLast != null && task == recentTask ? recentLast : last.get(task);
        if (l == null) {
            l = new Last();
            last.put(task, l);
        }
        recentTask = task;
        recentLast = l;
        if (l.pending >= 0) {
            if (state == TaskState.SUSPENDED) {
                l.pendingOn.suspendedAfter.set(l.pending);
            }
            l.pendingOn = null;
            l.pending = -1;
        }
        if (state == TaskState.RUNNING && carrier >= 0) {
            Slices on = slices.get(carrier);
            if (on == null) {
                on = new Slices();
                slices.put(carrier, on);
            }
            if (start < on.pairedBefore) {
                late++;
            }
            l.pending = on.add(start, end, l.state == TaskState.RUNNABLE ? l.start : NOT_READY);
            l.pendingOn = on;
        }
        l.state = state;
        l.start = start;
        l.end = end;
    }

    /**
     * Virtual thread {@code task} began at {@code time}: until its first interval comes (with its
     * first wait's end), slices beginning after that time are not paired.
     */
    public void began(long task, long time) {
        Last l = last.get(task);
        if (l == null) {
            l = new Last();
            l.end = time;
            last.put(task, l);
        }
    }

    /**
     * Task {@code task} ended and will deliver no more intervals: its last interval is forgotten (a
     * slice with no interval after it is no hand-off), so memory grows with live tasks only.
     */
    public void forget(long task) {
        last.remove(task);
        if (task == recentTask) {
            recentLast = null;
        }
    }

    /**
     * Run slices that came after slices were paired around them (0 on every recording measured):
     * their order was known too late, so the median may differ from one over all slices at once.
     */
    public long late() {
        return late;
    }

    /**
     * Run slices paired before everything around them was known, because their carrier held
     * {@link #HOLD_LIMIT} of them (0 unless some task or carrier went that long without a new
     * interval). Any slice or carrier wait that then came before them is counted in {@link #late()}.
     */
    public long forced() {
        return forced;
    }

    /** Hand-offs not measured because the slice before them was paired while its task's next interval had not come. */
    public long unmeasured() {
        return unmeasured;
    }

    /**
     * Pairs the slices that nothing still to come can change, and drops them. A live virtual
     * thread's next slice begins at the end of its last interval or later, and a slice whose
     * task's next interval has not come is not yet known to end in a suspension; a carrier's own
     * waits still to come begin at the end of its last interval. So on each carrier the slices
     * that begin before all of those are final in order and flags: each is paired with the one
     * before it (by start, then arrival) as the whole recording's sort would pair them.
     */
    private void pair(boolean all) {
        long liveFrom = Long.MAX_VALUE;
        for (int j = 0; j < slices.slots(); j++) {
            Slices s = slices.valueAt(j);
            if (s != null) {
                s.pendingFrom = Long.MAX_VALUE;
                s.open.clear();
            }
        }
        if (!all) {
            for (int j = 0; j < last.slots(); j++) {
                Last l = last.valueAt(j);
                if (l != null) {
                    liveFrom = Math.min(liveFrom, l.end);
                    if (l.pending >= 0) {
                        l.pendingOn.pendingFrom = Math.min(l.pendingOn.pendingFrom, l.pendingOn.start[l.pending]);
                        l.pendingOn.open.set(l.pending);
                    }
                }
            }
            forgetIdleWaits(liveFrom);
        }
        boolean moved = false;
        for (int j = 0; j < slices.slots(); j++) {
            Slices s = slices.valueAt(j);
            if (s == null) {
                continue;
            }
            Waits own = waits.get(slices.keyAt(j));
            long before = all ? Long.MAX_VALUE : Math.min(liveFrom, s.pendingFrom);
            if (!all && own != null) {
                before = Math.min(before, own.knownUntil);
            }
            moved |= pairOn(s, own, before);
        }
        if (moved) {
            for (int j = 0; j < last.slots(); j++) {
                Last l = last.valueAt(j);
                if (l != null && l.pending >= 0 && l.pendingOn.moved != null) {
                    l.pending = l.pendingOn.moved[l.pending];
                }
            }
            for (int j = 0; j < slices.slots(); j++) {
                Slices s = slices.valueAt(j);
                if (s != null) {
                    s.moved = null;
                }
            }
        }
    }

    /**
     * Drops the waits of platform threads that carry no virtual thread (yet) once they end before
     * every live virtual thread's last interval: a slice still to come, were the thread to become
     * a carrier, begins after that. They were held to the end: a platform thread's every wait,
     * millions in a service of platform threads. At most {@link #HOLD_LIMIT} are held per thread.
     */
    private void forgetIdleWaits(long liveFrom) {
        for (int j = 0; j < waits.slots(); j++) {
            Waits w = waits.valueAt(j);
            if (w == null || slices.get(waits.keyAt(j)) != null) {
                continue;
            }
            w.dropEndedBy(Math.min(liveFrom, w.knownUntil));
            if (w.size > HOLD_LIMIT) {
                w.dropFirst(w.size - HOLD_LIMIT / 2);
            }
        }
    }

    /** Waits held for threads' own waits (for tests). */
    int waitsHeld() {
        int held = 0;
        for (int j = 0; j < waits.slots(); j++) {
            Waits w = waits.valueAt(j);
            held += w == null ? 0 : w.size;
        }
        return held;
    }

    /**
     * Pairs the slices of one carrier that begin before {@code before} and drops them; returns
     * whether any was (their positions' moves are then in {@code s.moved}).
     */
    private boolean pairOn(Slices s, Waits own, long before) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < s.size; i++) {
            earliest = Math.min(earliest, s.start[i]);
        }
        boolean overLimit = s.size > HOLD_LIMIT;
        if (earliest >= before && !overLimit) {
            return false; // nothing final here yet: no sort
        }
        int[] order = byStart(s);
        int n = 0;
        while (n < order.length && s.start[order[n]] < before) {
            n++;
        }
        if (overLimit && n < s.size - HOLD_LIMIT / 2) {
            // something that has not moved for long holds them: pair the oldest anyway, keep the newest half
            forced += s.size - HOLD_LIMIT / 2 - n;
            n = s.size - HOLD_LIMIT / 2;
            before = Math.max(before, s.start[order[n - 1]] + 1);
        }
        if (n == 0) {
            return false;
        }
        pairFirst(s, own, order, n);
        s.moved = keepUnpaired(s, order, n);
        if (own != null) {
            long minEnd = s.lastEnd;
            for (int i = 0; i < s.size; i++) {
                minEnd = Math.min(minEnd, s.end[i]);
            }
            own.dropEndedBy(Math.min(minEnd, before));
        }
        return true;
    }

    /** Pairs the first {@code n} slices by start, each with the one before it. */
    private void pairFirst(Slices s, Waits own, int[] order, int n) {
        for (int k = 0; k < n; k++) {
            int b = order[k];
            if (s.hasLast && (s.lastSuspendedAfter || s.lastOpen) && s.readySince[b] != NOT_READY) {
                long suspendedAt = s.lastEnd;
                long resumedAt = s.start[b];
                if (s.readySince[b] <= suspendedAt && resumedAt >= suspendedAt
                        && (own == null || !own.overlaps(suspendedAt, resumedAt))) {
                    if (s.lastOpen) {
                        unmeasured++; // whether the slice before ended in a suspension is not known yet
                    } else {
                        count(resumedAt - suspendedAt);
                    }
                }
            }
            s.hasLast = true;
            s.lastEnd = s.end[b];
            s.lastSuspendedAfter = s.suspendedAfter.get(b);
            s.lastOpen = s.open.get(b);
            s.pairedBefore = Math.max(s.pairedBefore, s.start[b] + 1);
        }
    }

    /**
     * Keeps the slices not paired (all but the first {@code n} of {@code order}) in that order, by
     * start: a stable sort of them and the slices still to come is then the one of all of them in
     * arrival order, and the next sort finds them as one run. Returns each old position's new one
     * (-1: dropped).
     */
    private static int[] keepUnpaired(Slices s, int[] order, int n) {
        int[] to = new int[s.size];
        for (int k = 0; k < n; k++) {
            to[order[k]] = -1;
        }
        int kept = s.size - n;
        BitSet flags = new BitSet();
        for (int k = 0; k < kept; k++) {
            to[order[n + k]] = k;
            if (s.suspendedAfter.get(order[n + k])) {
                flags.set(k);
            }
        }
        int[] moves = to.clone();
        // in place, cycle by cycle (a second copy of the held slices would double them while a stuck task holds millions)
        for (int i = 0; i < s.size; i++) {
            int dest = moves[i];
            if (dest < 0 || dest == i) {
                continue;
            }
            long start = s.start[i];
            long end = s.end[i];
            long ready = s.readySince[i];
            moves[i] = -1; // a hole now: a chain that reaches it ends there
            while (true) {
                long nextStart = s.start[dest];
                long nextEnd = s.end[dest];
                long nextReady = s.readySince[dest];
                int nextDest = moves[dest];
                s.start[dest] = start;
                s.end[dest] = end;
                s.readySince[dest] = ready;
                moves[dest] = dest;
                if (nextDest < 0) {
                    break; // what was there is dropped, or already moved away
                }
                start = nextStart;
                end = nextEnd;
                ready = nextReady;
                dest = nextDest;
            }
        }
        s.size = kept;
        s.suspendedAfter = flags;
        return to;
    }

    /** Run slices held, not yet paired (for tests). */
    int slicesHeld() {
        int held = 0;
        for (int j = 0; j < slices.slots(); j++) {
            Slices s = slices.valueAt(j);
            held += s == null ? 0 : s.size;
        }
        return held;
    }

    private void count(long gap) {
        gaps++;
        if (gap < COUNTED) {
            if (counted == null) {
                counted = new int[COUNTED];
            }
            counted[(int) gap]++;
        } else {
            if (longerSize == longer.length) {
                longer = Arrays.copyOf(longer, longerSize * 2);
            }
            longer[longerSize++] = gap;
        }
    }

    /** The {@code k}-th smallest gap (from 0). */
    private long kth(long k, long[] sortedLonger) {
        if (counted != null) {
            for (int v = 0; v < COUNTED; v++) {
                if (k < counted[v]) {
                    return v;
                }
                k -= counted[v];
            }
        }
        return sortedLonger[(int) k];
    }

    /**
     * The median over the whole recording. {@code carriers} are the carrier threads, whose own
     * waits break a hand-off: a thread with slices on it and waits of its own is one.
     */
    public Measured result(Set<Long> carriers) {
        pair(true);
        if (gaps == 0) {
            return new Measured(0, 0);
        }
        long[] sortedLonger = Arrays.copyOf(longer, longerSize);
        Arrays.sort(sortedLonger);
        long count = gaps;
        long median = count % 2 == 1 ? kth(count / 2, sortedLonger)
                : (kth(count / 2 - 1, sortedLonger) + kth(count / 2, sortedLonger)) / 2;
        return new Measured(median, (int) Math.min(Integer.MAX_VALUE, count));
    }

    /** The slices' positions sorted by start (stable). */
    private static int[] byStart(Slices s) {
        return StableOrder.of(s.start, s.size);
    }
}
