package dev.blockscope.analyzer.event;

/**
 * The analyzer's event model: every JFR event the analysis uses is mapped at the reader
 * boundary to one of these immutable records (times in epoch nanoseconds), so nothing downstream
 * touches {@code RecordedEvent}, which the JDK may reuse.
 *
 * <p>{@link #time()} is the commit time: the end of a duration event, the instant of the others.
 * The reader delivers events of one chunk in commit-time order, which is the order in which the
 * thread that committed them saw them happen.
 */
public sealed interface TraceEvent {
    /** The stack index of an event without a stack (the analysis' stack table starts at 0). */
    int NO_STACK = -1;

    /** Commit time in epoch nanoseconds. */
    long time();

    /**
     * A task began (blockscope.TaskStart, jdk.ThreadStart, jdk.VirtualThreadStart).
     *
     * @param complete true when the source also records every suspension of the task (blockscope)
     */
    record TaskStarted(long time, ThreadRef task, long parent, ThreadRef carrier, boolean complete) implements TraceEvent {}

    /**
     * A task ended (blockscope.TaskEnd, jdk.ThreadEnd, jdk.VirtualThreadEnd); {@code complete} as in {@link TaskStarted}.
     * {@code endedAfter} is 0 when the end was recorded as it happened; else the task was found ended at {@code time}
     * and was alive at {@code endedAfter} (epoch nanos): an attached agent's task whose end passes no probe.
     */
    record TaskEnded(long time, ThreadRef task, boolean complete, long endedAfter) implements TraceEvent {
        /** An end recorded as it happened. */
        public TaskEnded(long time, ThreadRef task, boolean complete) {
            this(time, task, complete, 0);
        }
    }

    /** The bundled runtime named a thread as one of its tasks (blockscope.TaskLabel). */
    record TaskLabeled(long time, ThreadRef task, String runtimeName, String group) implements TraceEvent {}

    /**
     * A task could not run from {@code start} to {@code end}.
     *
     * @param complete true when the source records every such interval (blockscope.Suspend), so
     *                 the time between two of them is known to be running; false for the JDK's
     *                 thresholded events, between which the state is unknown
     * @param stack    index into the analysis' stack table, or {@link TraceEvent#NO_STACK}
     * @param timeout  the wait's timeout in nanos, or {@link #NO_TIMEOUT} for none or unknown
     * @param blocker  class name of the object waited on (the Suspend's blockerClass, jdk.ThreadPark's
     *                 parkedClass, the monitor class of jdk.JavaMonitorEnter/Wait), or null
     */
    record Blocked(long start, long end, ThreadRef task, String reason, boolean pinned, String pinReason,
                   ThreadRef carrier, ThreadRef resumeCarrier, int stack, boolean complete, long timeout,
                   String blocker) implements TraceEvent {
        /** The timeout of a wait that had none, or whose timeout is not known. */
        public static final long NO_TIMEOUT = -1;

        /** A wait whose blocker is not known. */
        public Blocked(long start, long end, ThreadRef task, String reason, boolean pinned, String pinReason,
                       ThreadRef carrier, ThreadRef resumeCarrier, int stack, boolean complete, long timeout) {
            this(start, end, task, reason, pinned, pinReason, carrier, resumeCarrier, stack, complete, timeout, null);
        }

        @Override public long time() {
            return end;
        }

        /** This wait with stack {@code index} instead, or as it is for {@link TraceEvent#NO_STACK} (no stack to add). */
        public Blocked withStack(int index) {
            return index < 0 ? this : new Blocked(start, end, task, reason, pinned, pinReason, carrier, resumeCarrier, index,
                    complete, timeout, blocker);
        }

        /**
         * This wait over {@code [from, to]} instead, everything else kept: a wait clipped to time not
         * yet accounted, or cut at its task's end. This one when the span is the same.
         */
        public Blocked withSpan(long from, long to) {
            return from == start && to == end ? this : new Blocked(from, to, task, reason, pinned, pinReason, carrier,
                    resumeCarrier, stack, complete, timeout, blocker);
        }

        /** This wait with these carriers instead (a chunk's carriers named after the events using them); this one when the same. */
        public Blocked withCarriers(ThreadRef onCarrier, ThreadRef resumedOn) {
            return onCarrier == carrier && resumedOn == resumeCarrier ? this : new Blocked(start, end, task, reason, pinned,
                    pinReason, onCarrier, resumedOn, stack, complete, timeout, blocker);
        }
    }

    /** {@code waker} made task {@code target} runnable (blockscope.Unpark). */
    record Unparked(long time, ThreadRef waker, long target) implements TraceEvent {}

    /** A periodic sample of the virtual-thread scheduler (blockscope.SchedulerState). */
    record SchedulerSampled(long time, int parallelism, int poolSize, int active, long queued) implements TraceEvent {}

    /** Cumulative OS context switches of one OS thread (blockscope.ThreadContextSwitches). */
    record ContextSwitchesSampled(long time, long osThreadId, String name, long voluntary, long involuntary)
            implements TraceEvent {}

    /**
     * Cumulative counters of the agent itself (blockscope.AgentStats). {@code recordingSince}: when
     * the agent began recording (epoch nanos, 0 if not said); {@code chunksDropped},
     * {@code bytesDropped}, {@code droppedUntil} (epoch nanos): its own chunks deleted under
     * maxsize=; {@code stopReason}: why it stopped by itself (null or empty if it did not).
     */
    record AgentStatsSampled(long time, long suspends, long unparks, long taskEvents, long belowThreshold,
                             long stacks, long errors, long startupNanos, long bytes, long dropped, long recordingSince,
                             long chunksDropped, long bytesDropped, long droppedUntil, String stopReason) implements TraceEvent {
        /** The counters of agents that did not say when they began or what they dropped. */
        public AgentStatsSampled(long time, long suspends, long unparks, long taskEvents, long belowThreshold,
                                 long stacks, long errors, long startupNanos, long bytes, long dropped) {
            this(time, suspends, unparks, taskEvents, belowThreshold, stacks, errors, startupNanos, bytes, dropped, 0, 0, 0, 0, null);
        }
    }

    /** Whether one agent probe is live (blockscope.ProbeStatus). */
    record ProbeReported(long time, String probe, boolean live, String detail) implements TraceEvent {}

    /**
     * A thread named by a periodic per-thread event (jdk.ThreadCPULoad, every second in an agent's
     * recording): its name and group, nothing about its state. It gives a name to a thread the
     * other events leave nameless, and the group that tells the JVM's own threads; it never makes
     * a thread a task.
     */
    record ThreadSeen(long time, ThreadRef thread) implements TraceEvent {}

    /** The recorded JVM (jdk.JVMInformation) and, when known, its hardware threads (jdk.CPUInformation). */
    record JvmDescribed(long time, String version, int hwThreads) implements TraceEvent {}

    /** A user-annotated interval of a task (blockscope.Region), committed at its end; {@code runtimeTaskId} 0 outside a runtime task. */
    record RegionRecorded(long start, long end, ThreadRef task, String name, long runtimeTaskId) implements TraceEvent {
        @Override public long time() {
            return end;
        }
    }

    /** A user message of a task (blockscope.Log); {@code runtimeTaskId} 0 outside a runtime task. */
    record LogRecorded(long time, ThreadRef task, String category, String message, long runtimeTaskId) implements TraceEvent {}

    /**
     * A thread sampled at an instant: jdk.ExecutionSample (running Java code; {@code state} its
     * thread state field) or async-profiler's profiler.WallClockSample ({@code state} the sampled
     * thread's state, {@code weight} its {@code samples} field: how many samples it stands for).
     *
     * @param source the JFR event name
     * @param stack  index into the analysis' stack table, or {@link TraceEvent#NO_STACK}
     */
    record ThreadSampled(long time, ThreadRef task, String source, String state, int weight, int stack) implements TraceEvent {
        /** A sample without a stack. */
        public ThreadSampled(long time, ThreadRef task, String source, String state, int weight) {
            this(time, task, source, state, weight, NO_STACK);
        }

        /** This sample with stack {@code index} instead. */
        public ThreadSampled withStack(int index) {
            return index == stack ? this : new ThreadSampled(time, task, source, state, weight, index);
        }
    }

    /**
     * One of async-profiler's own settings, as its chunks list them (jdk.ActiveSetting named
     * {@code interval}, {@code wall}, {@code event} or {@code engine}): what its samples stand for.
     */
    record ProfilerSetting(long time, String name, String value) implements TraceEvent {}

    /** The OS's context-switch rate over all CPUs, per second (jdk.ThreadContextSwitchRate, whole system). */
    record OsSwitchRateSampled(long time, double perSecond) implements TraceEvent {}

    /**
     * Task {@code task} was still waiting when a chunk ended (blockscope.OpenSuspend, committed by
     * JFR's own thread at every chunk end): the wait began at {@code since} (epoch nanos) and had
     * not ended by {@code time}. A later wait of the task that starts at {@code since} or after
     * supersedes it; one that nothing supersedes is open at the end of the recording.
     */
    record WaitOpen(long time, ThreadRef task, String reason, boolean pinned, String pinReason, ThreadRef carrier,
                    long since) implements TraceEvent {}

    /**
     * Task {@code task} was already waiting ({@code state}: BLOCKED, WAITING, TIMED_WAITING) when
     * an attached agent's probes went live at {@code time} (blockscope.TaskSnapshot): no event
     * covers that wait, so it is what the task did from the window's start until its next event.
     */
    record WaitingAtStart(long time, ThreadRef task, String state, String reason, String blocker) implements TraceEvent {}
}
