package dev.blockscope.agent.bridge;

import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's own cumulative counters, read by the periodic {@code blockscope.AgentStats} event.
 * The per-suspension counts live in each task's state (plain fields, written by the task only)
 * and move into the adders here when the task ends; the rarer counts are {@link LongAdder}s.
 */
public final class AgentCounters {
    private AgentCounters() {}

    /** Suspend events committed by ended tasks, and those committed off a task's hot path. */
    public static final LongAdder SUSPENDS = new LongAdder();
    /** Suspensions with a recorded wake-up (waker and ready time), of ended tasks. */
    public static final LongAdder WAKES = new LongAdder();
    /** TaskStart and TaskEnd events committed. */
    public static final LongAdder TASK_EVENTS = new LongAdder();
    /** Suspensions shorter than the threshold, not recorded. */
    public static final LongAdder BELOW_THRESHOLD = new LongAdder();
    /** Suspend events committed with a stack trace, of ended tasks. */
    public static final LongAdder STACKS = new LongAdder();
    /** Throwables caught inside probes (they never reach the application). */
    public static final LongAdder ERRORS = new LongAdder();

    /** Suspend events committed so far. */
    public static long suspends() {
        long n = SUSPENDS.sum(); // before the live tasks: a task ending meanwhile is left out, not counted twice
        for (TaskState s : OpenSuspensions.live()) {
            n += s.suspends;
        }
        return n;
    }

    /** Suspend events committed with a wake-up so far. */
    public static long wakes() {
        long n = WAKES.sum();
        for (TaskState s : OpenSuspensions.live()) {
            n += s.wakes;
        }
        return n;
    }

    /** Suspend events committed with a stack so far. */
    public static long stacks() {
        long n = STACKS.sum();
        for (TaskState s : OpenSuspensions.live()) {
            n += s.stacks;
        }
        return n;
    }

    /** A task ended: its counts move to the adders. */
    static void retire(TaskState s) {
        SUSPENDS.add(s.suspends);
        WAKES.add(s.wakes);
        STACKS.add(s.stacks);
    }
}
