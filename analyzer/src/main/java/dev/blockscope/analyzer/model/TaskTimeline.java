package dev.blockscope.analyzer.model;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.event.TraceEvent.Blocked;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state machine of one task. It is fed the task's own events in commit-time order and turns
 * them into non-overlapping intervals that cover its lifetime exactly:
 *
 * <ul>
 *   <li>a waiting interval becomes BLOCKED (platform thread), BLOCKED_PINNED (virtual thread that
 *       kept its carrier) or SUSPENDED; for a virtual thread the part after the {@code Unpark}
 *       that woke it is RUNNABLE (its scheduler latency);</li>
 *   <li>time between waits is RUNNING when the source records every wait of the task (blockscope
 *       events), and UNKNOWN when it records only some (the JDK's thresholded events);</li>
 *   <li>before a start event that was never seen, and after the last event of a task that did not
 *       end, the state is UNKNOWN.</li>
 * </ul>
 *
 * One waiting interval is held back before it is accounted, because the JDK writes an enclosing
 * event (jdk.VirtualThreadPinned around jdk.ThreadPark, blockscope.Suspend around either) after
 * the one it encloses; the two are merged into one wait.
 */
public final class TaskTimeline {
    static final long UNSET = Long.MIN_VALUE;
    private static final int LONGEST = 5;
    private static final int MAX_PENDING_UNPARKS = 256;
    /** How far outside a wait its unpark may appear because of per-chunk clock conversion (see wakeIn). */
    static final long CHUNK_SKEW = 1_000;

    /**
     * One of the longest waits: blocked part only, from {@code start}; {@code blocker} the class of
     * what it waited on (for {@code class.init}, the class being initialized), or null.
     */
    public record Wait(long start, long duration, String reason, int stack, long waker, String blocker) {}

    private final long id;
    private final long order;
    private final long windowStart;
    private String name;
    private boolean virtual;
    private long parent = ThreadRef.NONE;
    private String runtimeName;
    private String group;
    /** The Java thread group's name, as the JDK's events give it (null when none did). */
    private String threadGroup;

    private long start = UNSET;
    private boolean startKnown;
    private long end = UNSET;
    private boolean complete;
    /** What only the pass needs; null once {@link #finish(long)} ran. */
    private Pass pass;

    private final long[] stateNanos = new long[TaskState.values().length];
    /**
     * Waiting time per reason, in the order the reasons came: a few per task, so two short arrays
     * searched by identity first (the reader shares each reason's string), then by value, cost less
     * per wait than a map (a map lookup per wait was 2% of the soak recording's analysis).
     */
    private String[] reasonKeys = new String[4];
    private long[] reasonSums = new long[4];
    private int reasons;
    private int suspensions;
    private final List<Wait> longest = new ArrayList<>(LONGEST + 1);
    /** A wait must be longer than this to enter {@link #longest}: 0 while it has room, else its last one's. */
    private long longestFloor;
    private long dropped;
    private long clipped;
    private long droppedNanos;
    private boolean ownEvents;
    private long headUnknown;
    private boolean openAtEnd;
    private Map<String, long[]> samples;
    private long tailUnknown;
    /** UNKNOWN time before an end the agent found after it happened (see {@link #end(long, boolean, long)}). */
    private long endUnknown;
    /** Time after go-live counted in a wait of the go-live snapshot whose end no event gives (see {@link #flushAtStart}). */
    private long snapshotUnbounded;

    /** A task first seen as {@code ref}; its lifetime cannot begin before {@code windowStart}. */
    public TaskTimeline(ThreadRef ref, long windowStart, IntervalListener listener) {
        this(ref, windowStart, listener, new Interval(), 0);
    }

    /**
     * As {@link #TaskTimeline(ThreadRef, long, IntervalListener)}, the {@code order}-th task seen,
     * delivering its intervals in {@code shared}, which the other timelines of the same analysis
     * (and thread) fill too: see {@link Interval}.
     */
    public TaskTimeline(ThreadRef ref, long windowStart, IntervalListener listener, Interval shared, long order) {
        this.order = order;
        this.id = ref.id();
        this.name = ref.name();
        this.virtual = ref.virtual();
        this.threadGroup = ref.group();
        this.windowStart = windowStart;
        this.pass = new Pass(listener, shared);
    }

    /**
     * A copy of this timeline, its pass state included, that delivers its intervals to
     * {@code listener} in {@code shared}: a live view ({@code serve --attach}) finishes the copy at
     * the window's end to show what the task does now, and the pass goes on with this one.
     */
    public TaskTimeline copy(IntervalListener listener, Interval shared) {
        TaskTimeline c = new TaskTimeline(new ThreadRef(id, name, virtual, threadGroup), windowStart, listener, shared, order);
        c.parent = parent;
        c.runtimeName = runtimeName;
        c.group = group;
        c.start = start;
        c.startKnown = startKnown;
        c.end = end;
        c.complete = complete;
        System.arraycopy(stateNanos, 0, c.stateNanos, 0, stateNanos.length);
        c.reasonKeys = reasonKeys.clone();
        c.reasonSums = reasonSums.clone();
        c.reasons = reasons;
        c.suspensions = suspensions;
        c.longest.addAll(longest);
        c.longestFloor = longestFloor;
        c.dropped = dropped;
        c.clipped = clipped;
        c.droppedNanos = droppedNanos;
        c.ownEvents = ownEvents;
        c.headUnknown = headUnknown;
        c.openAtEnd = openAtEnd;
        if (samples != null) {
            c.samples = new java.util.TreeMap<>();
            samples.forEach((k, v) -> c.samples.put(k, v.clone()));
        }
        c.tailUnknown = tailUnknown;
        c.endUnknown = endUnknown;
        c.snapshotUnbounded = snapshotUnbounded;
        if (pass == null) {
            c.pass = null;
            return c;
        }
        c.pass.cursor = pass.cursor;
        c.pass.carrier = pass.carrier;
        c.pass.held = pass.held;
        c.pass.pinnedFrom = pass.pinnedFrom;
        c.pass.pinnedTo = pass.pinnedTo;
        c.pass.pinnedWhy = pass.pinnedWhy;
        c.pass.open = pass.open;
        c.pass.atStart = pass.atStart;
        c.pass.horizon = pass.horizon;
        pass.unparks.copyInto(c.pass.unparks);
        return c;
    }

    /**
     * The state only the pass over the events needs: where accounting stands, the wait held back
     * for merging, wake-ups not yet matched, reported waits. Kept apart from what the timeline
     * says of the task (its times, waits, counts), as Go's trace summarizer keeps its in-progress
     * state, and dropped by {@link #finish(long)}, after which only that remains.
     */
    private static final class Pass {
        final IntervalListener listener;
        /** Filled and delivered for every interval (shared by the analysis' timelines). */
        final Interval out;
        long cursor = UNSET;
        long carrier = ThreadRef.NONE;
        Blocked held;
        /**
         * The part of {@link #held} that a JDK event showed pinned when the agent's wait around it was
         * not (a virtual thread that waited for a class initialization holding its carrier, then
         * unmounted in the same socket call): only that part holds the carrier. UNSET when none.
         */
        long pinnedFrom = UNSET;
        long pinnedTo = UNSET;
        String pinnedWhy;
        TraceEvent.WaitOpen open;
        /** What a thread dump at an attached agent's go-live said the task waited for, until its first event. */
        TraceEvent.WaitingAtStart atStart;
        long horizon = Long.MAX_VALUE;
        final Unparks unparks = new Unparks();
        /** The wake-up {@link #wakeIn} found: its time and its waker. */
        long wokeAt;
        long wokeBy;

        Pass(IntervalListener listener, Interval out) {
            this.listener = listener;
            this.out = out;
        }
    }

    /** Names the task from one of its own events (an unpark may have created it before any). */
    public void identify(ThreadRef ref) {
        ownEvents = true;
        if (ref.name() != null && !ref.name().isEmpty()) {
            name = ref.name();
        }
        virtual = ref.virtual();
        described(ref);
    }

    /**
     * Takes the name and thread group a periodic per-thread event gives (jdk.ThreadCPULoad), which
     * says nothing of the task's state: a name only where its own events gave none.
     */
    public void described(ThreadRef ref) {
        if ((name == null || name.isEmpty()) && ref.name() != null && !ref.name().isEmpty()) {
            name = ref.name();
        }
        if (ref.group() != null) {
            threadGroup = ref.group();
        }
    }

    /** Whether any event of the task itself was seen (not only unparks naming it). */
    public boolean hasOwnEvents() {
        return ownEvents;
    }

    /** The task started at {@code time} (its first event if it comes first). */
    public void start(long time, long parentId, ThreadRef startCarrier, boolean completeSource) {
        complete |= completeSource;
        if (parentId > 0) {
            parent = parentId;
        }
        if (startCarrier != null) {
            pass.carrier = startCarrier.id();
        }
        long t = Math.max(time, windowStart);
        if (start == UNSET || (!startKnown && pass.held == null && pass.cursor == start && t >= start)) {
            // A start event that arrives before anything was accounted fixes the lifetime's start.
            start = t;
            pass.cursor = t;
            startKnown = true;
        }
    }

    /**
     * The task was sampled at an instant ({@code key}: the sampling event and the state it saw),
     * standing for {@code weight} samples. Counted only: an instant says nothing about an interval.
     */
    public void sample(String key, int weight) {
        if (samples == null) {
            samples = new java.util.TreeMap<>();
        }
        samples.computeIfAbsent(key, k -> new long[1])[0] += weight;
    }

    /** Samples of the task by source and state (empty when none). */
    public Map<String, Long> samples() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        if (samples != null) {
            samples.forEach((k, v) -> copy.put(k, v[0]));
        }
        return copy;
    }

    /** The bundled runtime's name and group for this task. */
    public void label(String runtimeTaskName, String taskGroup) {
        runtimeName = runtimeTaskName;
        group = taskGroup;
    }

    /** {@code waker} made this task runnable at {@code time}. */
    public void unpark(long time, long waker) {
        if (end != UNSET || (pass.cursor != UNSET && time < pass.cursor)) {
            return;
        }
        if (pass.unparks.size() == MAX_PENDING_UNPARKS) {
            pass.unparks.removeFirst();
        }
        pass.unparks.addLast(time, waker);
    }

    /**
     * The task was already waiting when an attached agent went live ({@code w.time()}): if nothing
     * of the task came before, that wait is what it did from the window's start until its next
     * event (the wait may have ended before that event; nothing in the recording says when).
     */
    public void waitingAtStart(TraceEvent.WaitingAtStart w) {
        if (start == UNSET && end == UNSET && pass.atStart == null) {
            pass.atStart = w;
        }
    }

    /**
     * Turns the snapshot wait into the interval from the window's start to {@code until}. With
     * {@code known} false, {@code until} is the task's next event (or the window's end), the latest
     * the wait can have ended: no event marks the end of a wait that began before the probes were
     * live, so the task may have run for part of it; that part is counted ({@link #snapshotUnbounded})
     * for the limits. With {@code known} true the agent reported the wait still going on then.
     */
    private void flushAtStart(long until, boolean known) {
        TraceEvent.WaitingAtStart w = pass.atStart;
        if (w == null) {
            return;
        }
        pass.atStart = null;
        long from = windowStart == UNSET ? w.time() : Math.min(windowStart, w.time());
        if (until <= from) {
            return;
        }
        if (!known && until > Math.max(from, w.time())) {
            snapshotUnbounded += until - Math.max(from, w.time());
        }
        String reason = w.reason() == null || w.reason().isBlank() ? "other" : w.reason();
        startKnown = true; // not UNKNOWN: the thread dump at go-live says what it did
        block(new Blocked(from, until, null, reason, false, null, null, null, TraceEvent.NO_STACK, true, Blocked.NO_TIMEOUT,
                w.blocker()));
    }

    /** The task was still waiting at {@code o.time()}, since {@code o.since()} (the latest such report wins). */
    public void open(TraceEvent.WaitOpen o) {
        if (end == UNSET && (pass.open == null || o.time() >= pass.open.time())) {
            pass.open = o;
        }
    }

    /** The task could not run during {@code b}. */
    public void block(Blocked b) {
        flushAtStart(b.start(), false);
        if (end != UNSET) {
            dropped++;
            droppedNanos += b.end() - b.start();
            return;
        }
        if (pass.open != null && b.start() >= pass.open.since() - CHUNK_SKEW) {
            pass.open = null; // the open wait ended (this is it) or a later one began
        }
        complete |= b.complete();
        ensureStarted(b.start());
        if (pass.held != null) {
            if (b.start() <= pass.held.start() && b.end() >= pass.held.end()) {
                notePinnedPart(b, pass.held);
                pass.held = merge(b, pass.held);
                return;
            }
            if (b.start() >= pass.held.start() && b.end() <= pass.held.end()) {
                notePinnedPart(pass.held, b);
                pass.held = merge(pass.held, b);
                return;
            }
            if (sameStart(b, pass.held)) {
                // two views of one wait, neither quite inside the other: JDK 25 writes a virtual
                // thread's wait for another thread's class initializer as a jdk.JavaMonitorWait on
                // the class's init lock and a jdk.VirtualThreadPinned naming the class, which
                // begins 74 ns later and ends 16 µs later; taken as two waits, the first read as an
                // unmounted wait of no class and the pin as a 16 µs wait after it
                Blocked outer = b.end() - b.start() >= pass.held.end() - pass.held.start() ? b : pass.held;
                Blocked inner = outer == b ? pass.held : b;
                notePinnedPart(outer, inner);
                pass.held = merge(outer, inner).withSpan(Math.min(b.start(), pass.held.start()),
                        Math.max(b.end(), pass.held.end()));
                return;
            }
            pass.horizon = b.start();
            account(pass.held);
            pass.held = null;
        }
        long s = Math.max(b.start(), pass.cursor);
        if (b.end() <= s) {
            dropped++; // entirely inside time already accounted
            droppedNanos += b.end() - b.start();
            return;
        }
        if (s > b.start()) {
            clipped++; // its start overlaps time already accounted
            droppedNanos += s - b.start();
        }
        pass.pinnedFrom = UNSET;
        pass.pinnedTo = UNSET;
        pass.pinnedWhy = null;
        pass.held = b.withSpan(s, b.end());
    }

    /** The task ended at {@code time}. Later events of the task are ignored. */
    public void end(long time, boolean completeSource) {
        end(time, completeSource, 0);
    }

    /**
     * The task ended at {@code time}; with {@code endedAfter} > 0, it was found ended then and was
     * last known alive at {@code endedAfter}: what it did from there (or from its last event, if
     * later) to {@code time} is UNKNOWN, its end somewhere in it.
     */
    public void end(long time, boolean completeSource, long endedAfter) {
        if (end != UNSET) {
            return; // a task found ended after its end was recorded as it happened
        }
        boolean found = endedAfter > 0 && endedAfter < time;
        flushAtStart(found ? endedAfter : time, false);
        complete |= completeSource;
        ensureStarted(time);
        long t = Math.max(time, pass.cursor);
        if (pass.held != null) {
            Blocked h = pass.held;
            pass.held = null;
            if (h.end() > t) {
                h = h.withSpan(h.start(), t);
            }
            if (h.end() > h.start()) {
                pass.horizon = t;
                account(h);
            }
        }
        if (found && endedAfter > pass.cursor) {
            gap(endedAfter);
        }
        if (found && t > pass.cursor) {
            endUnknown = t - pass.cursor;
            emit(TaskState.UNKNOWN, pass.cursor, t, Interval.NO_CARRIER);
            pass.cursor = t;
        }
        gap(t);
        end = t;
    }

    /**
     * Closes the timeline at the end of the recording; a task that did not end stays open (UNKNOWN
     * after its last event). Drops the pass' state: nothing is fed to the timeline after this.
     */
    public void finish(long windowEnd) {
        if (pass == null) {
            return;
        }
        close(windowEnd);
        pass = null;
    }

    private void close(long windowEnd) {
        if (pass.atStart != null && end == UNSET) {
            ownEvents = true; // blocked the whole window: the snapshot is all the recording has of it
            flushAtStart(pass.open != null ? Math.min(windowEnd, Math.max(pass.open.since(), windowStart)) : windowEnd,
                    pass.open != null);
        }
        if (end != UNSET || !ownEvents) {
            return;
        }
        ensureStarted(windowEnd);
        if (pass.held != null) {
            pass.horizon = Long.MAX_VALUE;
            account(pass.held);
            pass.held = null;
        }
        if (pass.open != null && windowEnd > Math.max(pass.open.since(), pass.cursor)) {
            // Still waiting at the end: the wait the agent reported open runs to the window's end.
            TraceEvent.WaitOpen o = pass.open;
            pass.open = null;
            openAtEnd = true;
            pass.horizon = Long.MAX_VALUE;
            String reason = o.reason() == null || o.reason().isBlank() ? "other" : o.reason();
            account(new Blocked(Math.max(o.since(), pass.cursor), windowEnd, null, reason, o.pinned(), o.pinReason(),
                    o.carrier(), null, TraceEvent.NO_STACK, complete, Blocked.NO_TIMEOUT));
            pass.cursor = windowEnd;
        }
        if (windowEnd > pass.cursor) {
            tailUnknown = windowEnd - pass.cursor;
            emit(TaskState.UNKNOWN, pass.cursor, windowEnd, Interval.NO_CARRIER);
            pass.cursor = windowEnd;
        }
    }

    private void ensureStarted(long time) {
        if (start == UNSET) {
            start = windowStart == UNSET ? time : Math.min(windowStart, time);
            pass.cursor = start;
        }
    }

    private void gap(long until) {
        if (until <= pass.cursor) {
            return;
        }
        boolean head = pass.cursor == start && !startKnown;
        if (head) {
            headUnknown += until - pass.cursor;
        }
        if (head || !complete) {
            emit(TaskState.UNKNOWN, pass.cursor, until, Interval.NO_CARRIER);
        } else {
            emit(TaskState.RUNNING, pass.cursor, until, virtual ? pass.carrier : Interval.NO_CARRIER);
        }
        pass.cursor = until;
    }

    private void account(Blocked b) {
        if (b.carrier() != null) {
            pass.carrier = b.carrier().id();
        }
        long runningFrom = pass.cursor;
        gap(b.start());
        long s = Math.max(b.start(), pass.cursor);
        long e = b.end();
        boolean woke = wakeIn(s, e, runningFrom);
        long waker = woke ? pass.wokeBy : Interval.NO_WAKER;
        TaskState state = b.pinned() ? TaskState.BLOCKED_PINNED : virtual ? TaskState.SUSPENDED : TaskState.BLOCKED;
        long blockedEnd = e;
        if (state == TaskState.SUSPENDED && woke && b.complete()) {
            // An unpark matched across a chunk boundary may lie just outside the wait: clamp it in.
            blockedEnd = Math.min(e, Math.max(s, pass.wokeAt));
        } else if (state == TaskState.SUSPENDED && !woke && b.complete() && timedOut(b)) {
            // No one woke it: a sleep, or a timed park that ran out, was ready when its timeout
            // elapsed; from then on it waited for a carrier (the timer is the waker: none).
            blockedEnd = b.start() + b.timeout();
        }
        long heldCarrier = state == TaskState.BLOCKED_PINNED ? pass.carrier : Interval.NO_CARRIER;
        long pinFrom = Math.max(s, pass.pinnedFrom);
        long pinTo = Math.min(blockedEnd, pass.pinnedTo);
        if (state == TaskState.SUSPENDED && pass.pinnedFrom != UNSET && pinTo > pinFrom) {
            // only the part a JDK event showed pinned held the carrier (see partlyPinned)
            if (pinFrom > s) {
                emitWait(state, s, pinFrom, b, null, Interval.NO_CARRIER, waker);
            }
            emitWait(TaskState.BLOCKED_PINNED, pinFrom, pinTo, b, pass.pinnedWhy, pass.carrier, waker);
            if (blockedEnd > pinTo) {
                emitWait(state, pinTo, blockedEnd, b, null, Interval.NO_CARRIER, waker);
            }
        } else if (blockedEnd > s) {
            emitWait(state, s, blockedEnd, b, b.pinReason(), heldCarrier, waker);
        }
        pass.pinnedFrom = UNSET;
        pass.pinnedTo = UNSET;
        pass.pinnedWhy = null;
        if (e > blockedEnd) {
            emitWait(TaskState.RUNNABLE, blockedEnd, e, b, null, Interval.NO_CARRIER, waker);
        }
        suspensions++;
        if (entersLongest(blockedEnd - s)) {
            noteLongest(new Wait(s, blockedEnd - s, b.reason(), b.stack(), waker, b.blocker()));
        }
        pass.cursor = e;
        if (b.resumeCarrier() != null) {
            pass.carrier = b.resumeCarrier().id();
        }
    }

    private static boolean timedOut(Blocked b) {
        return b.timeout() > 0 && b.start() + b.timeout() < b.end()
                && (b.reason().equals("sleep") || b.reason().startsWith("park."));
    }

    /**
     * The unpark that ended the wait [s, e]: the last one inside it; failing that, one at most
     * {@link #CHUNK_SKEW} before it (after {@code runningFrom}, the end of the task's previous
     * wait) or after it (before {@code horizon}, the start of the task's next event, whose wake it
     * would otherwise be). Unparks up to the one used are used up.
     *
     * <p>Why the tolerance: JFR converts ticks to time per chunk, from that chunk's own pair of
     * start ticks and start wall-clock time, so two chunks disagree a little (±256 ns measured
     * between the chunks of recordings made here: a double's resolution at epoch nanos). The
     * waker commits its unpark before a chunk rotation and the sleeper its wait after it; an
     * unpark that came within that much of the wait's start (common: the waker unparks while the
     * task is still entering park) or end then reads just outside the wait and, matched
     * strictly, its wake was lost (about one wait in a million on a large multi-chunk file). An
     * unpark further before the wait is a permit the task had while running, not a wake.
     */
    private boolean wakeIn(long s, long e, long runningFrom) {
        boolean found = false;
        boolean early = false;
        long foundAt = 0;
        long foundBy = 0;
        long earlyAt = 0;
        long earlyBy = 0;
        Unparks q = pass.unparks;
        // from the head, each wake-up looked at is taken
        while (!q.isEmpty()) {
            long t = q.firstTime();
            if (t > e) {
                if (!found && !early && t <= e + CHUNK_SKEW && t < pass.horizon) {
                    found = true;
                    foundAt = t;
                    foundBy = q.firstWaker();
                    q.removeFirst();
                }
                break;
            }
            if (t >= s) {
                found = true;
                foundAt = t;
                foundBy = q.firstWaker();
            } else if (t >= s - CHUNK_SKEW && t >= runningFrom) {
                early = true;
                earlyAt = t;
                earlyBy = q.firstWaker();
            }
            q.removeFirst();
        }
        if (found || early) {
            pass.wokeAt = found ? foundAt : earlyAt;
            pass.wokeBy = found ? foundBy : earlyBy;
            return true;
        }
        return false;
    }

    /**
     * Wake-ups not yet matched to a wait, oldest first, as a ring of primitive pairs (time,
     * waker): an array per wake-up was a tenth of what a ping-pong's analysis allocated.
     */
    static final class Unparks {
        private long[] time = new long[4];
        private long[] waker = new long[4];
        private int head;
        private int size;

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }

        long firstTime() {
            return time[head];
        }

        long firstWaker() {
            return waker[head];
        }

        void removeFirst() {
            head = (head + 1) & (time.length - 1);
            size--;
        }

        void addLast(long t, long w) {
            if (size == time.length) {
                long[] nt = new long[size * 2];
                long[] nw = new long[size * 2];
                for (int k = 0; k < size; k++) {
                    int i = (head + k) & (time.length - 1);
                    nt[k] = time[i];
                    nw[k] = waker[i];
                }
                time = nt;
                waker = nw;
                head = 0;
            }
            int i = (head + size) & (time.length - 1);
            time[i] = t;
            waker[i] = w;
            size++;
        }

        void copyInto(Unparks to) {
            for (int k = 0; k < size; k++) {
                int i = (head + k) & (time.length - 1);
                to.addLast(time[i], waker[i]);
            }
        }
    }

    /**
     * Whether {@code a} and {@code b} are a pin and the wait it pinned, one not quite inside the
     * other: they overlap and begin together (within the clock skew between chunks), and one of
     * them is a pin (jdk.VirtualThreadPinned encloses the blocking call it pinned, and may end
     * after it, as it covers the thread's return to where it runs again).
     */
    private static boolean sameStart(Blocked a, Blocked b) {
        return a.pinned() != b.pinned() && Math.abs(a.start() - b.start()) <= CHUNK_SKEW && a.end() > b.start() && b.end() > a.start();
    }

    /**
     * The source that records every wait (blockscope) knows the reason and carriers best;
     * between two JDK events, the inner one is the actual blocking call.
     */
    private static Blocked primary(Blocked outer, Blocked inner) {
        return outer.complete() != inner.complete() ? (outer.complete() ? outer : inner) : inner;
    }

    /**
     * Whether merging {@code outer} and {@code inner} pins only part of the wait: the agent's
     * wait (complete source) was not pinned and a JDK event inside or around it was. The agent
     * knows its wait unmounted (it sees a park pin on the carrier); the JDK's event covers the
     * time the carrier was held, which may be a small part of the agent's wait (merged whole,
     * a 10 ms class-initialization pin inside a 72 ms socket wait read as 72 ms holding the
     * carrier while other tasks ran on it).
     */
    private static boolean partlyPinned(Blocked primary, Blocked other) {
        return primary.complete() && !other.complete() && !primary.pinned() && other.pinned();
    }

    private void notePinnedPart(Blocked outer, Blocked inner) {
        Blocked primary = primary(outer, inner);
        Blocked other = primary == outer ? inner : outer;
        if (partlyPinned(primary, other)) {
            long from = Math.max(primary.start(), other.start());
            long to = Math.min(primary.end(), other.end());
            if (pass.pinnedFrom == UNSET || to - from > pass.pinnedTo - pass.pinnedFrom) {
                pass.pinnedFrom = from;
                pass.pinnedTo = to;
                pass.pinnedWhy = other.pinReason();
            }
        }
    }

    private static Blocked merge(Blocked outer, Blocked inner) {
        Blocked primary = primary(outer, inner);
        Blocked other = primary == outer ? inner : outer;
        String pinReason = primary.pinReason() != null ? primary.pinReason() : other.pinReason();
        return new Blocked(outer.start(), outer.end(), primary.task(), primary.reason(),
                primary.pinned() || (other.pinned() && !partlyPinned(primary, other)), pinReason,
                primary.carrier() != null ? primary.carrier() : other.carrier(),
                primary.resumeCarrier() != null ? primary.resumeCarrier() : other.resumeCarrier(),
                primary.stack() >= 0 ? primary.stack() : other.stack(), outer.complete() || inner.complete(),
                primary.timeout() > 0 ? primary.timeout() : other.timeout(),
                primary.blocker() != null ? primary.blocker() : other.blocker());
    }

    /** Delivers RUNNING or UNKNOWN time, of which nothing more is known. */
    private void emit(TaskState state, long s, long e, long onCarrier) {
        stateNanos[state.ordinal()] += e - s;
        pass.listener.interval(this, pass.out.set(id, state, s, e, onCarrier));
    }

    /** Delivers part of wait {@code b}: waiting ({@code state}) or, once woken, RUNNABLE. */
    private void emitWait(TaskState state, long s, long e, Blocked b, String pinReason, long onCarrier, long waker) {
        stateNanos[state.ordinal()] += e - s;
        if (state.waiting()) {
            addReason(b.reason(), e - s);
        }
        pass.listener.interval(this, pass.out.set(id, state, s, e, b.reason(), pinReason, onCarrier, b.stack(), waker,
                b.blocker()));
    }

    /** Whether a wait of {@code nanos} would be kept by {@link #noteLongest} (most are not: no {@link Wait} made for them). */
    private boolean entersLongest(long nanos) {
        return nanos > longestFloor;
    }

    private void addReason(String reason, long nanos) {
        for (int i = 0; i < reasons; i++) {
            if (reasonKeys[i] == reason) {
                reasonSums[i] += nanos;
                return;
            }
        }
        for (int i = 0; i < reasons; i++) {
            if (java.util.Objects.equals(reasonKeys[i], reason)) {
                reasonKeys[i] = reason; // the same text from another chunk's pool: its waits follow, found by identity
                reasonSums[i] += nanos;
                return;
            }
        }
        if (reasons == reasonKeys.length) {
            reasonKeys = java.util.Arrays.copyOf(reasonKeys, reasons * 2);
            reasonSums = java.util.Arrays.copyOf(reasonSums, reasons * 2);
        }
        reasonKeys[reasons] = reason;
        reasonSums[reasons++] = nanos;
    }

    private void noteLongest(Wait w) {
        if (w.duration() <= 0) {
            return;
        }
        TopN.keep(longest, w, LONGEST_FIRST, LONGEST);
        longestFloor = longest.size() < LONGEST ? 0 : longest.getLast().duration();
    }

    private static final java.util.Comparator<Wait> LONGEST_FIRST = java.util.Comparator.comparingLong(Wait::duration).reversed();

    /** Carrier the task last ran on (a virtual thread), or {@link Interval#NO_CARRIER}; during the pass only. */
    public long currentCarrier() { return pass == null ? Interval.NO_CARRIER : pass.carrier; }
    /** Java thread id. */
    public long id() { return id; }
    /** Which task seen this was (0 first), as given at creation. */
    public long order() { return order; }
    /** Thread name (the last non-empty one seen). */
    public String name() { return name; }
    /** The Java thread group's name, when a JDK event gave it; else null. */
    public String threadGroup() { return threadGroup; }
    /** Whether the task is a virtual thread. */
    public boolean virtual() { return virtual; }
    /** Id of the thread that started it, or {@link ThreadRef#NONE}. */
    public long parent() { return parent; }
    /** Runtime task name, or null. */
    public String runtimeName() { return runtimeName; }
    /** Runtime task group, or null. */
    public String group() { return group; }
    /** Lifetime start, epoch nanos. */
    public long start() { return start; }
    /** Whether a start event was seen (else the lifetime starts at the window start). */
    public boolean startKnown() { return startKnown; }
    /** Lifetime end, epoch nanos, or {@link Long#MIN_VALUE} while alive at the end of the recording. */
    public long end() { return end; }
    /** Whether the task ended within the recording. */
    public boolean ended() { return end != UNSET; }
    /** Nanoseconds spent in {@code state}. */
    public long nanos(TaskState state) { return stateNanos[state.ordinal()]; }
    /** Nanoseconds waiting per reason (SUSPENDED + BLOCKED + BLOCKED_PINNED). */
    public Map<String, Long> reasonNanos() {
        Map<String, Long> copy = new LinkedHashMap<>();
        for (int i = 0; i < reasons; i++) {
            copy.put(reasonKeys[i], reasonSums[i]);
        }
        return copy;
    }
    /** Number of waits. */
    public int suspensions() { return suspensions; }
    /** Longest waits, longest first. */
    public List<Wait> longest() { return longest; }
    /** UNKNOWN time from the window start to the first event, for a task without a start event. */
    public long headUnknown() { return headUnknown; }
    /** Whether the task was still waiting at the end, in a wait reported open (blockscope.OpenSuspend). */
    public boolean openAtEnd() { return openAtEnd; }
    /** UNKNOWN time after the last event, for a task alive at the end of the recording. */
    public long tailUnknown() { return tailUnknown; }

    /**
     * Time counted in a wait the go-live snapshot found in progress, from go-live to the task's next
     * event, without an event giving the wait's end: an upper bound, its true end is somewhere in it.
     */
    public long snapshotUnbounded() { return snapshotUnbounded; }
    /** UNKNOWN time before an end that was found after it happened, 0 for an end recorded as it happened. */
    public long endUnknown() { return endUnknown; }
    /** Events ignored because they came after the task's end or inside time already accounted. */
    public long dropped() { return dropped; }
    /** Events whose start was cut to the time already accounted. */
    public long clipped() { return clipped; }
    /** Waiting time of ignored events, and of the clipped parts of others: not on the timeline as theirs. */
    public long droppedNanos() { return droppedNanos; }
    /** Whether every wait of this task is recorded (blockscope events seen for it). */
    public boolean complete() { return complete; }
}
