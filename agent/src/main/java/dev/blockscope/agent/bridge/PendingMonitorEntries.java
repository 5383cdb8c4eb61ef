package dev.blockscope.agent.bridge;

import dev.blockscope.event.Reason;
import dev.blockscope.event.SuspendNoStackEvent;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Suspensions of virtual threads blocked on {@code synchronized} (JDK 24+), which the VM freezes
 * without passing through any Java method of the virtual thread. Only the carrier sees them: it
 * takes the start time after the unmount ({@code afterYield} in state BLOCKING) and the end time
 * at the next mount. Events committed in that carrier code are lost or attributed to the
 * carrier, so the virtual thread commits them itself at its next probe call or at its end.
 *
 * <p>The carrier and the virtual thread never touch one thread's queue at the same time: the
 * virtual thread's state transitions (volatile, CAS) order them. The queue hangs off the task's
 * own state, found by a lock-free lookup: the carrier's side takes no lock. It once kept the
 * queues in a {@code ConcurrentHashMap}, whose writes lock a bin; a virtual thread that blocked
 * on that bin's monitor while draining had its carrier, in {@code afterYield}, block on the
 * same bin for it, and the two never went on (a Jetty request hung under load, once in 80 runs
 * of 20 s).
 */
final class PendingMonitorEntries {
    private PendingMonitorEntries() {}

    /**
     * One measured monitor-enter suspension; {@code beganNanos} is System.nanoTime() at its start.
     * The carriers are kept as threads so the virtual thread can name them (CarrierNames) when
     * it commits: the carrier side must not commit anything.
     */
    static final class Entry {
        final SuspendNoStackEvent ev;
        final long beganNanos;
        final Thread carrier;
        Thread resumeCarrier;
        /** Before the recording runs ({@link EarlyEvents}, {@code ev} null): the ends as {@link SuspendTiming#now} readings. */
        final long beganTicks;
        long endedTicks;

        Entry(SuspendNoStackEvent ev, long beganNanos, Thread carrier, long beganTicks) {
            this.ev = ev;
            this.beganNanos = beganNanos;
            this.carrier = carrier;
            this.beganTicks = beganTicks;
        }
    }

    /** Cheap gate for the hot path: no lookup while nothing is pending anywhere. */
    private static final AtomicInteger COUNT = new AtomicInteger();

    /** Carrier side, right after {@code vthread} unmounted because it blocked on a monitor. */
    static void blocked(Thread vthread, Thread carrier) {
        // lock-free, and never registers a state (that could lock): a virtual thread has one from
        // its start (the vthread probe), or else from its first probe call; before that (the
        // vthread probe off) its monitor entries are not measured. Ignored threads (the JDK's
        // sub-pollers) never drain, so nothing is kept for them.
        TaskState s = OpenSuspensions.of(vthread);
        if (s == null || s.ignored) {
            return;
        }
        long began = System.nanoTime();
        Entry entry;
        if (ProbeBridge.early()) {
            // no event object before the recording runs: the first one of a class waits for JFR
            entry = new Entry(null, began, carrier, SuspendTiming.now());
        } else {
            SuspendNoStackEvent ev = new SuspendNoStackEvent();
            ev.begin();
            ev.reason = Reason.MONITOR_ENTER;
            ev.carrierId = carrier.threadId();
            ev.timeout = -1;
            entry = new Entry(ev, began, carrier, 0);
        }
        ArrayDeque<Entry> queue = s.pendingMonitor;
        if (queue == null) {
            queue = new ArrayDeque<>(2);
            s.pendingMonitor = queue;
        }
        queue.addLast(entry);
        COUNT.incrementAndGet();
    }

    /** Carrier side, when {@code vthread} mounts again: the suspension ends here. */
    static void mounting(Thread vthread, Thread carrier) {
        if (COUNT.get() == 0) {
            return;
        }
        TaskState s = OpenSuspensions.of(vthread);
        ArrayDeque<Entry> queue = s == null ? null : s.pendingMonitor;
        if (queue != null) {
            Entry last = queue.peekLast();
            if (last != null && last.resumeCarrier == null) {
                if (last.ev == null) {
                    last.endedTicks = SuspendTiming.now();
                } else {
                    last.ev.end();
                    last.ev.resumeCarrierId = carrier.threadId();
                }
                last.resumeCarrier = carrier;
            }
        }
    }

    /**
     * Virtual-thread side: commits (or, with {@code discard}, drops as part of an enclosing
     * {@code Object.wait}) what the carriers measured for the current thread.
     */
    static void drain(TaskState state, boolean discard) {
        if (COUNT.get() == 0) {
            return;
        }
        ArrayDeque<Entry> queue = state.pendingMonitor;
        if (queue == null || queue.isEmpty()) {
            return;
        }
        Thread self = state.thread;
        for (Entry entry; (entry = queue.pollFirst()) != null; ) {
            SuspendNoStackEvent ev = entry.ev;
            COUNT.decrementAndGet();
            if (discard || entry.resumeCarrier == null) {
                continue;
            }
            if (ev == null) {
                // measured before the recording ran
                EarlyEvents.monitorEntry(self, entry.beganTicks, entry.endedTicks, CarrierNames.idOf(entry.carrier),
                        CarrierNames.idOf(entry.resumeCarrier));
                continue;
            }
            if (ev.shouldCommit()) {
                CarrierNames.idOf(entry.carrier);
                CarrierNames.idOf(entry.resumeCarrier);
                ev.commit();
                AgentCounters.SUSPENDS.increment();
            } else {
                AgentCounters.BELOW_THRESHOLD.increment();
            }
        }
    }

    /**
     * For a chunk end: an OpenSuspend for {@code task} when it is blocked on a monitor now (the
     * carrier measured the start, no mount has ended it). Racy by design, like the rest of
     * {@link OpenSuspensions}.
     */
    static void emitOpen(TaskState state, long nowEpochNanos, long nowNanoTime) {
        if (COUNT.get() == 0) {
            return;
        }
        Thread task = state.thread;
        ArrayDeque<Entry> queue = state.pendingMonitor;
        Entry last = queue == null ? null : queue.peekLast();
        if (last != null && last.resumeCarrier == null) {
            OpenSuspensions.commitMonitorEntry(task, last.carrier.threadId(), last.beganNanos, nowEpochNanos, nowNanoTime);
        }
    }

    /** Suspensions measured but not yet committed (lost if the recording ends first). */
    static int pending() {
        return COUNT.get();
    }
}
