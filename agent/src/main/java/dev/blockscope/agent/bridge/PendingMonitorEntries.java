package dev.blockscope.agent.bridge;

import dev.blockscope.event.Reason;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Suspensions of virtual threads blocked on {@code synchronized} (JDK 24+), which the VM freezes
 * without passing through any Java method of the virtual thread. Only the carrier sees them: it
 * takes the start time after the unmount ({@code afterYield} in state BLOCKING) and the end time
 * at the next mount. Events committed in that carrier code are lost or attributed to the
 * carrier, so the virtual thread commits them itself at its next probe call or at its end (into the buffer
 * of the carrier it then runs on, like its other events).
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
     * One measured monitor-enter suspension, both ends as {@link SuspendTiming#now} readings.
     * The carriers are kept as threads so the virtual thread can name them (CarrierNames) when
     * it writes the record: the carrier side writes nothing.
     */
    static final class Entry {
        final long beganTicks;
        final Thread carrier;
        Thread resumeCarrier;
        long endedTicks;

        Entry(long beganTicks, Thread carrier) {
            this.beganTicks = beganTicks;
            this.carrier = carrier;
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
        Entry entry = new Entry(SuspendTiming.now(), carrier);
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
                last.endedTicks = SuspendTiming.now();
                last.resumeCarrier = carrier;
            }
        }
    }

    /**
     * Virtual-thread side: writes (or, with {@code discard}, drops as part of an enclosing
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
        TaskState carrier = CarrierNames.stateOf(state, Carriers.current());
        for (Entry entry; (entry = queue.pollFirst()) != null; ) {
            COUNT.decrementAndGet();
            if (discard || entry.resumeCarrier == null) {
                continue;
            }
            if (ProbeBridge.belowThreshold(entry.endedTicks - entry.beganTicks)) {
                AgentCounters.BELOW_THRESHOLD.increment();
                continue;
            }
            if (EventRecords.monitorEntry(state, carrier, Reason.MONITOR_ENTER, entry.beganTicks, entry.endedTicks,
                    CarrierNames.idOf(entry.carrier), CarrierNames.idOf(entry.resumeCarrier))) {
                state.suspends++;
            }
        }
    }

    /**
     * For a chunk end: when {@code state}'s task is blocked on a monitor now (the carrier measured
     * the start, no mount has ended it), when it began ({@link SuspendTiming#now}); else
     * {@link Long#MIN_VALUE}. Racy by design, like the rest of {@link OpenSuspensions}.
     */
    static long openSince(TaskState state) {
        Entry last = open(state);
        return last == null ? Long.MIN_VALUE : last.beganTicks;
    }

    /** The carrier id of the monitor entry {@link #openSince} found, or 0. */
    static long openCarrier(TaskState state) {
        Entry last = open(state);
        return last == null ? 0 : last.carrier.threadId();
    }

    private static Entry open(TaskState state) {
        if (COUNT.get() == 0) {
            return null;
        }
        ArrayDeque<Entry> queue = state.pendingMonitor;
        Entry last = queue == null ? null : queue.peekLast();
        return last != null && last.resumeCarrier == null ? last : null;
    }

    /** Suspensions measured but not yet written (lost if the recording ends first). */
    static int pending() {
        return COUNT.get();
    }
}
