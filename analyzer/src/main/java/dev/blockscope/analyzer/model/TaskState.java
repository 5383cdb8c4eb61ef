package dev.blockscope.analyzer.model;

/**
 * The states a task spends time in, as in Go's trace analysis. Before its start a task is not
 * started and after its end it is ended; neither takes time within its lifetime, so they are not
 * listed. Order is the order of the JSON's {@code timeline.states}.
 */
public enum TaskState {
    /** On a CPU: a platform thread, or a virtual thread mounted on a carrier. */
    RUNNING,
    /** Woken, waiting for a carrier (scheduler latency). */
    RUNNABLE,
    /** A virtual thread waiting, unmounted from its carrier. */
    SUSPENDED,
    /** A virtual thread waiting while it holds its carrier. */
    BLOCKED_PINNED,
    /** A platform thread waiting. */
    BLOCKED,
    /** The input does not say. */
    UNKNOWN;

    private static final TaskState[] VALUES = values();

    /** The state with this ordinal. */
    public static TaskState of(int ordinal) {
        return VALUES[ordinal];
    }

    /** True for the waiting states, whose time is attributed to a reason. */
    public boolean waiting() {
        return this == SUSPENDED || this == BLOCKED_PINNED || this == BLOCKED;
    }
}
