package dev.blockscope.agent.bridge;

import dev.blockscope.event.SuspendEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * What the probes know about one thread (a task), kept in the registry of
 * {@link OpenSuspensions} and written only by that thread (the wake-up fields by its wakers): the suspension being measured, how deeply probes are nested (an outer probe such
 * as {@code Thread.sleep} owns the suspension and the inner park probe stays silent), and a
 * re-entry guard so a probe firing inside the bridge itself does nothing.
 */
final class TaskState {
    final Thread thread;
    /** {@code thread.threadId()}: the key of the thread in the chunks' thread pool. */
    final long threadId;
    final boolean virtual;
    /** Threads that are not tasks (carriers, the JFR and agent threads): never recorded. */
    final boolean ignored;
    /**
     * Monitor-enter suspensions the carriers measured for this virtual thread, not yet committed
     * (see {@link PendingMonitorEntries}); written by the carriers and drained by the thread
     * itself, never at the same time.
     */
    ArrayDeque<PendingMonitorEntries.Entry> pendingMonitor;
    /** A carrier thread of the virtual-thread scheduler: only its idle waits are recorded. */
    final boolean carrierThread;

    boolean busy;
    int depth;

    // the open suspension
    String reason;
    Object blocker;
    long timeout;
    /** Java thread id of the carrier at the suspension's entry, 0 for a platform thread. */
    long carrierId;
    /** For a virtual thread: the suspension counts only if it yielded or parked pinned. */
    boolean requireBlock;
    boolean blocked;
    boolean pinned;
    String pinReason;
    /** {@link SuspendTiming#now} at the suspension's entry (the event's start, and OpenSuspend's). */
    long began;

    boolean failed;

    // this task's share of the AgentStats counters: plain fields written by the task only (a
    // shared LongAdder cost two contended increments per hand-off); read racily by the sampler
    long suspends;
    long stacks;
    long wakes;
    /** Whether this task's TaskStart record was written, and {@link SuspendTiming#now} then. */
    boolean startRecorded;
    long startTicks;
    /** TaskStart and TaskEnd records written for this task (0 to 2). */
    long taskEvents;

    /** The task that started this one ({@link ProbeBridge#starting}), 0 if unknown: its TaskStart's parent. */
    long parentId;
    /** Chunk ends that found this state's thread not yet started (see {@link OpenSuspensions#endedUnseen}). */
    int seenUnstarted;

    // the wake-up of the open suspension, written by the waker's thread (see wake())
    long wakerId;
    /** {@link SuspendTiming#now} of the last wake-up since the suspension's entry, 0 if none. */
    long wakeNanos;

    // the last carrier seen, so naming it (CarrierNames) and finding its state (whose buffer a
    // virtual thread writes into) cost a comparison when it did not change
    Thread lastCarrier;
    long lastCarrierId;
    TaskState lastCarrierState;

    // the last reason and blocker class written and their ids, so a task that waits the same
    // way again (the common case) finds them with a comparison instead of a table lookup
    String lastReason;
    int lastReasonId;
    Class<?> lastBlockerClass;
    int lastBlockerClassId;

    /**
     * Where this thread's records go ({@link EventRecords}): a carrier's is shared by the virtual
     * threads it runs; a platform thread has its own; a virtual thread has one only if it ever
     * found its carrier's in use.
     */
    EventBuffer buffer;

    // The reused event object for the suspensions that get a stack (committed through JFR, which
    // takes the stack), made at first use: a virtual thread commits with its carrier's when the
    // bridge sets the event's times itself (SuspendTiming.EXPLICIT), so it never makes its own.
    // eventsInUse: a commit with it is under way.
    private SuspendEvent stacked;
    boolean eventsInUse;

    TaskState(Thread thread, boolean ignored, boolean carrierThread) {
        this.thread = thread;
        this.threadId = thread.threadId();
        this.virtual = thread.isVirtual();
        this.ignored = ignored;
        this.carrierThread = carrierThread;
    }

    SuspendEvent stacked() {
        SuspendEvent e = stacked;
        if (e == null) {
            stacked = e = new SuspendEvent();
        }
        return e;
    }

    @SuppressWarnings("unused") // through RETIRED
    private boolean retired;

    /** Marks the state as leaving the registry; true the first time only ({@link OpenSuspensions#unregister}). */
    boolean retire() {
        return RETIRED.compareAndSet(this, false, true);
    }

    private static final VarHandle REASON;
    private static final VarHandle WAKE;
    private static final VarHandle RETIRED;

    static {
        try {
            REASON = MethodHandles.lookup().findVarHandle(TaskState.class, "reason", String.class);
            WAKE = MethodHandles.lookup().findVarHandle(TaskState.class, "wakeNanos", long.class);
            RETIRED = MethodHandles.lookup().findVarHandle(TaskState.class, "retired", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Publishes the open suspension's reason after its other fields (a release store: a plain
     * store on x86), so {@link OpenSuspensions} on another thread sees them filled in.
     */
    void publishReason(String r) {
        REASON.setRelease(this, r);
    }

    /** The open suspension's reason as another thread sees it, or null. */
    String openReason() {
        return (String) REASON.getAcquire(this);
    }

    /**
     * Another thread woke this one: a plain store of the waker, then a release store of the time,
     * so {@link #wokenAt} that sees the time sees that waker or a later one (last writer wins;
     * two wakers racing may pair one's id with the other's time, both wakes of this wait).
     */
    void wake(long waker, long nanos) {
        wakerId = waker;
        WAKE.setRelease(this, nanos);
    }

    /** {@link SuspendTiming#now} of the wake-up of the open suspension (read before {@link #wakerId}), or 0. */
    long wokenAt() {
        return (long) WAKE.getAcquire(this);
    }

    /** Forgets any wake-up: at a suspension's entry, so a permit given before it is not its wake. */
    void clearWake() {
        wakeNanos = 0;
        wakerId = 0;
    }

    void clearSuspension() {
        reason = null;
        blocker = null;
        carrierId = 0;
        pinReason = null;
        pinned = false;
        blocked = false;
        requireBlock = false;
    }
}
