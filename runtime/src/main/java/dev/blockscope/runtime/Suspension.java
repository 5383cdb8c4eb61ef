package dev.blockscope.runtime;

import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.TaskHints;

/**
 * One suspension of a task inside the runtime, recorded exactly once. Without the agent the
 * runtime commits its own {@code blockscope.Suspend} when the task resumes; with the agent the
 * agent records the underlying {@code LockSupport.park}, and the runtime only lends it its reason
 * through {@link TaskHints#setReason}, restoring the previous reason afterwards (a task may be
 * inside another annotated wait).
 */
final class Suspension {
    private final SuspendEvent event;
    private final String previousReason;
    private final boolean agent;

    private Suspension(String reason, Object blocker, long timeoutNanos) {
        agent = TaskHints.agentActive();
        if (agent) {
            event = null;
            previousReason = TaskHints.setReason(reason);
        } else {
            previousReason = null;
            event = new SuspendEvent();
            if (event.isEnabled()) {
                event.reason = reason;
                event.blockerClass = blocker.getClass();
                event.blockerId = System.identityHashCode(blocker);
                event.timeout = timeoutNanos;
            }
            event.begin();
        }
    }

    /** Starts a suspension; call {@link #end()} right after the task can run again. */
    static Suspension begin(String reason, Object blocker, long timeoutNanos) {
        return new Suspension(reason, blocker, timeoutNanos);
    }

    void end() {
        if (agent) {
            TaskHints.setReason(previousReason);
        } else if (event.shouldCommit()) {
            event.commit();
        }
    }
}
