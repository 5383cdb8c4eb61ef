package dev.blockscope.agent.bridge;

import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.SuspendNoStackEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the probes know about one thread (a task), kept in a thread local and touched only by
 * that thread: the suspension being measured, how deeply probes are nested (an outer probe such
 * as {@code Thread.sleep} owns the suspension and the inner park probe stays silent), and a
 * re-entry guard so a probe firing inside the bridge itself does nothing.
 */
final class TaskState {
    final Thread thread;
    final boolean virtual;
    /** Threads that are not tasks (carriers, the JFR and agent threads): never recorded. */
    final boolean ignored;

    boolean busy;
    int depth;

    // the open suspension
    String reason;
    Object blocker;
    long timeout;
    Thread carrier;
    /** For a virtual thread: the suspension counts only if it yielded or parked pinned. */
    boolean requireBlock;
    boolean blocked;
    boolean pinned;
    String pinReason;
    /** System.nanoTime() at the suspension's entry (stack policy, and OpenSuspend's start). */
    long beganNanos;

    boolean failed;

    // reused event objects: JFR allows it when every commit follows an end()
    final SuspendNoStackEvent quick = new SuspendNoStackEvent();
    final SuspendEvent stacked = new SuspendEvent();

    TaskState(Thread thread, boolean ignored) {
        this.thread = thread;
        this.virtual = thread.isVirtual();
        this.ignored = ignored;
    }

    private static final VarHandle REASON;

    static {
        try {
            REASON = MethodHandles.lookup().findVarHandle(TaskState.class, "reason", String.class);
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

    void clearSuspension() {
        reason = null;
        blocker = null;
        carrier = null;
        pinReason = null;
        pinned = false;
        blocked = false;
        requireBlock = false;
    }
}
