package dev.blockscope.analyzer.report;

import java.util.List;
import java.util.Map;

/**
 * The analysis of one recording, exactly as the JSON of docs/analysis-json.md (schema
 * {@value #SCHEMA}): component names are the JSON's field names. Times are nanoseconds; instants
 * are relative to {@code window.startEpochNanos}.
 */
public record Analysis(String schema, Source source, Window window, List<TaskRow> tasks, Timeline timeline,
                       List<List<String>> stacks, List<CarrierRow> carriers, Blocking blocking,
                       SchedLatency schedLatency, List<PinSite> pinning, Overhead overhead,
                       List<SchedulerRow> scheduler, List<RegionRow> regions, List<LogRow> logs,
                       ReasonFamilies reasonFamilies, Cpu cpu, List<TaskGroup> taskGroups, Cpu wall, Cpu lock) {
    /** The schema this record writes. */
    public static final String SCHEMA = "blockscope.analysis/1";

    /** Null groups read as none (an analysis made before 0.8). */
    public Analysis {
        taskGroups = taskGroups == null ? List.of() : taskGroups;
    }

    /** The same analysis without task groups (before analyzer 0.8: every task had its row). */
    public Analysis(String schema, Source source, Window window, List<TaskRow> tasks, Timeline timeline,
                    List<List<String>> stacks, List<CarrierRow> carriers, Blocking blocking,
                    SchedLatency schedLatency, List<PinSite> pinning, Overhead overhead,
                    List<SchedulerRow> scheduler, List<RegionRow> regions, List<LogRow> logs,
                    ReasonFamilies reasonFamilies, Cpu cpu) {
        this(schema, source, window, tasks, timeline, stacks, carriers, blocking, schedLatency, pinning, overhead, scheduler,
                regions, logs, reasonFamilies, cpu, List.of());
    }

    /** The same analysis without wall samples per task (before analyzer 0.9). */
    public Analysis(String schema, Source source, Window window, List<TaskRow> tasks, Timeline timeline,
                    List<List<String>> stacks, List<CarrierRow> carriers, Blocking blocking,
                    SchedLatency schedLatency, List<PinSite> pinning, Overhead overhead,
                    List<SchedulerRow> scheduler, List<RegionRow> regions, List<LogRow> logs,
                    ReasonFamilies reasonFamilies, Cpu cpu, List<TaskGroup> taskGroups) {
        this(schema, source, window, tasks, timeline, stacks, carriers, blocking, schedLatency, pinning, overhead, scheduler,
                regions, logs, reasonFamilies, cpu, taskGroups, null, null);
    }

    /** The same analysis with another timeline (a server's coarse first view). */
    public Analysis withTimeline(Timeline other) {
        return new Analysis(schema, source, window, tasks, other, stacks, carriers, blocking, schedLatency, pinning, overhead,
                scheduler, regions, logs, reasonFamilies, cpu, taskGroups, wall, lock);
    }

    /** The same analysis with other task rows (serve's summary: the rows without most of their waits). */
    public Analysis withTasks(List<TaskRow> other) {
        return new Analysis(schema, source, window, other, timeline, stacks, carriers, blocking, schedLatency, pinning, overhead,
                scheduler, regions, logs, reasonFamilies, cpu, taskGroups, wall, lock);
    }

    /** The same analysis with another source (more limits). */
    public Analysis withSource(Source other) {
        return new Analysis(schema, other, window, tasks, timeline, stacks, carriers, blocking, schedLatency, pinning, overhead,
                scheduler, regions, logs, reasonFamilies, cpu, taskGroups, wall, lock);
    }

    /** How many tasks the analysis covers: those with a row and those summed into {@link #taskGroups}. */
    public long taskCount() {
        return tasks.size() + taskGroups.stream().mapToLong(TaskGroup::tasks).sum();
    }

    /** The same analysis before analyzer 0.7 (no CPU profile). */
    public Analysis(String schema, Source source, Window window, List<TaskRow> tasks, Timeline timeline,
                    List<List<String>> stacks, List<CarrierRow> carriers, Blocking blocking,
                    SchedLatency schedLatency, List<PinSite> pinning, Overhead overhead,
                    List<SchedulerRow> scheduler, List<RegionRow> regions, List<LogRow> logs,
                    ReasonFamilies reasonFamilies) {
        this(schema, source, window, tasks, timeline, stacks, carriers, blocking, schedLatency, pinning, overhead, scheduler,
                regions, logs, reasonFamilies, null);
    }

    /**
     * CPU samples per task (added in 0.7; null when the recording has none): {@code source} what
     * sampled (async-profiler's event: cpu, itimer; or jdk.ExecutionSample for the JDK's own
     * sampler), {@code engine} how (perf_events, itimer...; null when not said),
     * {@code intervalNanos} the CPU time a sample stands for (null when not said), {@code samples}
     * all of them, {@code carrierOwn} those on carriers outside every virtual thread's run slice.
     * {@code tasks} by samples, most first; a carrier's row holds its own samples.
     */
    public record Cpu(String source, String engine, Long intervalNanos, long samples, long carrierOwn, List<CpuTask> tasks) {}

    // wall (added in 0.9; null without async-profiler's wall samples) is a Cpu too: source
    // profiler.WallClockSample, intervalNanos the wall time a sample stands for, each carrier's sample
    // given to the virtual thread mounted then; a virtual thread has samples only while mounted.
    // lock (0.9; null without carriers' jdk.JavaMonitorEnter, async-profiler's lock mode) is one
    // too: per task its contended monitor entries (samples) and their time (nanos), each carrier's
    // given to the virtual thread mounted on it when it got the monitor; intervalNanos null.

    /**
     * One task's CPU samples: {@code nanos} = samples x interval (null when the interval is not
     * known); {@code carrierOwn} of them fell outside any slice of the carrier's virtual threads
     * (0 except for a carrier); {@code stacks} by stack index (-1: no stack), most first.
     */
    public record CpuTask(long task, long samples, Long nanos, long carrierOwn, List<CpuStack> stacks) {}

    /** CPU samples of one stack. */
    public record CpuStack(int stack, long samples) {}

    /**
     * What kind of wait each reason is (added in 0.6): every family, with its profile ({@code sync},
     * {@code net}, {@code file} or null), and the family id of every reason code the analyzer
     * knows plus every other reason in this analysis. The one table the UI colours waits by.
     */
    public record ReasonFamilies(List<Family> families, Map<String, String> reasons) {}

    /** A reason family: its id, its name for people, and the family profile it belongs to (or null). */
    public record Family(String id, String label, String profile) {}

    /** Where the data came from and what it cannot show; {@code fileBytes} is the file's size, null when there is no file. */
    public record Source(String file, String kind, String jvm, long events, Map<String, Long> eventsByType,
                         List<Skipped> skipped, List<String> limits, Long fileBytes) {}

    /** A part of the input that could not be read. */
    public record Skipped(String what, long events) {}

    /** The recording's time span. */
    /**
     * The analyzed span. {@code recordingStartNanos}: when the recording itself began, relative to
     * the window start, when events precede it (the agent's early events, startup=now); else null.
     */
    public record Window(long startEpochNanos, long durationNanos, Long recordingStartNanos) {}

    /**
     * One task; {@code states} add up to {@code end - start} (or window end while alive).
     * {@code samples} counts the instant samples of the task by source and state (for example
     * "jdk.ExecutionSample:STATE_RUNNABLE" or "profiler.WallClockSample:STATE_SLEEPING"): evidence, not time.
     * {@code carrier} marks a platform thread that carried virtual threads: its own waits are the
     * carrier idling, so they are left out of the blocking profile and the summary's totals.
     * {@code service} marks a JVM service thread (the JDK's, JFR's or blockscope's own; the rule is
     * {@code JvmServiceThreads}): reported as their own group, left out of the platform-thread totals.
     */
    public record TaskRow(long id, String name, boolean virtual, boolean carrier, boolean service, Long parent,
                          String runtimeName, String group,
                          long start, Long end, Map<String, Long> states, Map<String, Long> reasons,
                          int suspensions, List<WaitRow> longest, Map<String, Long> samples) {}

    /**
     * Ended tasks summed into one row (added in 0.8) because the analysis keeps a row for at most
     * {@code AnalysisOptions.maxTasks} of them ({@code --max-tasks}; 0 keeps all): the ended virtual
     * threads whose names are the same once every run of digits is {@code #} ({@code name}; "" for
     * unnamed ones), as many as {@code tasks}. {@code states}, {@code reasons}, {@code suspensions},
     * {@code samples} and {@code lifetime} are their sums, so the states still add up to the
     * lifetimes and the rows plus the groups to the recording's totals; {@code longest} their five
     * longest waits, each with its task.
     */
    public record TaskGroup(String name, boolean virtual, boolean service, long tasks, long lifetime,
                            Map<String, Long> states, Map<String, Long> reasons, long suspensions,
                            List<TaskWait> longest, Map<String, Long> samples) {}

    /** One of a task group's longest waits, and its task's id and name; {@code blocker} as {@link WaitRow}'s. */
    public record TaskWait(long task, String taskName, long start, long duration, String reason, int stack, Long waker,
                           String blocker) {}

    /**
     * One of a task's longest waits; {@code open} (added in 0.6): still waiting when the recording
     * ended; {@code blocker} (added in 0.10): the class of what it waited on (for {@code class.init},
     * the class another thread was initializing), or null.
     */
    public record WaitRow(long start, long duration, String reason, int stack, Long waker, boolean open, String blocker) {}

    /**
     * All intervals, in columns; see the schema. {@code blocker[i]} indexes {@code blockers} (the
     * class of the object a wait was blocked on), or is -1.
     */
    public record Timeline(List<String> states, List<String> reasons, long[] task, long[] start, long[] end,
                           int[] state, int[] reason, long[] carrier, int[] stack, long[] waker,
                           List<String> blockers, int[] blocker, boolean truncated) {
        /** Number of intervals. */
        public int size() {
            return task.length;
        }
    }

    /**
     * A carrier thread: what ran on it. {@code idle} is its own time parked in the pool with no
     * virtual thread mounted (the agent's {@code carrier.idle} waits; 0 when not recorded).
     */
    public record CarrierRow(long id, String name, long busy, long pinned, long blocked, long slices, int tasks,
                             double utilization, long idle) {}

    /**
     * Waiting time by reason and by stack; {@code noStack} (added in 0.6) the waits without a stack
     * by reason and the class of the object waited on (a contention whose waits are each under the
     * agent's stack threshold is found by its lock).
     */
    public record Blocking(Map<String, Long> byReason, List<StackRow> byStack, List<NoStackRow> noStack) {}

    /** Waits without a stack of one reason, blocked on an object of class {@code blocker} (null: not known). */
    public record NoStackRow(String reason, String blocker, long count, long total, long max) {}

    /**
     * Waiting time of one stack and reason; {@code blocker} (added in 0.10) the class every one of
     * its waits was blocked on (for {@code class.init}, the class being initialized), null when
     * they differ or none is known.
     */
    public record StackRow(int stack, String reason, long count, long total, long max, String blocker) {
        /** A row of waits with no blocker class in common. */
        public StackRow(int stack, String reason, long count, long total, long max) {
            this(stack, reason, count, total, max, null);
        }
    }

    /**
     * Scheduler latency: from the unpark that made a virtual thread runnable to its running.
     * {@code byStack} (added in 0.6): the RUNNABLE time by the stack and reason of the wait the task
     * was woken from, largest first (Go's scheduler-latency profile).
     */
    public record SchedLatency(long count, long p50, long p90, long p99, long max, long mean,
                               List<Bucket> histogram, List<OverTime> overTime, List<ByCarriers> byCarriers,
                               List<StackRow> byStack) {}

    /** Latencies up to {@code upTo} nanos (and above the previous bucket). */
    public record Bucket(long upTo, long count) {}

    /** Latency in the fixed-width window starting at {@code t}. */
    public record OverTime(long t, long count, long p99, long max) {}

    /** Latency while {@code carriers} carriers were active (from blockscope.SchedulerState). */
    public record ByCarriers(int carriers, long count, long p50, long p99, long max) {}

    /** A pinning site: waits that held a carrier, grouped by stack and pin reason. */
    public record PinSite(int stack, String reason, String pinReason, long count, long total, long max, int tasks,
                          long latencyOthers, String fix) {}

    /**
     * What context switches and the agent cost. {@code costNanos} is per switch; {@code costSource}
     * is "estimated" or "measured" and {@code costBasis} says in words where the figure comes from;
     * {@code costSamples} is how many back-to-back hand-offs the recording has to measure it from
     * and {@code costMedianNanos} their median (0 without any), used as {@code costNanos} from
     * {@code SwitchCost.MIN_SAMPLES} samples on.
     * {@code osRate} is null when the recording has no jdk.ThreadContextSwitchRate.
     */
    public record Overhead(long contextSwitches, double perSecond, long costNanos, String costSource, String costBasis,
                           int costSamples, long costMedianNanos, double cpuShare, Os os, OsRate osRate, Agent agent) {}

    /**
     * OS context switches of the process' threads (blockscope.ThreadContextSwitches, /proc
     * counters): {@code voluntary}/{@code involuntary} are the differences between each thread's
     * first and last sample in the recording, so they are 0 for a thread sampled once;
     * {@code threads} is how many OS threads were sampled (0: none), {@code threadsSampledTwice}
     * how many have a difference at all; {@code cumulativeVoluntary}/{@code cumulativeInvoluntary}
     * sum each thread's counters at its last sample (since that thread started, which may be
     * before the recording).
     */
    public record Os(long voluntary, long involuntary, int threads, int threadsSampledTwice, long cumulativeVoluntary,
                     long cumulativeInvoluntary) {}

    /**
     * The agent's own cost. {@code events} counts the blockscope events in the recording (the
     * agent's and the bundled runtime's), {@code suspensions} its blockscope.Suspend events,
     * {@code stacks} those of them that carry a stack (the file's, since 0.6);
     * {@code bytes} is null when the agent did not know its recording's size (JFR knows it only once
     * the file is written); {@code estimatedNanos} = suspensions x {@code perSuspensionNanos} (an
     * estimate); {@code startupNanos} is the agent's start-up time as the agent measured it (JFR
     * start and probe install), null without agent statistics; {@code statsSamples} how many
     * blockscope.AgentStats samples there were and {@code statsAt} when the last was taken
     * (relative to the window start; {@code errors} is as of then).
     */
    public record Agent(long events, long suspensions, Long bytes, long stacks, long errors, long estimatedNanos,
                        long perSuspensionNanos, Long startupNanos, int statsSamples, Long statsAt) {}

    /**
     * A user region of task {@code task} (blockscope.Region): [start, end], relative to the window
     * start; {@code runtimeTask} is the runtime's task id, or null outside a runtime task.
     */
    public record RegionRow(long task, long start, long end, String name, Long runtimeTask) {}

    /** A user log message of task {@code task} (blockscope.Log) at {@code t}, relative to the window start. */
    public record LogRow(long task, long t, String category, String message, Long runtimeTask) {}

    /**
     * OS context switches over all CPUs from jdk.ThreadContextSwitchRate (whole system, not only
     * this process): mean and max of the sampled rates, per second.
     */
    public record OsRate(long samples, double meanPerSecond, double maxPerSecond) {}

    /** A sample of the virtual-thread scheduler. */
    public record SchedulerRow(long t, int parallelism, int poolSize, int active, long queued) {}
}
