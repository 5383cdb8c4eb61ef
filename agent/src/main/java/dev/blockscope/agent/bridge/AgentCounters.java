package dev.blockscope.agent.bridge;

import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's own cumulative counters, written on the hot path without locks ({@link LongAdder})
 * and read by the periodic {@code blockscope.AgentStats} event.
 */
public final class AgentCounters {
    private AgentCounters() {}

    /** Suspend events committed. */
    public static final LongAdder SUSPENDS = new LongAdder();
    /** Wake-ups recorded into a suspended task (its Suspend carries them; no Unpark event). */
    public static final LongAdder UNPARKS = new LongAdder();
    /** TaskStart and TaskEnd events committed. */
    public static final LongAdder TASK_EVENTS = new LongAdder();
    /** Suspensions shorter than the threshold, not recorded. */
    public static final LongAdder BELOW_THRESHOLD = new LongAdder();
    /** Suspend events committed with a stack trace. */
    public static final LongAdder STACKS = new LongAdder();
    /** Throwables caught inside probes (they never reach the application). */
    public static final LongAdder ERRORS = new LongAdder();
}
