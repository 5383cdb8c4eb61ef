package dev.blockscope.analyzer.report;

import java.util.List;
import java.util.Locale;

/** Says each {@link Limit} in words, as {@code source.limits} and every report print it. */
public final class LimitText {
    private LimitText() {}

    /** The limits in words, in their order. */
    public static List<String> of(List<? extends Limit> limits) {
        return limits.stream().map(LimitText::of).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }

    /** One limit in words. */
    public static String of(Limit limit) {
        return switch (limit) {
            case Limit.IgnoredWaits l -> ignored(l);
            case Limit.NoAgentEvents l -> "no blockscope events (recorded without the blockscope agent): only the waits the"
                    + " JDK records are visible (jdk.ThreadPark, jdk.JavaMonitorEnter/Wait, jdk.ThreadSleep, jdk.Socket*,"
                    + " jdk.File*, jdk.VirtualThreadPinned; by default only those over 20 ms), time between them is UNKNOWN,"
                    + " and scheduler latency, carriers and wakers are not available";
            case Limit.NoVirtualThreadStarts l -> "jdk.VirtualThreadStart/End were not enabled: virtual threads' lifetimes"
                    + " start at the recording start and are UNKNOWN until their first event";
            case Limit.SamplesAreInstants l -> "async-profiler samples (profiler.WallClockSample, jdk.ExecutionSample) are"
                    + " instants: they are counted per task by state (tasks[].samples) but not stretched into intervals, so"
                    + " sampled time stays UNKNOWN";
            case Limit.AliveAtEnd l -> l.tasks().count() + " task(s) were alive at the end of the recording, "
                    + total(l.tasks()) + " UNKNOWN after their last event in all (a wait is written only when it ends, so a"
                    + " task waiting at the end shows no trace of that wait): " + names(l.tasks());
            case Limit.NoStartEvent l -> l.tasks().count() + " task(s) have no start event (started before the recording,"
                    + " or the start events were not enabled), " + total(l.tasks()) + " UNKNOWN from the recording start to"
                    + " their first event in all: " + names(l.tasks());
            case Limit.SilentPlatformThreads l -> l.tasks().count() + " platform thread(s) were seen only through jdk.*"
                    + " events and never waited in one that was recorded, so their whole lifetime is UNKNOWN: JDK"
                    + " housekeeping threads parked the whole time are like this (a wait is written only when it ends, and"
                    + " the JDK's own wait events only over their threshold, 20 ms by default): " + names(l.tasks());
            case Limit.CarrierTimeUnknown l -> l.tasks().count() + " carrier thread(s) have " + total(l.tasks())
                    + " UNKNOWN left in all, time that neither their own events nor the run slices of the virtual threads"
                    + " on them cover (idle in the pool in parks the JDK did not record, or after their last event): "
                    + names(l.tasks());
            case Limit.SnapshotWaitsWithoutEnd l -> l.tasks().count() + " task(s) were waiting when the agent went live"
                    + " (its snapshot) in a wait whose end no event gives (it began before the probes were live): each is"
                    + " counted as waiting until the task's next event, the latest it can have ended, " + total(l.tasks())
                    + " after the go-live in all, of which the task may have run a part: " + names(l.tasks());
            case Limit.ServiceThreadsUnknown l -> l.tasks().count() + " JVM service thread(s) (the JVM's, JFR's and"
                    + " blockscope's own, reported apart from the application's tasks) have " + total(l.tasks())
                    + " UNKNOWN in all: they wait in calls no event records, or begin before the recording or outlive it"
                    + " without a start or end event: " + names(l.tasks());
            case Limit.TimelineTruncated l -> "timeline truncated: " + l.kept() + " intervals kept, " + l.dropped()
                    + " interval(s) of " + l.tasksCut() + " task(s) left out (" + Durations.format(l.droppedNanos())
                    + " in all), the shortest first: none left out is longer than " + Durations.format(l.longestDropped())
                    + " and every interval kept is at least as long (lanes have gaps where short intervals were); the"
                    + " summaries still count everything";
            case Limit.AgentBuffersFull l -> l.events() + " event(s) were not recorded: the agent's buffers were full (the"
                    + " recording could not keep up with the application); the waits they were are missing from the timeline";
            case Limit.BelowAgentThreshold l -> l.suspensions() + " suspension(s) shorter than the agent's threshold were"
                    + " not recorded: their time counts as RUNNING";
            case Limit.AnnotationsTruncated l -> "annotations truncated: " + l.regionsKept() + " regions and " + l.logsKept()
                    + " logs kept, " + l.regionsDropped() + " regions and " + l.logsDropped() + " logs more not listed";
            case Limit.ProbeOff l -> "agent probe '" + l.probe() + "' was off"
                    + (l.detail() == null || l.detail().isBlank() ? "" : " (" + l.detail() + ")")
                    + ": waits it covers are not recorded";
            case Limit.FileBeginsLate l -> "the file begins " + Durations.format(l.nanos()) + " after the agent began"
                    + " recording (at " + java.time.Instant.ofEpochSecond(0, l.agentSince()) + "): the oldest part was"
                    + " dropped to keep within maxsize=. A wait that began before the file's time shows its whole length,"
                    + " but nothing else of that time is here";
            case Limit.AgentChunksDropped l -> "the agent's own events (the suspensions without a stack, task starts and"
                    + " ends, carrier idle) are missing " + (l.until() > 0 ? "before +" + Durations.format(l.until())
                    : "from the start") + ": its " + l.chunks() + " oldest chunk(s) ("
                    + String.format(Locale.ROOT, "%,d", l.bytes()) + " bytes) were dropped to keep within maxsize=. Until"
                    + " then tasks show only through JFR's events (waits with a stack, the JDK's events), their other time"
                    + " is UNKNOWN or missing, and a wait that began before shows its whole length";
            case Limit.AgentStopped l -> "the agent stopped recording by itself before the application ended: " + l.reason()
                    + "; nothing after that is recorded";
            case Limit.TasksSummed l -> String.format(Locale.ROOT, "%,d ended virtual thread(s) have no row of their own:"
                    + " they are summed into %d group(s) by name (each run of digits read as #), with their time by state,"
                    + " reasons, waits and five longest waits, so every total still counts them; the %,d that waited"
                    + " longest (their longest wait, or BLOCKED, BLOCKED_PINNED and UNKNOWN time, whichever is more), every"
                    + " task alive at the end and every platform thread keep their rows (--max-tasks 0 keeps a row for"
                    + " every task, in memory that grows with them)", l.tasks(), l.groups(), l.maxTasks());
            case Limit.EndsFound l -> l.tasks().count() + " task(s) began before the agent was attached and ended in code"
                    + " that passes no probe: the agent found each one ended within a sweep (100 ms when quiet), and the"
                    + " time from its last sign of life to that is UNKNOWN, " + total(l.tasks()) + " in all: "
                    + names(l.tasks());
            case Limit.ProbesOnlyAtStart l -> "the first " + Durations.format(l.nanos()) + " (before the agent's recording"
                    + " ran, startup=now) come from its probes alone: the JDK's own events of that time were not recorded,"
                    + " so a wait only they show (a virtual thread waiting for another thread's class initialization, a"
                    + " platform thread blocked on synchronized) shows there as running";
            case Limit.JdkOwnPins l -> l.waits() + " pinned wait(s) of the JDK's own virtual threads (its I/O sub-pollers), "
                    + Durations.format(l.nanos()) + " in all, are left out of the pinning sites and of check --max-pinned:"
                    + " the application cannot change them; the carrier lanes still show the carrier held";
            case Limit.SwitchCostLate l -> l.late() + " run slice(s) or carrier wait(s) came after the slices around them were"
                    + " paired for the switch cost: its median may differ slightly from one over every slice at once";
            case Limit.SwitchCostForced l -> String.format(Locale.ROOT, "%,d run slice(s) were paired for the switch cost"
                    + " before the intervals around them were known, to hold at most %,d per carrier (a virtual thread or"
                    + " carrier went long without a new interval): %,d hand-off(s) after a slice whose task had not yet"
                    + " shown its next interval are left out of its median", l.slices(), l.perCarrier(), l.unmeasured());
            case Limit.TimelineBudgetLowered l -> String.format(Locale.ROOT, "the timeline's budget was lowered from %,d to %,d"
                    + " intervals to fit this JVM's heap of %d MB (give it more with BLOCKSCOPE_HEAP or -Xmx to keep more)",
                    l.from(), l.to(), l.heapMb());
            case Limit.CarrierLanesNotSplit l -> "carrier lanes not split by the virtual threads they ran (the timeline is"
                    + " truncated or the split would exceed its interval budget): carriers' RUNNING/BLOCKED time from their"
                    + " virtual threads is a streaming estimate, capped at their UNKNOWN time";
            case Limit.CpuAtThreadLevel l -> l.what().substring(0, 1).toUpperCase(java.util.Locale.ROOT) + l.what().substring(1)
                    + " stay at thread level: the recording has no blockscope events, so which virtual thread a carrier ran at"
                    + " each sample is unknown; a carrier's samples are the carrier's";
            case Limit.CpuSamplesOutsideSlices l -> l.outside() + " of " + l.onCarriers() + " " + l.what() + " on carriers ("
                    + percent(l.outside(), l.onCarriers()) + ") fell outside every virtual thread's run slice: counted as the"
                    + " carrier's own (" + (l.wall() ? "idle, or its scheduler code" : "its scheduler code, or a slice's edge") + ")";
            case Limit.LockEntriesOutsideSlices l -> l.outside() + " of " + l.onCarriers() + " contended monitor entries of"
                    + " carriers (" + percent(l.outside(), l.onCarriers()) + ") ended outside every virtual thread's run slice:"
                    + " counted as the carrier's own";
            case Limit.LockSamplesNameTheCarrier l -> "lock samples (async-profiler's jdk.JavaMonitorEnter) name the carrier:"
                    + " each is given to the virtual thread mounted on it when it got the monitor; async-profiler does not see a"
                    + " virtual thread's parks (ReentrantLock and the like), which only the agent's waits show";
            case Limit.WallSamplesWhileMounted l -> "wall samples are of OS threads: a virtual thread has them only while mounted"
                    + " on a carrier; where it was unmounted its time is its waits as the agent recorded them, not samples";
            case Limit.WallIntervalUnknown l -> "wall time per task is not known: async-profiler's settings do not say its wall"
                    + " interval, so tasks are compared by wall samples only";
            case Limit.CpuTimerEngine l -> "CPU samples came from async-profiler's " + l.engine() + " engine, not perf events:"
                    + " the kernel checks CPU timers once a scheduler tick (4 ms at 250 Hz), so at a sampling interval shorter"
                    + " than a tick CPU time per task is undercounted (one sample a tick); how the samples divide between tasks"
                    + " is not affected";
            case Limit.CpuSamplesNotTime l -> l.jdkSampler()
                    ? "CPU samples are the JDK's method sampler's (jdk.ExecutionSample: a few threads running Java code every"
                    + " period, 20 ms by default): counted per task, not CPU time (the agent's profile=cpu samples the CPU"
                    + " itself)"
                    : "CPU time per task is not known: async-profiler's settings do not say its sampling interval, so tasks"
                    + " are compared by CPU samples only";
            case Limit.Said l -> l.text();
        };
    }

    private static String ignored(Limit.IgnoredWaits l) {
        List<String> what = new java.util.ArrayList<>();
        if (l.events() > 0) {
            what.add(l.events() + " wait event(s) ignored: they came after their task's end, or lay inside time another"
                    + " event of the task already covered");
        }
        if (l.clipped() > 0) {
            what.add(l.clipped() + " wait event(s) began inside time another event of the task already covered and were"
                    + " cut to start after it");
        }
        what.add(Durations.format(l.nanos()) + " of their waiting time is not on the timeline as theirs");
        return String.join("; ", what);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0%" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static String total(Limit.Tasks tasks) {
        return Durations.format(tasks.nanos());
    }

    /** The largest first, then how many more. */
    private static String names(Limit.Tasks tasks) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tasks.largest().size(); i++) {
            Limit.TaskTime g = tasks.largest().get(i);
            b.append(i == 0 ? "" : ", ").append('#').append(g.id()).append(' ').append(TaskNames.label(g.name())).append(' ')
                    .append(Durations.format(g.nanos()));
        }
        if (tasks.count() > tasks.largest().size()) {
            b.append(" and ").append(tasks.count() - tasks.largest().size()).append(" more");
        }
        return b.toString();
    }
}
