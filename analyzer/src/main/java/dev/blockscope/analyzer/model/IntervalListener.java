package dev.blockscope.analyzer.model;

/**
 * Receives each interval a {@link TaskTimeline} accounts, once, as soon as it is final. The
 * intervals of one task are delivered in time order, do not overlap, and cover its lifetime.
 */
@FunctionalInterface
public interface IntervalListener {
    /**
     * @param reason    reason code for waiting states and RUNNABLE (what it waited for), else null
     * @param pinReason why the carrier stayed held, for BLOCKED_PINNED, else null
     * @param carrier   carrier id for a virtual thread's RUNNING and BLOCKED_PINNED, else -1
     * @param stack     stack index of the blocking call, or -1
     * @param waker     id of the task that woke it (waiting and RUNNABLE), or -1
     * @param blocker   class name of the object waited on (waiting and RUNNABLE), or null
     */
    void interval(TaskTimeline task, TaskState state, long start, long end, String reason, String pinReason,
                  long carrier, int stack, long waker, String blocker);
}
