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
    /** TaskStart and TaskEnd events committed, of ended tasks, and those the chunk writer wrote. */
    public static final LongAdder TASK_EVENTS = new LongAdder();
    /** Suspensions shorter than the threshold, not recorded. */
    public static final LongAdder BELOW_THRESHOLD = new LongAdder();
    /** Suspend events committed with a stack trace, of ended tasks. */
    public static final LongAdder STACKS = new LongAdder();
    /** Throwables caught inside probes (they never reach the application); per entry point, and the first of each, in {@link ProbeErrors}. */
    public static final LongAdder ERRORS = new LongAdder();

    /** The counts so far that live partly in the tasks' states: one pass over the registry. */
    public record Totals(long suspends, long wakes, long stacks, long taskEvents) {}

    /** The counts so far (read racily: a task ending meanwhile is left out, never counted twice). */
    public static Totals totals() {
        long suspends = SUSPENDS.sum(); // the adders first, then the live tasks
        long wakes = WAKES.sum();
        long stacks = STACKS.sum();
        long taskEvents = TASK_EVENTS.sum();
        for (TaskState s : OpenSuspensions.live()) {
            suspends += s.suspends;
            wakes += s.wakes;
            stacks += s.stacks;
            taskEvents += s.taskEvents;
        }
        return new Totals(suspends, wakes, stacks, taskEvents);
    }

    /** A task ended: its counts move to the adders. */
    static void retire(TaskState s) {
        // most tasks have no stack and many no wake-up: an add of 0 is still a contended update
        if (s.suspends != 0) {
            SUSPENDS.add(s.suspends);
        }
        if (s.wakes != 0) {
            WAKES.add(s.wakes);
        }
        if (s.stacks != 0) {
            STACKS.add(s.stacks);
        }
        if (s.taskEvents != 0) {
            TASK_EVENTS.add(s.taskEvents);
        }
    }
}
