package dev.blockscope.analyzer.model;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;

/**
 * One interval of a task's timeline, as a {@link TaskTimeline} delivers it to its
 * {@link IntervalListener}: the task was in {@link #state()} from {@link #start()} to {@link #end()}
 * (epoch nanos), and what that state was about.
 *
 * <p>Reused, not immutable: the timelines of one analysis fill one instance for each interval they
 * deliver (25 million on a ping-pong of 5 million suspensions), so the interval path allocates
 * nothing per interval, as the ten positional arguments it replaced did not. A listener reads it
 * during its call only and keeps a {@link #copy()} if it must; only the model package fills it.
 */
public final class Interval {
    /** The carrier of an interval that holds none (not a virtual thread's RUNNING or BLOCKED_PINNED). */
    public static final long NO_CARRIER = ThreadRef.NONE;
    /** The waker of an interval no task is known to have ended (not a wake-up, the timer, or none recorded). */
    public static final long NO_WAKER = ThreadRef.NONE;

    private long task;
    private TaskState state = TaskState.UNKNOWN;
    private long start;
    private long end;
    private String reason;
    private String pinReason;
    private long carrier = NO_CARRIER;
    private int stack = TraceEvent.NO_STACK;
    private long waker = NO_WAKER;
    private String blocker;

    /** An empty interval for timelines to fill and share ({@link TaskTimeline#TaskTimeline(ThreadRef, long, IntervalListener, Interval, long)}). */
    public Interval() {}

    /** An interval of its own (for tests and tools that feed a {@code TimelineRecorder} themselves). */
    public static Interval of(long task, TaskState state, long start, long end, String reason, String pinReason, long carrier,
                              int stack, long waker, String blocker) {
        return new Interval().set(task, state, start, end, reason, pinReason, carrier, stack, waker, blocker);
    }

    /** A state nothing more is known of (RUNNING between waits, UNKNOWN): no reason, stack, waker or blocker. */
    Interval set(long taskId, TaskState s, long from, long to, long onCarrier) {
        return set(taskId, s, from, to, null, null, onCarrier, TraceEvent.NO_STACK, NO_WAKER, null);
    }

    Interval set(long taskId, TaskState s, long from, long to, String why, String pinnedBecause, long onCarrier, int stackId,
                 long wokenBy, String blockedOn) {
        task = taskId;
        state = s;
        start = from;
        end = to;
        reason = why;
        pinReason = pinnedBecause;
        carrier = onCarrier;
        stack = stackId;
        waker = wokenBy;
        blocker = blockedOn;
        return this;
    }

    /** This interval as it is now, in an instance of its own that no timeline fills. */
    public Interval copy() {
        return of(task, state, start, end, reason, pinReason, carrier, stack, waker, blocker);
    }

    /** Java thread id of the task. */
    public long task() { return task; }
    /** The task's state. */
    public TaskState state() { return state; }
    /** Start, epoch nanos. */
    public long start() { return start; }
    /** End, epoch nanos. */
    public long end() { return end; }
    /** {@code end - start}. */
    public long duration() { return end - start; }
    /** Reason code for waiting states and RUNNABLE (what it waited for), else null. */
    public String reason() { return reason; }
    /** Why the carrier stayed held, for BLOCKED_PINNED, else null. */
    public String pinReason() { return pinReason; }
    /** Carrier id for a virtual thread's RUNNING and BLOCKED_PINNED, else {@link #NO_CARRIER}. */
    public long carrier() { return carrier; }
    /** Stack index of the blocking call (waiting states and RUNNABLE), or {@link TraceEvent#NO_STACK}. */
    public int stack() { return stack; }
    /** Id of the task that woke it (waiting states and RUNNABLE), or {@link #NO_WAKER}. */
    public long waker() { return waker; }
    /** Class name of the object waited on (waiting states and RUNNABLE), or null. */
    public String blocker() { return blocker; }

    @Override
    public String toString() {
        return "Interval[task=" + task + ", " + state + " " + start + ".." + end + ", reason=" + reason + ", pinReason="
                + pinReason + ", carrier=" + carrier + ", stack=" + stack + ", waker=" + waker + ", blocker=" + blocker + "]";
    }
}
