package dev.blockscope.agent.bridge;

import dev.blockscope.event.OpenSuspendEvent;
import dev.blockscope.event.Reason;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The tasks a probe has seen, so that a chunk end (the last one is the recording's end) can say
 * which of them are suspended right now: a suspension is committed only when the task resumes,
 * and without this the time after a task's last event would be unknown. A task's state joins
 * the registry once, at its first probe call, and leaves at its end: nothing per suspension.
 *
 * <p>The same registry is how a thread finds its own state ({@link #stateOf}: no
 * {@code ThreadLocal}, which would give every virtual thread a map of its own) and how its wakers
 * find it ({@link #of}): an unpark writes the wake-up into the target's state instead of
 * committing an event of its own. JFR's and the agent's own threads have a state here too,
 * marked ignored.
 *
 * <p>The states are read from another thread without locks. A task that resumes while this
 * runs may be reported open and then also commit its Suspend; the Suspend then supersedes the
 * OpenSuspend (see {@link OpenSuspendEvent}).
 */
public final class OpenSuspensions {
    private OpenSuspensions() {}

    /**
     * The registry, direct-mapped by thread id: a thread's state sits in slot {@code id mod 16,384}
     * unless another live thread holds it, then in {@link #OVERFLOW}. Thread ids count up, so live
     * threads seldom share a slot (a soak of 10,000 virtual threads fits; a service's request
     * threads come and go): joining and leaving is one compare-and-set on the slot, where a
     * concurrent hash map cost two contended updates of its size and a node per task (1% of a
     * service's CPU at one virtual thread per request), and a lookup is one read and one
     * comparison (a hash-map lookup was 2.4% of a ping-pong's profile). 16,384 slots cost 64 KB.
     */
    private static final TaskState[] SLOTS = new TaskState[1 << 14];
    private static final java.lang.invoke.VarHandle SLOT = java.lang.invoke.MethodHandles.arrayElementVarHandle(TaskState[].class);
    /** The states whose slot another live thread held when they joined. */
    private static final ConcurrentHashMap<Thread, TaskState> OVERFLOW = new ConcurrentHashMap<>();
    /**
     * The states in {@link #OVERFLOW}, counted up before one goes in and down after one left: while
     * it is 0 a lookup that missed its slot is done, without hashing the thread (a new virtual
     * thread's identity hash and a map lookup, at every thread's first probe).
     */
    private static final java.util.concurrent.atomic.AtomicInteger OVERFLOWED = new java.util.concurrent.atomic.AtomicInteger();

    private static int slot(Thread t) {
        return (int) t.threadId() & (SLOTS.length - 1);
    }

    /**
     * The state of {@code t}, made and registered at its first probe call (by {@code t} itself,
     * by the thread that starts it, before it runs, or for a carrier by the virtual thread it
     * runs, which commits with the carrier's events): by one thread at a time.
     */
    static TaskState stateOf(Thread t) {
        TaskState s = of(t);
        return s != null ? s : register(ProbeBridge.newState(t));
    }

    private static TaskState register(TaskState fresh) {
        int i = slot(fresh.thread);
        while (true) {
            TaskState held = (TaskState) SLOT.getVolatile(SLOTS, i);
            if (held == null) {
                if (SLOT.compareAndSet(SLOTS, i, null, fresh)) {
                    return fresh;
                }
            } else if (held.thread == fresh.thread) {
                return held;
            } else {
                OVERFLOWED.incrementAndGet();
                TaskState earlier = OVERFLOW.putIfAbsent(fresh.thread, fresh);
                if (earlier != null) {
                    OVERFLOWED.decrementAndGet();
                    return earlier;
                }
                return fresh;
            }
        }
    }

    /**
     * {@code s}'s task ended (or its thread died unseen): it leaves the registry, once. It joins
     * the chunk writer's list of ended tasks before it leaves the registry: a chunk closing
     * meanwhile names the threads its events refer to from the registry and then from that list
     * ({@link ChunkRecorder}), so it finds the task in one or the other. The other order let a
     * task ending just then go unnamed, and all its events in that chunk with it.
     */
    static void unregister(TaskState s) {
        if (!s.retire()) {
            return;
        }
        ChunkRecorder.ended(s);
        if (SLOT.compareAndSet(SLOTS, slot(s.thread), s, null) || leftOverflow(s)) {
            AgentCounters.retire(s);
            EventBuffer b = s.buffer;
            if (b != null) {
                s.buffer = null;
                EventBuffers.retire(b);
            }
        }
    }

    /**
     * Whether {@code s}'s thread ended without passing the end probe (the probe off): it is not
     * alive and was started. A state made when its thread was started ({@link ProbeBridge#starting})
     * is not alive until the start is done; one whose start failed is let go at the next check.
     */
    static boolean endedUnseen(TaskState s) {
        Thread t = s.thread;
        if (t.isAlive()) {
            return false;
        }
        return t.getState() != Thread.State.NEW || s.seenUnstarted++ > 0;
    }

    /**
     * A wait that began before the probes went live and still went on when the recording ended:
     * a task an attached agent's snapshot found waiting, found again at the end in the same wait
     * (the same state, blocker and innermost frame), with no probe call of its own in between.
     * Without it such a task, asleep the whole window (a keep-alive connection's reader), is
     * UNKNOWN after the snapshot: a wait is written only when it ends.
     */
    public record EarlierWait(long threadId, String name, boolean virtual, String reason, long sinceEpochNanos) {}

    private static volatile java.util.List<EarlierWait> earlierWaits = java.util.List.of();

    /** The waits the last chunk lists as open since before the recording (see {@link EarlierWait}). */
    public static void earlierWaitsAtEnd(java.util.List<EarlierWait> waits) {
        earlierWaits = java.util.List.copyOf(waits);
    }

    static java.util.List<EarlierWait> earlierWaits() {
        return earlierWaits;
    }

    /** Whether a probe has seen {@code t} (it has a state here): it passed a probe since the agent went live. */
    public static boolean seen(Thread t) {
        return of(t) != null;
    }

    /** The states of the tasks seen and not ended: a snapshot of the registry (for the once-a-second and chunk-end passes). */
    static java.util.List<TaskState> live() {
        java.util.List<TaskState> all = new java.util.ArrayList<>(OVERFLOW.values());
        for (int i = 0; i < SLOTS.length; i++) {
            TaskState s = (TaskState) SLOT.getVolatile(SLOTS, i);
            if (s != null) {
                all.add(s);
            }
        }
        return all;
    }

    /** The state of {@code t} if a probe has seen it and it has not ended, else null. */
    static TaskState of(Thread t) {
        TaskState s = (TaskState) SLOT.getVolatile(SLOTS, slot(t));
        return s != null && s.thread == t ? s : OVERFLOWED.get() == 0 ? null : OVERFLOW.get(t);
    }

    /** The states in the overflow map now (for tests). */
    static int overflowed() {
        return OVERFLOWED.get();
    }

    /** Takes {@code s} out of {@link #OVERFLOW} if it is there. */
    private static boolean leftOverflow(TaskState s) {
        if (OVERFLOW.remove(s.thread, s)) {
            OVERFLOWED.decrementAndGet();
            return true;
        }
        return false;
    }

    /**
     * Appends to {@code tail} a {@code blockscope.OpenSuspend} for {@code s} if it is suspended
     * now (at {@code endTicks}, epoch {@code endNanos}), adding its thread to the chunk's
     * {@code threads}: the chunk's end reports every task still waiting, whose Suspend is written
     * only when it resumes. Read without locks: a task that resumes meanwhile may be reported
     * open and also write its Suspend, which then supersedes this (see {@link OpenSuspendEvent}).
     */
    static void openRecord(TaskState s, ChunkBytes tail, long endTicks, long endNanos, long sweptTicks,
                           ChunkRecorder.LongSet threads) {
        Thread t = s.thread;
        if (!t.isAlive()) {
            if (endedUnseen(s)) {
                unregister(s); // ended without passing the end probe (probe off)
            }
            return;
        }
        String reason = s.openReason();
        if (reason == null) {
            long began = PendingMonitorEntries.openSince(s);
            if (began != Long.MIN_VALUE && (began - sweptTicks <= 0 || startSwept(s, sweptTicks))) {
                write(tail, s, endTicks, endNanos, Reason.MONITOR_ENTER, false, null, PendingMonitorEntries.openCarrier(s),
                        endNanos - SuspendTiming.toNanos(endTicks - began), threads);
            }
            return;
        }
        long began = s.began;
        if (began - sweptTicks > 0 && !startSwept(s, sweptTicks)) {
            // began after the last sweep started, and so may its task, whose TaskStart that sweep
            // may then have passed (a task writes it before its first wait): an open wait without
            // its task's start read as a task alive, UNKNOWN, since the window's start. Such a task
            // is microseconds old: it shows a tail that short, UNKNOWN and said.
            return;
        }
        boolean pinned = s.pinned;
        if (s.requireBlock && !s.blocked && !pinned && t.getState() == Thread.State.RUNNABLE) {
            return; // inside a park that has not unmounted: may return without waiting
        }
        long sinceNanos = endNanos - SuspendTiming.toNanos(endTicks - began);
        write(tail, s, endTicks, endNanos, reason, pinned, pinned ? s.pinReason : null, s.carrierId, sinceNanos, threads);
    }

    /**
     * Whether the task's TaskStart was written before the last sweep began, so that sweep put it
     * in the file. A task that started long before may still begin a wait after that sweep: the
     * sweep and the chunk's end are microseconds apart, or tens of milliseconds when the
     * recorder's thread waits for a core (a platform thread sleeping in a loop lost its last
     * 50 ms sleep so, 1 exit in about 10 on 2 busy cores).
     */
    static boolean startSwept(TaskState s, long sweptTicks) {
        return s.startRecorded && s.startTicks - sweptTicks <= 0;
    }

    private static void write(ChunkBytes tail, TaskState s, long endTicks, long endNanos, String reason, boolean pinned,
                              String pinReason, long carrierId, long sinceNanos, ChunkRecorder.LongSet threads) {
        write(tail, s.threadId, s.virtual, endTicks, reason, pinned, pinReason, carrierId, sinceNanos, threads);
    }

    /** Appends an OpenSuspend for each {@link EarlierWait} to the last chunk's {@code tail}; their names go into {@code names}. */
    static void writeEarlierWaits(ChunkBytes tail, long endTicks, java.util.Map<Long, ChunkPools.Named> names,
                                  ChunkRecorder.LongSet threads) {
        for (EarlierWait w : earlierWaits) {
            write(tail, w.threadId(), w.virtual(), endTicks, w.reason(), false, null, 0, w.sinceEpochNanos(), threads);
            names.putIfAbsent(w.threadId(), new ChunkPools.Named(w.name(), w.virtual()));
        }
    }

    private static void write(ChunkBytes tail, long threadId, boolean virtual, long endTicks, String reason, boolean pinned,
                              String pinReason, long carrierId, long sinceNanos, ChunkRecorder.LongSet threads) {
        ChunkBytes body = new ChunkBytes(64);
        body.putLong(ChunkSchema.OPEN_SUSPEND).putLong(endTicks).putLong(0).putLong(threadId);
        body.putLong(threadId).putBoolean(virtual);
        putPooled(body, reason);
        body.putBoolean(pinned);
        putPooled(body, pinReason);
        body.putLong(carrierId).putLong(sinceNanos);
        tail.putEvent(body);
        threads.add(threadId);
    }

    private static void putPooled(ChunkBytes out, String s) {
        int id = EventRecords.STRINGS.id(s);
        if (id == 0) {
            out.putByte(EventBuffer.STRING_NULL);
        } else {
            out.putByte(EventBuffer.STRING_POOL).putLong(id);
        }
    }
}
