package dev.blockscope.analyzer;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.CarrierCoverage;
import dev.blockscope.analyzer.model.Interval;
import dev.blockscope.analyzer.model.IntervalBatch;
import dev.blockscope.analyzer.model.IntervalListener;
import dev.blockscope.analyzer.model.LongMap;
import dev.blockscope.analyzer.model.OrderedLongMap;
import dev.blockscope.analyzer.model.ReasonFamily;
import dev.blockscope.analyzer.model.TaskIdSet;
import dev.blockscope.analyzer.model.TaskState;
import dev.blockscope.analyzer.model.TaskTimeline;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.read.StackTable;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.Limit;
import dev.blockscope.analyzer.report.LimitText;
import dev.blockscope.analyzer.summary.AnnotationRecorder;
import dev.blockscope.analyzer.summary.BlockingProfile;
import dev.blockscope.analyzer.summary.CarrierLanes;
import dev.blockscope.analyzer.summary.JvmServiceThreads;
import dev.blockscope.analyzer.summary.CarrierSummarizer;
import dev.blockscope.analyzer.summary.CpuProfile;
import dev.blockscope.analyzer.summary.IntervalFile;
import dev.blockscope.analyzer.summary.OverheadSummarizer;
import dev.blockscope.analyzer.summary.PinningSummarizer;
import dev.blockscope.analyzer.summary.SchedLatencySummarizer;
import dev.blockscope.analyzer.summary.SwitchCost;
import dev.blockscope.analyzer.summary.TaskRows;
import dev.blockscope.analyzer.summary.TimelineRecorder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The analyzer's entry point: one pass over a recording, events fed to one {@link TaskTimeline}
 * per task, and each interval the timelines produce fed to the summarizers: those that need only
 * the interval's own values on a second thread ({@link IntervalSinks}, through an
 * {@link IntervalPipe}), the others on this one. Memory grows with tasks, carriers and distinct
 * stacks (plus the bounded timeline), not with events.
 *
 * <pre>{@code Analysis a = RecordingAnalyzer.analyze(Path.of("app.jfr"), AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);}</pre>
 */
public final class RecordingAnalyzer implements Consumer<TraceEvent>, IntervalListener {
    private static final int MAX_SCHEDULER_ROWS = 10_000;

    private final AnalysisOptions options;
    private final long origin;
    /**
     * Where a task first seen from now on may begin: the recording's start, or an attached agent's
     * go-live once its snapshot is seen (see the WaitingAtStart case).
     */
    private long tasksFrom;
    private boolean attachSeen;
    /** When the recording itself began (the first chunk's start): later than {@link #origin} when the agent's early events precede it. */
    private final long recordingStart;
    private final OrderedLongMap<TaskTimeline> tasks = new OrderedLongMap<>(); // looked up for every event
    /** The one interval every timeline of this analysis fills and delivers to {@link #interval}. */
    private final Interval intervalOut = new Interval();
    /**
     * Platform threads a periodic per-thread event named (jdk.ThreadCPULoad) before any event of
     * their own: their name and group, given to the task if it comes. Bounded: they are the JVM's
     * platform threads, not its tasks.
     */
    private final Map<Long, ThreadRef> described = new java.util.HashMap<>();
    private static final int MAX_DESCRIBED = 100_000;
    /** Tasks seen so far: each one's place among the rows. */
    private long seen;
    /**
     * Ended virtual threads whose timelines are gone (see {@link #compact}): their rows, or their
     * groups' sums, are in {@link #rows}; a later event of one is not a new task's.
     */
    private final TaskIdSet compacted = new TaskIdSet();
    private final TaskRows rows;
    /** The tasks' UNKNOWN gaps the limits name, gathered as the rows are made. */
    private record RowGaps(SourceKinds.Gaps alive, SourceKinds.Gaps unknownStart, SourceKinds.Gaps silent,
                           SourceKinds.Gaps carrierGaps, SourceKinds.Gaps endFound, SourceKinds.Gaps serviceGaps,
                           SourceKinds.Gaps snapshotWaits) {
        RowGaps() {
            this(new SourceKinds.Gaps(), new SourceKinds.Gaps(), new SourceKinds.Gaps(), new SourceKinds.Gaps(), new SourceKinds.Gaps(),
                    new SourceKinds.Gaps(), new SourceKinds.Gaps());
        }
    }

    private final RowGaps gaps = new RowGaps();
    /** Ignored and clipped wait events of compacted tasks (and late ones of theirs), and their time. */
    private long ignoredEvents;
    private long ignoredClipped;
    private long ignoredNanos;
    private final StackTable stacks;
    /**
     * The summaries fed only an interval's own values (the timeline's columns, the switch cost, the
     * CPU, wall and lock profiles, carrier coverage), through {@link #pipe}: applied on its thread,
     * so this thread reads them (the fields below, which name them) only after
     * {@link IntervalPipe#finish()}, in {@link #finish}. A live pass reads none of them.
     */
    private final IntervalSinks sinks;
    private final TimelineRecorder timeline;
    private final SwitchCost switchCost;
    private final CarrierCoverage coverage;
    private final CpuProfile cpu;
    private final CpuProfile wall;
    private final CpuProfile lock;
    /** What hands {@link #sinks} their batches (null in a live pass, which feeds them nothing). */
    private final IntervalPipe pipe;
    private final CarrierSummarizer carriers = new CarrierSummarizer();
    private final BlockingProfile blocking = new BlockingProfile();
    /** RUNNABLE time by the stack and reason of the wait it was woken from: Go's scheduler-latency profile. */
    private final BlockingProfile sched = new BlockingProfile();
    // Platform threads' waits are held apart until the end: those of carriers (known only once a
    // virtual thread names them) are the carrier idling, not a task waiting.
    private final Map<Long, BlockingProfile> platformBlocking = new java.util.HashMap<>();
    private final SchedLatencySummarizer latency;
    private final PinningSummarizer pinning;
    private final OverheadSummarizer overhead = new OverheadSummarizer();
    private final AnnotationRecorder annotations;
    private final List<Analysis.SchedulerRow> scheduler = new ArrayList<>();
    private final Map<String, String> probesOff = new LinkedHashMap<>();
    private String jvm;
    private int hwThreads;
    private int activeCarriers = -1;
    private int parallelism;
    // From when every idle wait of every carrier is recorded (the agent's idle probe live), epoch nanos.
    private long idleRecordedSince = Long.MAX_VALUE;
    private static final String IDLE_PROBE = "idle";
    /** blockscope.Suspend/EarlySuspend events that carry a stack: what the file holds, not the agent's last statistics. */
    private long suspendStacks;

    /**
     * The timeline's budget as used: the options', or fewer when its columns (about 70 bytes an
     * interval with the quarter more they hold before a cut) would take more than a sixth of the
     * heap: at -Xmx256m, 2M intervals' columns alone were 140 MB. A lowered budget is a limit.
     */
    private final int timelineBudget;

    /** Most timeline intervals whose columns fit a sixth of this JVM's heap (2.5M at -Xmx1g, 640,000 at -Xmx256m). */
    static int timelineHeapBudget() {
        return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 6 / 70);
    }

    private RecordingAnalyzer(AnalysisOptions options, long origin, long duration, StackTable stacks, long recordingStart,
                              boolean keepAll) {
        this(options, origin, duration, stacks, recordingStart, keepAll, false);
    }

    private RecordingAnalyzer(AnalysisOptions options, long origin, long duration, StackTable stacks, long recordingStart,
                              boolean keepAll, boolean livePass) {
        this.recent = livePass ? new java.util.ArrayDeque<>() : null;
        this.ended = livePass ? new java.util.ArrayDeque<>() : null;
        this.options = options;
        this.recordingStart = recordingStart;
        this.stacks = stacks;
        this.origin = origin;
        this.tasksFrom = origin;
        this.timelineBudget = Math.min(options.timelineBudget(), timelineHeapBudget());
        this.sinks = new IntervalSinks(new TimelineRecorder(timelineBudget, origin, keepAll));
        this.timeline = sinks.timeline;
        this.switchCost = sinks.switchCost;
        this.coverage = sinks.coverage;
        this.cpu = sinks.cpu;
        this.wall = sinks.wall;
        this.lock = sinks.lock;
        this.annotations = new AnnotationRecorder(origin, AnnotationRecorder.DEFAULT_BUDGET);
        this.latency = new SchedLatencySummarizer(origin, duration);
        this.pinning = new PinningSummarizer(origin, duration);
        this.rows = new TaskRows(options.maxTasks());
        // last, so no failure of this constructor leaves the sinks' thread behind; a live pass keeps
        // its window's intervals itself (see interval): no sink thread
        this.pipe = livePass ? null : new IntervalPipe(sinks::apply, IntervalPipe.threaded());
    }

    /**
     * Analyzes {@code file} (a .jfr file, gzipped or not, or a directory of them) without progress
     * reports. A partly damaged file is analyzed as far as it can be read; what was skipped is in
     * {@code source.skipped} of the result.
     *
     * @throws dev.blockscope.analyzer.read.RecordingException when nothing in the file can be read
     */
    public static Analysis analyze(Path file, AnalysisOptions options) throws IOException {
        return analyze(file, options, RecordingReader.Progress.NONE);
    }

    /**
     * Analyzes {@code file}, telling {@code progress} how much of it was read. A partly damaged
     * file is analyzed as far as it can be read; what was skipped is in {@code source.skipped} of
     * the result.
     *
     * @throws dev.blockscope.analyzer.read.RecordingException when nothing in the file can be read
     */
    public static Analysis analyze(Path file, AnalysisOptions options, RecordingReader.Progress progress) throws IOException {
        // only the timeline's budget of intervals, in the heap: nothing written to the temporary directory
        try (RecordingReader.Input in = RecordingReader.Input.of(file); Full full = run(in, options, progress, false, 0)) {
            return full.analysis();
        }
    }

    /**
     * An analysis and the file of every interval its task timelines produced (the analysis'
     * timeline holds at most its budget of them), for windows over the whole recording
     * ({@code serve}). Closing it deletes the file.
     */
    public record Full(Analysis analysis, IntervalFile intervals) implements AutoCloseable {
        @Override
        public void close() {
            if (intervals != null) {
                intervals.close();
            }
        }
    }

    /**
     * As {@link #analyze}, keeping the file of every interval (in the system's temporary
     * directory, 56 bytes an interval: a few times the recording's size).
     */
    public static Full analyzeFull(Path file, AnalysisOptions options, RecordingReader.Progress progress) throws IOException {
        try (RecordingReader.Input in = RecordingReader.Input.of(file)) {
            return analyzeFull(in, options, progress);
        }
    }

    /**
     * As {@link #analyzeFull(Path, AnalysisOptions, RecordingReader.Progress)}, of a recording made
     * readable beforehand (expanded or joined once for more than one analysis); the input stays
     * the caller's.
     */
    public static Full analyzeFull(RecordingReader.Input in, AnalysisOptions options, RecordingReader.Progress progress)
            throws IOException {
        return run(in, options, progress, true, 0);
    }

    /**
     * As {@link #analyzeFull}, of the recording's beginning only: up to where its chunks hold
     * about {@code bytes}, a second at least ({@link RecordingReader#previewFirst}), as if the
     * recording had ended there; its limits say so. {@code serve} shows it while the whole file is
     * analyzed.
     *
     * @return null when those chunks would be the whole file (then there is nothing to preview)
     */
    public static Full analyzePreview(Path file, AnalysisOptions options, long bytes) throws IOException {
        try (RecordingReader.Input in = RecordingReader.Input.of(file)) {
            return analyzePreview(in, options, bytes);
        }
    }

    /** As {@link #analyzePreview(Path, AnalysisOptions, long)}, of a recording made readable beforehand; the input stays the caller's. */
    public static Full analyzePreview(RecordingReader.Input in, AnalysisOptions options, long bytes) throws IOException {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a preview needs a positive size: " + bytes);
        }
        return run(in, options, RecordingReader.Progress.NONE, true, bytes);
    }

    private static Full run(RecordingReader.Input in, AnalysisOptions options, RecordingReader.Progress progress, boolean keepAll,
                            long previewBytes) throws IOException {
        Path file = in.name();
        RecordingAnalyzer[] analyzer = new RecordingAnalyzer[1];
        try (RecordingReader reader = RecordingReader.open(in)) {
            if (previewBytes > 0 && !reader.previewFirst(previewBytes)) {
                return null;
            }
            long start = reader.headerStartNanos();
            long end = Math.max(start, reader.headerEndNanos());
            StackTable stacks = new StackTable();
            // The analysis starts where the recording does, or earlier where an event does: the agent
            // commits what its probes measured while JFR still started (blockscope.EarlySuspend and
            // the like) into the first chunk, with their own earlier times. Chunks come in file
            // order, each sorted by time, so the first event seen is the earliest.
            RecordingReader.Result result = reader.read(stacks, e -> {
                if (analyzer[0] == null) {
                    long origin = start > 0 ? Math.min(start, e.time()) : start;
                    analyzer[0] = new RecordingAnalyzer(options, origin, end - origin, stacks, start, keepAll);
                }
                analyzer[0].accept(e);
            }, progress);
            if (analyzer[0] == null) {
                analyzer[0] = new RecordingAnalyzer(options, start, end - start, stacks, start, keepAll);
            }
            return new Full(analyzer[0].finish(file, result), analyzer[0].timeline.intervals());
        } catch (IOException | RuntimeException | Error e) {
            if (analyzer[0] != null) {
                analyzer[0].pipe.close(); // the sinks stop before the timeline's file goes
                analyzer[0].timeline.close();
            }
            throw e;
        }
    }

    /**
     * Analyzes events that are already mapped and in commit-time order, as if read from a file
     * named {@code name} spanning {@code [start, end]}: for tools and tests that build events
     * themselves. Stack indexes in the events refer to {@code stackFrames}.
     */
    public static Analysis analyzeEvents(String name, Iterable<? extends TraceEvent> events, List<List<String>> stackFrames,
                                         long start, long end, AnalysisOptions options) {
        RecordingAnalyzer analyzer = new RecordingAnalyzer(options, start, end - start, new StackTable(), start, false);
        stackFrames.forEach(analyzer.stacks::intern);
        Map<String, Long> byType = new java.util.TreeMap<>();
        long count = 0;
        long last = end;
        try {
            for (TraceEvent e : events) {
                analyzer.accept(e);
                byType.merge("blockscope." + e.getClass().getSimpleName(), 1L, Long::sum); // counted as blockscope-model events
                count++;
                last = Math.max(last, e.time());
            }
            return analyzer.finish(Path.of(name), new RecordingReader.Result(count, byType, List.of(), 0, start, last));
        } finally {
            analyzer.pipe.close();
            analyzer.timeline.close();
        }
    }

    @Override
    public void accept(TraceEvent event) {
        if (!pendingEnds.isEmpty()) {
            endsBefore(event.time() - END_DELAY);
            if (event instanceof TraceEvent.Blocked b && b.task() != null) {
                TraceEvent.TaskEnded end = pendingByTask.get(b.task().id());
                if (end != null && b.start() >= end.time()) {
                    applyEnd(end); // a wait that began after the end is not the task's (counted so)
                    pendingEnds.remove(end);
                } else if (end != null && b.end() > end.time()) {
                    event = b.withSpan(b.start(), end.time());
                }
            }
        }
        if (gone(event)) {
            return;
        }
        switch (event) {
            case TraceEvent.TaskStarted e -> {
                if (e.task() != null) {
                    task(e.task()).start(e.time(), e.parent(), e.carrier(), e.complete());
                    carriers.name(e.carrier());
                    if (e.task().virtual() && pipe != null) {
                        // its first slice, delivered later, begins here
                        pipe.batch().op(IntervalBatch.Op.BEGAN, e.task().id(), e.time(), 0, 0, 0, null, null);
                    }
                }
            }
            case TraceEvent.TaskEnded e -> {
                if (e.endedAfter() > 0 && !attachSeen) {
                    // found ended by an attached agent, which tracks from its go-live on: the first such
                    // end can come before its snapshot's events (the check runs while they are written)
                    attachSeen = true;
                    tasksFrom = Math.max(origin, Math.min(e.endedAfter(), e.time()));
                }
                if (e.task() != null) {
                    // applied once the stream is END_DELAY past it (see endsBefore); of two ends, the first counts
                    TraceEvent.TaskEnded held = pendingByTask.get(e.task().id());
                    if (held == null || e.time() < held.time()) {
                        if (held != null) {
                            pendingEnds.remove(held);
                        }
                        pendingEnds.add(e);
                        pendingByTask.put(e.task().id(), e);
                    }
                }
            }
            case TraceEvent.TaskLabeled e -> {
                if (e.task() != null) {
                    task(e.task()).label(e.runtimeName(), e.group());
                }
            }
            case TraceEvent.Blocked e -> {
                if (e.complete() && e.stack() >= 0) {
                    suspendStacks++;
                }
                if (e.task() != null && e.task().id() > 0) {
                    carriers.name(e.carrier());
                    carriers.name(e.resumeCarrier());
                    // a carrier's contended entry is a virtual thread's (async-profiler's lock mode names the carrier);
                    // only carriers' are kept: with any other thread's, the lock profile would keep every run slice
                    if (recent == null && !e.complete() && !e.task().virtual() && "monitor.enter".equals(e.reason()) && carriers.isCarrier(e.task().id())) {
                        pipe.batch().op(IntervalBatch.Op.LOCK_ENTRY, e.task().id(), e.end(), e.end() - e.start(), e.stack(), 0, null, null);
                    }
                    task(e.task()).block(e);
                }
            }
            case TraceEvent.Unparked e -> {
                TaskTimeline target = tasks.get(e.target());
                if (target == null && compacted.contains(e.target())) {
                    return; // woken after its end: nothing to wake
                }
                if (target == null) {
                    // First sign of the target: it exists, though its own events come later.
                    target = new TaskTimeline(new ThreadRef(e.target(), null, true), tasksFrom, this, intervalOut, seen++);
                    tasks.put(e.target(), target);
                }
                target.unpark(e.time(), ThreadRef.idOf(e.waker()));
            }
            case TraceEvent.SchedulerSampled e -> {
                activeCarriers = e.active();
                parallelism = e.parallelism();
                if (scheduler.size() < MAX_SCHEDULER_ROWS) {
                    scheduler.add(new Analysis.SchedulerRow(e.time() - origin, e.parallelism(), e.poolSize(), e.active(), e.queued()));
                }
            }
            case TraceEvent.WaitOpen e -> {
                if (e.task() != null && e.task().id() > 0) {
                    carriers.name(e.carrier());
                    task(e.task()).open(e);
                }
            }
            case TraceEvent.WaitingAtStart e -> {
                if (!attachSeen) {
                    // An attached agent's go-live: its snapshot, just before the probes record. Before
                    // it the file holds no task's events (the JDK's wait for it too), so a task first seen
                    // later began before it or in it; its time before is not in the agent's window.
                    attachSeen = true;
                    tasksFrom = Math.max(origin, e.time());
                }
                if (e.task() != null && e.task().id() > 0) {
                    task(e.task()).waitingAtStart(e);
                }
            }
            case TraceEvent.ContextSwitchesSampled e -> overhead.os(e);
            case TraceEvent.OsSwitchRateSampled e -> overhead.osRate(e);
            case TraceEvent.RegionRecorded e -> {
                if (e.task() != null) {
                    known(e.task());
                    annotations.region(e.task().id(), e.start(), e.end(), e.name(), e.runtimeTaskId());
                }
            }
            case TraceEvent.LogRecorded e -> {
                if (e.task() != null) {
                    known(e.task());
                    annotations.log(e.task().id(), e.time(), e.category(), e.message(), e.runtimeTaskId());
                }
            }
            case TraceEvent.ThreadSampled e -> {
                // A sample is an instant: counted per task as evidence, never stretched into an interval.
                if (e.task() != null && e.task().id() > 0) {
                    task(e.task()).sample(e.state() == null || e.state().isEmpty() ? e.source() : e.source() + ":" + e.state(),
                            Math.max(1, e.weight()));
                    if (recent == null) {
                        // a live pass has no CPU, wall or lock profile: its windows do not narrow samples
                        sample(e);
                    }
                }
            }
            case TraceEvent.ProfilerSetting e -> {
                if (pipe != null) {
                    pipe.batch().op(IntervalBatch.Op.SETTING, 0, e.time(), 0, 0, 0, e.name(), e.value());
                }
            }
            case TraceEvent.AgentStatsSampled e -> overhead.agent(e);
            case TraceEvent.ProbeReported e -> {
                if (!e.live()) {
                    probesOff.put(e.probe(), e.detail());
                } else if (e.probe().equals(IDLE_PROBE)) {
                    idleRecordedSince = Math.min(idleRecordedSince, e.time());
                }
            }
            case TraceEvent.ThreadSeen e -> {
                TaskTimeline t = tasks.get(e.thread().id());
                if (t != null) {
                    t.described(e.thread());
                } else if (!e.thread().virtual() && e.thread().id() > 0 && described.size() < MAX_DESCRIBED) {
                    described.put(e.thread().id(), e.thread()); // named before its first own event, or never a task
                }
            }
            case TraceEvent.JvmDescribed e -> {
                if (e.version() != null) {
                    jvm = e.version();
                }
                if (e.hwThreads() > 0) {
                    hwThreads = e.hwThreads();
                }
            }
        }
    }

    /**
     * Whether {@code event} is a compacted task's own (one whose timeline is gone): a wait is
     * counted as ignored, as its timeline would have; anything else of it has nothing to add. A
     * CPU sample still counts in the CPU profile.
     */
    private boolean gone(TraceEvent event) {
        if (compacted.size() == 0) {
            return false;
        }
        ThreadRef task = switch (event) {
            case TraceEvent.TaskStarted e -> e.task();
            case TraceEvent.TaskEnded e -> e.task();
            case TraceEvent.TaskLabeled e -> e.task();
            case TraceEvent.Blocked e -> e.task();
            case TraceEvent.WaitOpen e -> e.task();
            case TraceEvent.WaitingAtStart e -> e.task();
            case TraceEvent.ThreadSampled e -> e.task();
            default -> null;
        };
        if (task == null || !compacted.contains(task.id())) {
            return false;
        }
        if (event instanceof TraceEvent.Blocked b) {
            ignoredEvents++;
            ignoredNanos += b.end() - b.start();
        } else if (recent != null) {
            return true;
        } else if (event instanceof TraceEvent.ThreadSampled e) {
            sample(e);
        }
        return true;
    }

    /** A CPU or wall sample, to its profile (through the pipe: the profiles' run slices come that way). */
    private void sample(TraceEvent.ThreadSampled e) {
        if (CpuProfile.SOURCE.equals(e.source())) {
            pipe.batch().op(IntervalBatch.Op.CPU_SAMPLE, e.task().id(), e.time(), 0, e.stack(), 1, null, null);
        } else if (CpuProfile.WALL_SOURCE.equals(e.source())) {
            pipe.batch().op(IntervalBatch.Op.WALL_SAMPLE, e.task().id(), e.time(), 0, e.stack(), e.weight(), null, null);
        }
    }

    /**
     * Makes {@code ref} a task seen, unless it is one that ended and was compacted: a region or a
     * log it wrote still counts (annotations are per task id), but must not start a second task.
     */
    private void known(ThreadRef ref) {
        if (!compacted.contains(ref.id())) {
            task(ref);
        }
    }

        private TaskTimeline task(ThreadRef ref) {
        TaskTimeline t = tasks.get(ref.id());
        if (t == null) {
            t = new TaskTimeline(ref, tasksFrom, this, intervalOut, seen++);
            tasks.put(ref.id(), t);
            ThreadRef before = described.isEmpty() ? null : described.remove(ref.id());
            if (before != null) {
                t.described(before);
            }
        }
        t.identify(ref);
        return t;
    }

    @Override
    public void interval(TaskTimeline task, Interval interval) {
        TaskState state = interval.state();
        long start = interval.start();
        long end = interval.end();
        String reason = interval.reason();
        long carrier = interval.carrier();
        int stack = interval.stack();
        String blocker = interval.blocker();
        long duration = end - start;
        long lane = lane(task, interval);
        if (recent != null) {
            // a live pass has no timeline, switch cost, CPU profile or coverage: its views narrow the
            // window's intervals, lanes split (see liveView)
            keepRecent(interval, lane);
        } else {
            // to the sinks (IntervalSinks), with what they would read of the task as it is now
            int flags = task.virtual() ? IntervalBatch.VIRTUAL
                    : state != TaskState.UNKNOWN && carriers.isCarrier(task.id()) ? IntervalBatch.CARRIER_OWN : 0;
            pipe.batch().interval(interval, lane, flags);
        }
        if (task.virtual()) {
            carriers.interval(task.id(), state, duration, reason, carrier);
            if (state == TaskState.SUSPENDED && CarrierSummarizer.carrierBlocking(reason)) {
                carriers.blockedInIo(task.currentCarrier(), duration);
            }
        } else if (state == TaskState.BLOCKED && CarrierSummarizer.IDLE.equals(reason)) {
            carriers.idled(task.id());
        }
        switch (state) {
            case RUNNABLE -> {
                latency.add(end, duration, activeCarriers);
                pinning.latency(start, end);
                long from = Math.max(start, origin + options.fromNanos());
                long to = options.toNanos() == Long.MAX_VALUE ? end : Math.min(end, origin + options.toNanos());
                if (to > from && options.matches(task.name(), task.runtimeName(), task.group())) {
                    sched.add(stack, reason == null ? "other" : reason, blocker, to - from);
                }
            }
            case SUSPENDED, BLOCKED, BLOCKED_PINNED -> {
                if (state == TaskState.SUSPENDED) {
                    overhead.contextSwitch();
                }
                if (state == TaskState.BLOCKED_PINNED) {
                    if (task.virtual() && JvmServiceThreads.jdkVirtualThread(task.name())) {
                        pinning.jdkOwn(end - start); // the JDK's own pin (a sub-poller's start-up): not the application's
                    } else {
                        pinning.pinned(task.id(), stack, reason, interval.pinReason(), start, end);
                    }
                }
                if (options.matches(task.name(), task.runtimeName(), task.group()) && !CarrierSummarizer.IDLE.equals(reason)) {
                    long from = Math.max(start, origin + options.fromNanos());
                    long to = options.toNanos() == Long.MAX_VALUE ? end : Math.min(end, origin + options.toNanos());
                    if (to > from) {
                        (task.virtual() ? blocking : platformBlocking.computeIfAbsent(task.id(), k -> new BlockingProfile()))
                                .add(stack, reason, blocker, to - from);
                    }
                }
            }
            default -> { }
        }
    }

    /** The lane an interval is drawn on: its carrier, or for a virtual thread's file I/O the carrier it keeps. */
    private static long lane(TaskTimeline task, Interval interval) {
        // File I/O keeps the carrier: the timeline names it, so the carrier's lane can show the wait.
        return task.virtual() && interval.state() == TaskState.SUSPENDED && CarrierSummarizer.carrierBlocking(interval.reason())
                ? task.currentCarrier() : interval.carrier();
    }

    /**
     * Moves a carrier's UNKNOWN time that its virtual threads' slices cover to RUNNING (carrying
     * them) and BLOCKED (held by a pinned wait, by that wait's reason), never more than there was.
     */
    private void carried(long carrierId, Map<String, Long> states, Map<String, Long> reasons) {
        long unknown = states.get(TaskState.UNKNOWN.name());
        long running = Math.min(unknown, coverage.running(carrierId));
        unknown -= running;
        states.merge(TaskState.RUNNING.name(), running, Long::sum);
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(coverage.blocked(carrierId)).entrySet()) {
            long blocked = Math.min(unknown, e.getValue());
            if (blocked > 0) {
                unknown -= blocked;
                states.merge(TaskState.BLOCKED.name(), blocked, Long::sum);
                reasons.merge(e.getKey(), blocked, Long::sum);
            }
        }
        states.put(TaskState.UNKNOWN.name(), unknown);
    }

    private static Long fileSize(Path file) {
        try {
            return java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.size(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Splits the carriers' timeline intervals by their virtual threads' slices (null when the
     * timeline does not allow it); with the agent's idle probe live, a carrier's time that is
     * neither idle nor a virtual thread's is its own pool code.
     */
    private Map<Long, CarrierLanes.Moved> carrierLanes(java.util.Set<Long> carrierIds, java.util.function.LongPredicate isVirtual) {
        java.util.Set<Long> startUnknown = new java.util.HashSet<>();
        carrierIds.forEach(id -> {
            if (!tasks.get(id).startKnown()) {
                startUnknown.add(id);
            }
        });
        boolean idleAll = !probesOff.containsKey(IDLE_PROBE) && idleRecordedSince != Long.MAX_VALUE;
        return CarrierLanes.split(timeline, carrierIds, isVirtual, idleAll ? idleRecordedSince - origin : Long.MAX_VALUE,
                startUnknown);
    }

    private java.util.Set<Long> carrierIds() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        tasks.values().forEach(t -> {
            if (!t.virtual() && carriers.isCarrier(t.id())) {
                ids.add(t.id());
            }
        });
        return ids;
    }

    /** Compacted tasks the task filter leaves out (empty without a filter). */
    private final TaskIdSet filteredOut = new TaskIdSet();

    /** Whether the CPU profile counts task {@code id}'s samples: the task filter, for tasks with a timeline or compacted. */
    private boolean cpuCounted(long id) {
        if (options.taskFilter() == null || options.taskFilter().isEmpty()) {
            return true;
        }
        TaskTimeline t = tasks.get(id);
        return t != null ? options.matches(t.name(), t.runtimeName(), t.group()) : compacted.contains(id) && !filteredOut.contains(id);
    }

    /** The virtual threads: those with a timeline still, and every compacted task (all ended virtual threads). */
    private java.util.function.LongPredicate virtualIds() {
        TaskIdSet ids = new TaskIdSet();
        tasks.values().forEach(t -> {
            if (t.virtual()) {
                ids.add(t.id());
            }
        });
        return id -> ids.contains(id) || compacted.contains(id);
    }

    /** The reason table for the JSON: every family, and every reason known or seen here. */
    private static Analysis.ReasonFamilies reasonFamilies(List<Analysis.TaskRow> rows, List<Analysis.TaskGroup> groups,
                                                         TimelineRecorder timeline) {
        java.util.Set<String> seen = new java.util.HashSet<>(timeline.reasons());
        rows.forEach(r -> seen.addAll(r.reasons().keySet()));
        groups.forEach(g -> seen.addAll(g.reasons().keySet()));
        List<Analysis.Family> families = java.util.Arrays.stream(ReasonFamily.values())
                .map(f -> new Analysis.Family(f.id(), f.label(), f.profile())).toList();
        return new Analysis.ReasonFamilies(families, ReasonFamily.ids(seen));
    }

    /**
     * How long a task's end waits in delivery for the task's other events: each chunk converts its
     * ticks to time with its own header's clock pair, and the JDK's and the agent's pairs differ by
     * tens of microseconds, so a JDK event that ended 17 us before the agent's TaskEnd arrived after
     * it and was dropped as "after the task's end" (a virtual thread's class-initialization pin in
     * ClassInitWaitTest).
     */
    static final long END_DELAY = 1_000_000;
    private final java.util.PriorityQueue<TraceEvent.TaskEnded> pendingEnds =
            new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(TraceEvent.TaskEnded::time));

    private final LongMap<TraceEvent.TaskEnded> pendingByTask = new LongMap<>(); // read for every wait while ends are pending: no boxing

    /** Applies the held task ends before {@code time}. */
    private void endsBefore(long time) {
        while (!pendingEnds.isEmpty() && pendingEnds.peek().time() < time) {
            applyEnd(pendingEnds.poll());
        }
    }

    private void applyEnd(TraceEvent.TaskEnded e) {
        pendingByTask.remove(e.task().id());
        TaskTimeline t = task(e.task());
        t.end(e.time(), e.complete(), e.endedAfter());
        if (t.virtual() && t.ended()) {
            compact(t);
        }
    }

    /**
     * Folds an ended virtual thread's timeline into its row (kept or summed, {@link TaskRows}) and
     * drops it: what its end's delivery delay let through has been applied, and a virtual thread
     * is never a carrier, so nothing later changes its row. This is what keeps memory from
     * growing with the tasks of a server that starts one per request.
     */
    private void compact(TaskTimeline t) {
        tasks.remove(t.id());
        compacted.add(t.id());
        if (!options.matches(t.name(), t.runtimeName(), t.group())) {
            filteredOut.add(t.id()); // its CPU samples, attributed at the end, are not the profile's
        }
        if (pipe != null) {
            pipe.batch().op(IntervalBatch.Op.FORGET, t.id(), 0, 0, 0, 0, null, null);
        }
        ignoredEvents += t.dropped();
        ignoredClipped += t.clipped();
        ignoredNanos += t.droppedNanos();
        if (recent != null) {
            ended.add(new Ended(t.end(), t.order(), row(t, null, Long.MAX_VALUE, null, new RowGaps())));
        } else {
            rows.add(row(t, null, Long.MAX_VALUE, null, gaps), t.order());
        }
    }

    /**
     * A task's row, its UNKNOWN gaps counted for the limits. {@code kind} (the recording's) and
     * {@code lanes} matter only for platform threads and carriers, which are never compacted.
     */
    private Analysis.TaskRow row(TaskTimeline t, String kind, long windowEnd, Map<Long, CarrierLanes.Moved> lanes, RowGaps g) {
        boolean carrier = !t.virtual() && carriers.isCarrier(t.id());
        boolean service = !carrier && (t.virtual() ? JvmServiceThreads.jdkVirtualThread(t.name())
                : JvmServiceThreads.isService(t.name(), "blockscope".equals(kind), t.complete() || t.runtimeName() != null,
                t.suspensions(), !t.samples().isEmpty())
                || JvmServiceThreads.byGroup(t.threadGroup())
                || (t.name() == null || t.name().isEmpty()) && t.longest().stream()
                        .anyMatch(w -> w.stack() >= 0 && JvmServiceThreads.byThreadBody(stacks.frames(w.stack()))));
        if (t.snapshotUnbounded() > 0 && !service) {
            g.snapshotWaits().add(t.id(), t.name(), t.snapshotUnbounded());
        }
        if (service) {
            // the JVM's, JFR's and the agent's own threads: their UNKNOWN is theirs, said on a line
            // of its own, not among the application's tasks alive at the end or without a start
            if (t.nanos(TaskState.UNKNOWN) > 0) {
                g.serviceGaps().add(t.id(), t.name(), t.nanos(TaskState.UNKNOWN));
            }
        } else if (!t.virtual() && !t.complete() && t.suspensions() == 0 && !carrier) {
            g.silent().add(t.id(), t.name(), t.nanos(TaskState.UNKNOWN));
        } else if (!carrier) {
            if (!t.ended() && t.tailUnknown() > 0) {
                g.alive().add(t.id(), t.name(), t.tailUnknown());
            }
            if (!t.startKnown() && t.headUnknown() > 0) {
                g.unknownStart().add(t.id(), t.name(), t.headUnknown());
            }
            if (t.endUnknown() > 0) {
                g.endFound().add(t.id(), t.name(), t.endUnknown());
            }
        }
        Map<String, Long> states = new LinkedHashMap<>();
        for (TaskState s : TaskState.values()) {
            states.put(s.name(), t.nanos(s));
        }
        Map<String, Long> reasons = new LinkedHashMap<>(t.reasonNanos());
        if (carrier) {
            carriers.ownWaits(t.id(), reasons.entrySet().stream().filter(r -> CarrierSummarizer.idleReason(r.getKey()))
                    .mapToLong(Map.Entry::getValue).sum());
            if (lanes != null) {
                CarrierLanes.Moved moved = lanes.get(t.id());
                if (moved != null) {
                    moved.states().forEach((s, v) -> states.merge(s, v, Long::sum));
                    moved.reasons().forEach((r, v) -> reasons.merge(r, v, Long::sum));
                }
            } else {
                carried(t.id(), states, reasons);
            }
            if (states.get(TaskState.UNKNOWN.name()) > 0) {
                g.carrierGaps().add(t.id(), t.name(), states.get(TaskState.UNKNOWN.name()));
            }
        }
        // a wait reported open at the end (blockscope.OpenSuspend) runs to the window's end
        List<Analysis.WaitRow> longest = t.longest().stream().map(w -> new Analysis.WaitRow(w.start() - origin,
                w.duration(), w.reason(), w.stack(), w.waker() == Interval.NO_WAKER ? null : w.waker(),
                t.openAtEnd() && w.start() + w.duration() >= windowEnd, w.blocker())).toList();
        return new Analysis.TaskRow(t.id(), t.name(), t.virtual(), carrier, service,
                t.parent() > 0 ? t.parent() : null,
                t.runtimeName(), t.group(), t.start() - origin, t.ended() ? t.end() - origin : null, states,
                reasons, t.suspensions(), longest, t.samples());
    }

    // ---- a live pass (LiveAnalyzer): the window's intervals and ended tasks, a view without ending the pass ----

    /** An interval a live pass keeps while it may be in the window, with its lane. */
    private record Recent(Interval interval, long lane) {}

    /** An ended virtual thread's row, kept while its end is in a live pass' window. */
    private record Ended(long end, long order, Analysis.TaskRow row) {}

    /**
     * In a live pass: the intervals the timelines delivered, in the order they came, until they end
     * before the window; null otherwise (the intervals go to {@link #timeline}).
     */
    private final java.util.ArrayDeque<Recent> recent;
    /** In a live pass: the rows of ended virtual threads, until their end leaves the window; null otherwise. */
    private final java.util.ArrayDeque<Ended> ended;
    /** In a live pass: the latest end of an interval dropped to keep {@link #recent} within the timeline's budget. */
    private long recentDroppedUntil = Long.MIN_VALUE;

    /**
     * A live pass over chunks fed one at a time ({@link LiveAnalyzer}), its times relative to
     * {@code origin}, the first chunk's start or first event: no timeline within a budget and no
     * CPU, wall or lock profile (its windows narrow neither), ended tasks' rows and intervals kept
     * only while they are in the window.
     */
    static RecordingAnalyzer live(AnalysisOptions options, long origin, long recordingStart, StackTable stacks) {
        // the summarizers that place times over the recording's length get an hour: a live pass has no end
        return new RecordingAnalyzer(options, origin, 3_600_000_000_000L, stacks, recordingStart, false, true);
    }

    private void keepRecent(Interval interval, long lane) {
        recent.addLast(new Recent(interval.copy(), lane));
        if (recent.size() > timelineBudget) {
            recentDroppedUntil = Math.max(recentDroppedUntil, recent.removeFirst().interval().end());
        }
    }

    /**
     * In a live pass, epoch nanos: the latest end of an interval dropped to keep the window's
     * intervals within the timeline's budget (a window starting before it would miss some), or
     * {@link Long#MIN_VALUE}.
     */
    long droppedUntil() {
        return recentDroppedUntil;
    }

    /** The time every interval and row of this pass is relative to, epoch nanos. */
    long origin() {
        return origin;
    }

    /** Tasks the live pass holds: with a timeline (alive, or ended platform threads in the window) or an ended row. */
    int tasksHeld() {
        return tasks.size() + ended.size();
    }

    /** Intervals the live pass keeps for its window. */
    int intervalsHeld() {
        return recent.size();
    }

    /**
     * A live pass drops what ended before {@code from} (epoch nanos): the intervals, the rows of
     * ended virtual threads, ended platform threads (their later events are then ignored, as a
     * compacted task's), the scheduler's samples and the runtime's regions and logs. What stays
     * is the state of the tasks alive and what the window shows.
     */
    void forgetBefore(long from) {
        while (!recent.isEmpty() && recent.peekFirst().interval().end() < from) {
            recent.removeFirst();
        }
        ended.removeIf(e -> e.end() < from);
        tasks.removeIf(t -> {
            if (t.ended() && t.end() < from && pendingByTask.get(t.id()) == null) {
                compacted.add(t.id());
                platformBlocking.remove(t.id());
                ignoredEvents += t.dropped();
                ignoredClipped += t.clipped();
                ignoredNanos += t.droppedNanos();
                return true;
            }
            return false;
        });
        scheduler.removeIf(s -> s.t() < from - origin);
        annotations.forgetBefore(from - origin);
    }

    /**
     * A live pass' view up to its latest event ({@code read.lastNanos()}), without ending the pass:
     * each task's timeline is copied, the ends still held back applied to the copies, and the
     * copies finished there, so a task shows what the one-shot analysis of every chunk read so far
     * would show (a wait begun before the window, from its start, with its reason); the intervals
     * are those kept and the copies' last ones, times relative to the pass' origin. Narrow it with
     * {@link dev.blockscope.analyzer.report.WindowedAnalysis}.
     */
    Analysis liveView(String file, RecordingReader.Result read) {
        long windowEnd = Math.max(read.lastNanos(), origin);
        long duration = windowEnd - origin;
        TimelineRecorder view = new TimelineRecorder(timelineBudget, origin, false);
        for (Recent r : recent) {
            view.add(r.interval(), r.lane());
        }
        Interval out = new Interval();
        IntervalListener toView = (t, interval) -> view.add(interval, lane(t, interval));
        Map<Long, TaskTimeline> now = new LinkedHashMap<>();
        tasks.values().forEach(t -> now.put(t.id(), t.copy(toView, out)));
        List<TraceEvent.TaskEnded> held = new ArrayList<>(pendingEnds);
        held.sort(java.util.Comparator.comparingLong(TraceEvent.TaskEnded::time));
        long[] order = {seen};
        for (TraceEvent.TaskEnded e : held) {
            TaskTimeline c = now.computeIfAbsent(e.task().id(), id -> new TaskTimeline(e.task(), tasksFrom, toView, out, order[0]++));
            c.identify(e.task());
            c.end(e.time(), e.complete(), e.endedAfter());
        }
        now.values().forEach(c -> c.finish(windowEnd));
        view.restoreOrder();
        boolean earlyWindow = recordingStart > origin
                && read.eventsByType().keySet().stream().anyMatch(k -> k.startsWith("blockscope.Early"));
        java.util.Set<Long> carrierIds = new java.util.HashSet<>();
        java.util.Set<Long> startUnknown = new java.util.HashSet<>();
        TaskIdSet virtual = new TaskIdSet();
        now.values().forEach(t -> {
            if (t.virtual()) {
                virtual.add(t.id());
            } else if (carriers.isCarrier(t.id())) {
                carrierIds.add(t.id());
                if (!t.startKnown()) {
                    startUnknown.add(t.id());
                }
            }
        });
        ended.forEach(e -> virtual.add(e.row().id()));
        boolean idleAll = !probesOff.containsKey(IDLE_PROBE) && idleRecordedSince != Long.MAX_VALUE;
        Map<Long, CarrierLanes.Moved> lanes = CarrierLanes.split(view, carrierIds, virtual::contains,
                idleAll ? idleRecordedSince - origin : Long.MAX_VALUE, startUnknown);
        String kind = SourceKinds.kind(read.eventsByType());
        RowGaps g = new RowGaps();
        List<Map.Entry<Long, Analysis.TaskRow>> ordered = new ArrayList<>();
        for (TaskTimeline t : now.values()) {
            if (t.hasOwnEvents()) {
                ordered.add(Map.entry(t.order(), row(t, kind, windowEnd, lanes, g)));
            }
        }
        ended.forEach(e -> ordered.add(Map.entry(e.order(), e.row())));
        ordered.sort(Map.Entry.comparingByKey());
        List<Analysis.TaskRow> taskRows = ordered.stream().map(Map.Entry::getValue).toList();
        List<Limit> limits = limits(kind, read, virtual.size() > 0, 0, earlyWindow, lanes == null && !carrierIds.isEmpty(), g, view);
        Analysis.Source source = new Analysis.Source(file, kind, jvm, read.events(), read.eventsByType(),
                read.skipped().stream().map(s -> new Analysis.Skipped(s.what(), s.events())).toList(), LimitText.of(limits), null);
        int cpus = hwThreads > 0 ? hwThreads : Math.max(1, parallelism);
        return new Analysis(Analysis.SCHEMA, source, new Analysis.Window(origin, duration, earlyWindow ? recordingStart - origin : null),
                taskRows, timelineColumns(view), stacks.all(), carriers.rows(duration), blocking.result(),
                latency.result(sched.result().byStack()),
                pinning.result(dev.blockscope.analyzer.read.JvmVersions.feature(jvm), stacks::frames),
                overhead.result(duration, cpus, origin, read.eventsByType(), suspendStacks, new SwitchCost.Measured(0, 0)),
                List.copyOf(scheduler), annotations.regions(), annotations.logs(), reasonFamilies(taskRows, List.of(), view), null,
                List.of(), null, null);
    }

    /**
     * Ends the pass and builds the analysis, in steps: the timelines closed, the carriers' lanes
     * split, the tasks' rows, what the input cannot show, the CPU profile, the timeline's columns.
     */
    private Analysis finish(Path file, RecordingReader.Result result) {
        long windowEnd = Math.max(result.lastNanos(), origin);
        closeTimelines(windowEnd);
        long duration = windowEnd - origin;
        // the window starts before the recording did: the agent's early events precede its first chunk
        boolean earlyWindow = recordingStart > origin
                && result.eventsByType().keySet().stream().anyMatch(k -> k.startsWith("blockscope.Early"));
        java.util.Set<Long> carrierIds = carrierIds();
        java.util.function.LongPredicate isVirtual = virtualIds();
        SwitchCost.Measured measuredSwitch = switchCost.result(carrierIds);
        Map<Long, CarrierLanes.Moved> lanes = carrierLanes(carrierIds, isVirtual);
        String kind = SourceKinds.kind(result.eventsByType());
        List<Analysis.TaskRow> taskRows = taskRows(kind, windowEnd, lanes);
        List<Analysis.TaskGroup> groups = rows.groups();
        boolean virtuals = compacted.size() > 0 || taskRows.stream().anyMatch(Analysis.TaskRow::virtual);
        List<Limit> limits = limits(kind, result, virtuals, groups.size(), earlyWindow, lanes == null && !carrierIds.isEmpty(), gaps,
                timeline);
        // the CPU profile follows the window and the task filter as the blocking profile does; its limits come last
        Analysis.Cpu cpuProfile = cpu.result(isVirtual, kind.equals("blockscope"), limits, origin + options.fromNanos(),
                options.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : origin + options.toNanos(), this::cpuCounted);
        Analysis.Cpu lockProfile = lock.result(isVirtual, kind.equals("blockscope"), limits, origin + options.fromNanos(),
                options.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : origin + options.toNanos(), this::cpuCounted);
        Analysis.Cpu wallProfile = wall.result(isVirtual, kind.equals("blockscope"), limits, origin + options.fromNanos(),
                options.toNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : origin + options.toNanos(), this::cpuCounted);
        Analysis.Source source = new Analysis.Source(file.toString(), kind, jvm, result.events(), result.eventsByType(),
                result.skipped().stream().map(s -> new Analysis.Skipped(s.what(), s.events())).toList(), LimitText.of(limits),
                fileSize(file));
        int cpus = hwThreads > 0 ? hwThreads : Math.max(1, parallelism);
        int jdkFeature = dev.blockscope.analyzer.read.JvmVersions.feature(jvm);
        return new Analysis(Analysis.SCHEMA, source, new Analysis.Window(origin, duration,
                earlyWindow ? recordingStart - origin : null), taskRows, timelineColumns(timeline), stacks.all(),
                carriers.rows(duration), blocking.result(), latency.result(sched.result().byStack()), pinning.result(jdkFeature, stacks::frames),
                overhead.result(duration, cpus, origin, result.eventsByType(), suspendStacks, measuredSwitch), List.copyOf(scheduler), annotations.regions(), annotations.logs(),
                reasonFamilies(taskRows, groups, timeline), cpuProfile, groups, wallProfile, lockProfile);
    }

    /**
     * Applies the task ends still held, closes every timeline at the window's end (dropping their
     * pass state), puts the timeline's columns in time order and adds the platform threads' waits
     * that were not a carrier's idling to the blocking profile.
     */
    private void closeTimelines(long windowEnd) {
        endsBefore(Long.MAX_VALUE);
        for (TaskTimeline t : tasks.values()) {
            t.finish(windowEnd);
        }
        pipe.finish(); // every interval applied: the sinks are this thread's to read from here on
        timeline.restoreOrder();
        platformBlocking.forEach((id, profile) -> {
            if (!carriers.isCarrier(id)) {
                blocking.addAll(profile);
            }
        });
    }

    /**
     * Every task's row in the order the tasks were seen: those compacted and kept, and those with
     * a timeline still (an ended virtual thread's row may be summed into its group instead).
     */
    private List<Analysis.TaskRow> taskRows(String kind, long windowEnd, Map<Long, CarrierLanes.Moved> lanes) {
        List<Map.Entry<Long, Analysis.TaskRow>> fixed = new ArrayList<>();
        for (TaskTimeline t : tasks.values()) {
            if (!t.hasOwnEvents()) {
                continue; // only ever named as an unpark target
            }
            Analysis.TaskRow row = row(t, kind, windowEnd, lanes, gaps);
            if (t.virtual() && t.ended()) {
                rows.add(row, t.order());
            } else {
                fixed.add(Map.entry(t.order(), row)); // alive at the end, or a platform thread: always a row
            }
        }
        List<Map.Entry<Long, Analysis.TaskRow>> ordered = new ArrayList<>(rows.rows());
        ordered.addAll(fixed);
        ordered.sort(Map.Entry.comparingByKey());
        List<Analysis.TaskRow> taskRows = new ArrayList<>();
        ordered.forEach(e -> taskRows.add(e.getValue()));
        return taskRows;
    }

    /** What this input cannot show (after the rows, which gather the tasks' UNKNOWN gaps), in the order the reports say it. */
    private List<Limit> limits(String kind, RecordingReader.Result result, boolean virtuals, int groups, boolean earlyWindow,
                               boolean lanesNotSplit, RowGaps g, TimelineRecorder tl) {
        SourceKinds.Ignored ignored = new SourceKinds.Ignored(
                ignoredEvents + tasks.values().stream().mapToLong(TaskTimeline::dropped).sum(),
                ignoredClipped + tasks.values().stream().mapToLong(TaskTimeline::clipped).sum(),
                ignoredNanos + tasks.values().stream().mapToLong(TaskTimeline::droppedNanos).sum());
        List<Limit> limits = SourceKinds.limits(kind, result.eventsByType(), virtuals,
                new SourceKinds.TaskGaps(g.alive(), g.unknownStart(), g.silent(), g.carrierGaps(), g.serviceGaps()), ignored, tl, overhead.agentStats(),
                probesOff, annotations);
        if (rows.summed() > 0) {
            limits.add(new Limit.TasksSummed(rows.summed(), groups, options.maxTasks()));
        }
        if (!g.snapshotWaits().isEmpty()) {
            limits.add(new Limit.SnapshotWaitsWithoutEnd(g.snapshotWaits().tasks()));
        }
        limits.addAll(SourceKinds.agentWindow(overhead.agentStats(), origin));
        if (!g.endFound().isEmpty()) {
            limits.add(new Limit.EndsFound(g.endFound().tasks()));
        }
        result.limits().forEach(said -> limits.add(new Limit.Said(said)));
        if (earlyWindow) {
            limits.add(new Limit.ProbesOnlyAtStart(recordingStart - origin));
        }
        if (pinning.jdkOwnCount() > 0) {
            limits.add(new Limit.JdkOwnPins(pinning.jdkOwnCount(), pinning.jdkOwnNanos()));
        }
        if (switchCost.late() > 0) {
            limits.add(new Limit.SwitchCostLate(switchCost.late()));
        }
        if (switchCost.forced() > 0) {
            limits.add(new Limit.SwitchCostForced(switchCost.forced(), switchCost.unmeasured(), SwitchCost.HOLD_LIMIT));
        }
        if (timelineBudget < options.timelineBudget() && tl.dropped() > 0) {
            limits.add(new Limit.TimelineBudgetLowered(options.timelineBudget(), timelineBudget, Runtime.getRuntime().maxMemory() >> 20));
        }
        if (lanesNotSplit) {
            limits.add(new Limit.CarrierLanesNotSplit());
        }
        return limits;
    }

    /** The timeline's columns, handed over as they are: no second copy of them in the heap. */
    private static Analysis.Timeline timelineColumns(TimelineRecorder timeline) {
        timeline.trim();
        return new Analysis.Timeline(
                java.util.Arrays.stream(TaskState.values()).map(Enum::name).toList(), List.copyOf(timeline.reasons()),
                timeline.task(), timeline.start(), timeline.end(), timeline.state(), timeline.reason(), timeline.carrier(),
                timeline.stack(), timeline.waker(), List.copyOf(timeline.blockers()), timeline.blocker(),
                timeline.dropped() > 0);
    }
}
