package dev.blockscope.analyzer.model;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.event.TraceEvent.Blocked;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
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

    /** One of the longest waits: blocked part only, from {@code start}. */
    public record Wait(long start, long duration, String reason, int stack, long waker) {}

    private final long id;
    private final long order;
    private final long windowStart;
    private final IntervalListener listener;
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
    private long cursor = UNSET;
    private long carrier = ThreadRef.NONE;
    private boolean complete;
    private Blocked held;
    /**
     * The part of {@link #held} that a JDK event showed pinned when the agent's wait around it was
     * not (a virtual thread that waited for a class initialization holding its carrier, then
     * unmounted in the same socket call): only that part holds the carrier. UNSET when none.
     */
    private long pinnedFrom = UNSET;
    private long pinnedTo = UNSET;
    private String pinnedWhy;
    private TraceEvent.WaitOpen open;
    /** What a thread dump at an attached agent's go-live said the task waited for, until its first event. */
    private TraceEvent.WaitingAtStart atStart;
    private long horizon = Long.MAX_VALUE;
    private final ArrayDeque<long[]> unparks = new ArrayDeque<>();

    private final long[] stateNanos = new long[TaskState.values().length];
    private final Map<String, long[]> reasonNanos = new LinkedHashMap<>(4);
    private int suspensions;
    private final List<Wait> longest = new ArrayList<>(LONGEST + 1);
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

    /** A task first seen as {@code ref}; its lifetime cannot begin before {@code windowStart}. */
    public TaskTimeline(ThreadRef ref, long windowStart, IntervalListener listener) {
        this(ref, windowStart, listener, 0);
    }

    /** As {@link #TaskTimeline(ThreadRef, long, IntervalListener)}, the {@code order}-th task seen. */
    public TaskTimeline(ThreadRef ref, long windowStart, IntervalListener listener, long order) {
        this.order = order;
        this.id = ref.id();
        this.name = ref.name();
        this.virtual = ref.virtual();
        this.threadGroup = ref.group();
        this.windowStart = windowStart;
        this.listener = listener;
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
            carrier = startCarrier.id();
        }
        long t = Math.max(time, windowStart);
        if (start == UNSET || (!startKnown && held == null && cursor == start && t >= start)) {
            // A start event that arrives before anything was accounted fixes the lifetime's start.
            start = t;
            cursor = t;
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
        if (end != UNSET || (cursor != UNSET && time < cursor)) {
            return;
        }
        if (unparks.size() == MAX_PENDING_UNPARKS) {
            unparks.removeFirst();
        }
        unparks.addLast(new long[] {time, waker});
    }

    /**
     * The task was already waiting when an attached agent went live ({@code w.time()}): if nothing
     * of the task came before, that wait is what it did from the window's start until its next
     * event (the wait may have ended before that event; nothing in the recording says when).
     */
    public void waitingAtStart(TraceEvent.WaitingAtStart w) {
        if (start == UNSET && end == UNSET && atStart == null) {
            atStart = w;
        }
    }

    /** Turns the snapshot wait into the interval from the window's start to {@code until} (the task's next event). */
    private void flushAtStart(long until) {
        TraceEvent.WaitingAtStart w = atStart;
        if (w == null) {
            return;
        }
        atStart = null;
        long from = windowStart == UNSET ? w.time() : Math.min(windowStart, w.time());
        if (until <= from) {
            return;
        }
        String reason = w.reason() == null || w.reason().isBlank() ? "other" : w.reason();
        startKnown = true; // not UNKNOWN: the thread dump at go-live says what it did
        block(new Blocked(from, until, null, reason, false, null, null, null, -1, true, -1, w.blocker()));
    }

    /** The task was still waiting at {@code o.time()}, since {@code o.since()} (the latest such report wins). */
    public void open(TraceEvent.WaitOpen o) {
        if (end == UNSET && (open == null || o.time() >= open.time())) {
            open = o;
        }
    }

    /** The task could not run during {@code b}. */
    public void block(Blocked b) {
        flushAtStart(b.start());
        if (end != UNSET) {
            dropped++;
            droppedNanos += b.end() - b.start();
            return;
        }
        if (open != null && b.start() >= open.since() - CHUNK_SKEW) {
            open = null; // the open wait ended (this is it) or a later one began
        }
        complete |= b.complete();
        ensureStarted(b.start());
        if (held != null) {
            if (b.start() <= held.start() && b.end() >= held.end()) {
                notePinnedPart(b, held);
                held = merge(b, held);
                return;
            }
            if (b.start() >= held.start() && b.end() <= held.end()) {
                notePinnedPart(held, b);
                held = merge(held, b);
                return;
            }
            horizon = b.start();
            account(held);
            held = null;
        }
        long s = Math.max(b.start(), cursor);
        if (b.end() <= s) {
            dropped++; // entirely inside time already accounted
            droppedNanos += b.end() - b.start();
            return;
        }
        if (s > b.start()) {
            clipped++; // its start overlaps time already accounted
            droppedNanos += s - b.start();
        }
        pinnedFrom = UNSET;
        pinnedTo = UNSET;
        pinnedWhy = null;
        held = s == b.start() ? b : new Blocked(s, b.end(), b.task(), b.reason(), b.pinned(), b.pinReason(),
                b.carrier(), b.resumeCarrier(), b.stack(), b.complete(), b.timeout(), b.blocker());
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
        flushAtStart(found ? endedAfter : time);
        complete |= completeSource;
        ensureStarted(time);
        long t = Math.max(time, cursor);
        if (held != null) {
            Blocked h = held;
            held = null;
            if (h.end() > t) {
                h = new Blocked(h.start(), t, h.task(), h.reason(), h.pinned(), h.pinReason(), h.carrier(),
                        h.resumeCarrier(), h.stack(), h.complete(), h.timeout(), h.blocker());
            }
            if (h.end() > h.start()) {
                horizon = t;
                account(h);
            }
        }
        if (found && endedAfter > cursor) {
            gap(endedAfter);
        }
        if (found && t > cursor) {
            endUnknown = t - cursor;
            emit(TaskState.UNKNOWN, cursor, t, null, null, ThreadRef.NONE, -1, ThreadRef.NONE, null);
            cursor = t;
        }
        gap(t);
        end = t;
    }

    /** Closes the timeline at the end of the recording; a task that did not end stays open (UNKNOWN after its last event). */
    public void finish(long windowEnd) {
        if (atStart != null && end == UNSET) {
            ownEvents = true; // blocked the whole window: the snapshot is all the recording has of it
            flushAtStart(open != null ? Math.min(windowEnd, Math.max(open.since(), windowStart)) : windowEnd);
        }
        if (end != UNSET || !ownEvents) {
            return;
        }
        ensureStarted(windowEnd);
        if (held != null) {
            horizon = Long.MAX_VALUE;
            account(held);
            held = null;
        }
        if (open != null && windowEnd > Math.max(open.since(), cursor)) {
            // Still waiting at the end: the wait the agent reported open runs to the window's end.
            TraceEvent.WaitOpen o = open;
            open = null;
            openAtEnd = true;
            horizon = Long.MAX_VALUE;
            String reason = o.reason() == null || o.reason().isBlank() ? "other" : o.reason();
            account(new Blocked(Math.max(o.since(), cursor), windowEnd, null, reason, o.pinned(), o.pinReason(),
                    o.carrier(), null, -1, complete, -1));
            cursor = windowEnd;
        }
        if (windowEnd > cursor) {
            tailUnknown = windowEnd - cursor;
            emit(TaskState.UNKNOWN, cursor, windowEnd, null, null, ThreadRef.NONE, -1, ThreadRef.NONE, null);
            cursor = windowEnd;
        }
    }

    private void ensureStarted(long time) {
        if (start == UNSET) {
            start = windowStart == UNSET ? time : Math.min(windowStart, time);
            cursor = start;
        }
    }

    private void gap(long until) {
        if (until <= cursor) {
            return;
        }
        boolean head = cursor == start && !startKnown;
        if (head) {
            headUnknown += until - cursor;
        }
        if (head || !complete) {
            emit(TaskState.UNKNOWN, cursor, until, null, null, ThreadRef.NONE, -1, ThreadRef.NONE, null);
        } else {
            emit(TaskState.RUNNING, cursor, until, null, null, virtual ? carrier : ThreadRef.NONE, -1, ThreadRef.NONE, null);
        }
        cursor = until;
    }

    private void account(Blocked b) {
        if (b.carrier() != null) {
            carrier = b.carrier().id();
        }
        long runningFrom = cursor;
        gap(b.start());
        long s = Math.max(b.start(), cursor);
        long e = b.end();
        long[] woke = wakeIn(s, e, runningFrom);
        long waker = woke == null ? ThreadRef.NONE : woke[1];
        TaskState state = b.pinned() ? TaskState.BLOCKED_PINNED : virtual ? TaskState.SUSPENDED : TaskState.BLOCKED;
        long blockedEnd = e;
        if (state == TaskState.SUSPENDED && woke != null && b.complete()) {
            // An unpark matched across a chunk boundary may lie just outside the wait: clamp it in.
            blockedEnd = Math.min(e, Math.max(s, woke[0]));
        } else if (state == TaskState.SUSPENDED && woke == null && b.complete() && timedOut(b)) {
            // No one woke it: a sleep, or a timed park that ran out, was ready when its timeout
            // elapsed; from then on it waited for a carrier (the timer is the waker, -1).
            blockedEnd = b.start() + b.timeout();
        }
        long heldCarrier = state == TaskState.BLOCKED_PINNED ? carrier : ThreadRef.NONE;
        long pinFrom = Math.max(s, pinnedFrom);
        long pinTo = Math.min(blockedEnd, pinnedTo);
        if (state == TaskState.SUSPENDED && pinnedFrom != UNSET && pinTo > pinFrom) {
            // only the part a JDK event showed pinned held the carrier (see partlyPinned)
            if (pinFrom > s) {
                emit(state, s, pinFrom, b.reason(), null, ThreadRef.NONE, b.stack(), waker, b.blocker());
            }
            emit(TaskState.BLOCKED_PINNED, pinFrom, pinTo, b.reason(), pinnedWhy, carrier, b.stack(), waker, b.blocker());
            if (blockedEnd > pinTo) {
                emit(state, pinTo, blockedEnd, b.reason(), null, ThreadRef.NONE, b.stack(), waker, b.blocker());
            }
        } else if (blockedEnd > s) {
            emit(state, s, blockedEnd, b.reason(), b.pinReason(), heldCarrier, b.stack(), waker, b.blocker());
        }
        pinnedFrom = UNSET;
        pinnedTo = UNSET;
        pinnedWhy = null;
        if (e > blockedEnd) {
            emit(TaskState.RUNNABLE, blockedEnd, e, b.reason(), null, ThreadRef.NONE, b.stack(), waker, b.blocker());
        }
        suspensions++;
        noteLongest(new Wait(s, blockedEnd - s, b.reason(), b.stack(), waker));
        cursor = e;
        if (b.resumeCarrier() != null) {
            carrier = b.resumeCarrier().id();
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
    private long[] wakeIn(long s, long e, long runningFrom) {
        long[] found = null;
        long[] early = null;
        Iterator<long[]> it = unparks.iterator();
        while (it.hasNext()) {
            long[] u = it.next();
            if (u[0] > e) {
                if (found == null && early == null && u[0] <= e + CHUNK_SKEW && u[0] < horizon) {
                    found = u;
                    it.remove();
                }
                break;
            }
            if (u[0] >= s) {
                found = u;
            } else if (u[0] >= s - CHUNK_SKEW && u[0] >= runningFrom) {
                early = u;
            }
            it.remove();
        }
        return found != null ? found : early;
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
            if (pinnedFrom == UNSET || to - from > pinnedTo - pinnedFrom) {
                pinnedFrom = from;
                pinnedTo = to;
                pinnedWhy = other.pinReason();
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

    private void emit(TaskState state, long s, long e, String reason, String pinReason, long onCarrier, int stack, long waker,
                      String blocker) {
        stateNanos[state.ordinal()] += e - s;
        if (state.waiting()) {
            long[] sum = reasonNanos.get(reason);
            if (sum == null) {
                sum = new long[1];
                reasonNanos.put(reason, sum);
            }
            sum[0] += e - s;
        }
        listener.interval(this, state, s, e, reason, pinReason, onCarrier, stack, waker, blocker);
    }

    private void noteLongest(Wait w) {
        if (w.duration() <= 0) {
            return;
        }
        TopN.keep(longest, w, LONGEST_FIRST, LONGEST);
    }

    private static final java.util.Comparator<Wait> LONGEST_FIRST = java.util.Comparator.comparingLong(Wait::duration).reversed();

    /** Carrier the task last ran on (a virtual thread), or -1. */
    public long currentCarrier() { return carrier; }
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
    /** Id of the thread that started it, or -1. */
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
        reasonNanos.forEach((r, v) -> copy.put(r, v[0]));
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
