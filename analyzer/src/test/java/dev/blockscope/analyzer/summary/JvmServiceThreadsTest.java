package dev.blockscope.analyzer.summary;

import static dev.blockscope.analyzer.model.Trace.platform;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.Trace;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.SummaryText;
import dev.blockscope.event.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rule that tells the JVM's and the recorder's own threads from the application's platform threads. */
class JvmServiceThreadsTest {
    @Test
    void byNameTheJdksJfrsAndBlockscopesOwnThreads() {
        assertThat(List.of("Reference Handler", "Finalizer", "Signal Dispatcher", "Common-Cleaner", "Notification Thread",
                "Attach Listener", "VirtualThread-unblocker", "VirtualThread-unparker", "Service Thread", "JFR Periodic Tasks", "JFR Recorder Thread",
                "JFR Shutdown Hook", "blockscope startup", "ForkJoinPool-1-delayScheduler", "DestroyJavaVM", "C2 CompilerThread0"))
                .allMatch(JvmServiceThreads::byName);
        assertThat(List.of("main", "worker-1", "ForkJoinPool-1-worker-1", "JFRish", "Finalizer-2", "blockscope", "pool-1-thread-1"))
                .noneMatch(JvmServiceThreads::byName);
    }

    @Test
    void theJdksIoPollers() {
        assertThat(JvmServiceThreads.byName("MasterPoller")).as("JDK 25's master poller, a platform thread").isTrue();
        assertThat(List.of("SubPoller-0", "SubPoller-12")).allMatch(JvmServiceThreads::jdkVirtualThread);
        assertThat(List.of("SubPoller", "SubPoller-x", "my-SubPoller-1", "worker-1", "")).noneMatch(JvmServiceThreads::jdkVirtualThread);
        assertThat(JvmServiceThreads.jdkVirtualThread(null)).isFalse();
    }

    @Test
    void byEvidenceOnlyOnAnAgentRecordingAndOnlyForAThreadThatDidNothingVisible() {
        assertThat(JvmServiceThreads.isService("Mystery Thread", true, false, 0, false)).isTrue();
        assertThat(JvmServiceThreads.isService("Mystery Thread", false, false, 0, false)).as("plain JDK recording").isFalse();
        assertThat(JvmServiceThreads.isService("Mystery Thread", true, true, 0, false)).as("the agent saw it").isFalse();
        assertThat(JvmServiceThreads.isService("Mystery Thread", true, false, 1, false)).as("it waited").isFalse();
        assertThat(JvmServiceThreads.isService("Mystery Thread", true, false, 0, true)).as("it ran Java code").isFalse();
    }

    /**
     * A JDK thread whose name the recording does not give is still one of the JVM's: its waits'
     * stacks end in the JDK's own thread body. A soak showed 48.5 % of the platform threads' time
     * UNKNOWN from such threads alone (Common-Cleaner among them) counted as the application's.
     * Here a nameless thread parks in the cleaner's loop, another in the reference handler's, and
     * a nameless application thread parks in its own code.
     */
    @Test
    void aNamelessThreadWhoseWaitsEndInTheJdksOwnThreadBodyIsOne() {
        List<List<String>> stacks = List.of(
                List.of("jdk.internal.misc.Unsafe.park:-1", "java.lang.ref.ReferenceQueue.remove:215",
                        "jdk.internal.ref.CleanerImpl.run:140", "java.lang.Thread.runWith:1487", "java.lang.Thread.run:1474",
                        "jdk.internal.misc.InnocuousThread.run:148"),
                List.of("java.lang.ref.Reference.waitForReferencePendingList:-1", "java.lang.ref.Reference.processPendingReferences:246",
                        "java.lang.ref.Reference$ReferenceHandler.run:208"),
                List.of("jdk.internal.misc.Unsafe.park:-1", "java.util.concurrent.locks.LockSupport.park:221", "app.Worker.loop:40",
                        "java.lang.Thread.run:1474"));
        ThreadRef cleaner = new ThreadRef(5, "", false);
        ThreadRef handler = new ThreadRef(6, null, false);
        ThreadRef worker = new ThreadRef(7, "", false);
        Trace t = new Trace().start(cleaner, 0, null).suspend(cleaner, 10, 90, Reason.PARK_OTHER, null, null, 0)
                .start(handler, 0, null).suspend(handler, 10, 90, Reason.OTHER, null, null, 1)
                .start(worker, 0, null).suspend(worker, 10, 90, Reason.PARK_OTHER, null, null, 2);
        Analysis a = RecordingAnalyzer.analyzeEvents("synthetic", t.events(), stacks, 0, 100, AnalysisOptions.DEFAULT);
        assertThat(a.tasks()).filteredOn(Analysis.TaskRow::service).extracting(Analysis.TaskRow::id).containsExactlyInAnyOrder(5L, 6L);
        assertThat(JvmServiceThreads.byThreadBody(stacks.get(2))).isFalse();
    }

    /**
     * The JDK's threads started before the recording (Common-Cleaner, the reference handler) appear
     * in the agent's own chunks with no name when the chunk's thread pool has none for them, and
     * their waits may carry no stack: neither the name rule nor the thread-body rule can tell them,
     * and their UNKNOWN time went to the application's platform threads. The JDK's periodic
     * per-thread event (jdk.ThreadCPULoad, every second in an agent's recording) names them and
     * gives their thread group: the JVM's ("system", "InnocuousThreadGroup") or the application's.
     */
    @Test
    void aThreadTheAgentLeavesNamelessIsNamedAndToldByItsThreadGroup() {
        ThreadRef cleaner = new ThreadRef(19, null, false);
        ThreadRef handler = new ThreadRef(9, "", false);
        ThreadRef worker = new ThreadRef(40, null, false);
        ThreadRef pool = new ThreadRef(41, "pool-1-thread-1", false);
        Trace t = new Trace()
                .add(new TraceEvent.ThreadSeen(5, new ThreadRef(19, "Common-Cleaner", false, "InnocuousThreadGroup")))
                .suspend(cleaner, 10, 90, Reason.PARK_OTHER)
                .suspend(handler, 10, 90, Reason.OTHER)
                .suspend(worker, 10, 90, Reason.PARK_OTHER)
                .suspend(pool, 10, 90, Reason.PARK_QUEUE)
                .add(new TraceEvent.ThreadSeen(95, new ThreadRef(9, "", false, "system")))
                .add(new TraceEvent.ThreadSeen(95, new ThreadRef(40, "worker", false, "main")))
                .add(new TraceEvent.ThreadSeen(95, new ThreadRef(41, "pool-1-thread-1", false, "main")))
                .add(new TraceEvent.ThreadSeen(95, new ThreadRef(17, "C2 CompilerThread0", false, "system")));
        Analysis a = RecordingAnalyzer.analyzeEvents("synthetic", t.events(), List.of(), 0, 100, AnalysisOptions.DEFAULT);
        assertThat(a.tasks()).as("a thread only a periodic event names is no task").extracting(Analysis.TaskRow::id)
                .containsExactlyInAnyOrder(19L, 9L, 40L, 41L);
        assertThat(a.tasks()).filteredOn(Analysis.TaskRow::service).extracting(Analysis.TaskRow::id).containsExactlyInAnyOrder(19L, 9L);
        assertThat(a.tasks()).filteredOn(r -> r.id() == 19).extracting(Analysis.TaskRow::name).containsExactly("Common-Cleaner");
        assertThat(a.tasks()).filteredOn(r -> r.id() == 40).extracting(Analysis.TaskRow::name).containsExactly("worker");
    }

    /** On a real agent recording, both readers give the JDK's groups: the JVM's threads in "system", the application's in "main". */
    @Test
    void theJdksEventsGiveEveryPlatformThreadsGroupInBothReaders() throws Exception {
        Path demo = Path.of("src/test/resources/golden/demo.jfr");
        for (RecordingReader.Engine engine : RecordingReader.Engine.values()) {
            java.util.Map<String, String> groups = new java.util.TreeMap<>();
            RecordingReader.open(demo, engine).read(new dev.blockscope.analyzer.read.StackTable(), e -> {
                if (e instanceof TraceEvent.ThreadSeen s) {
                    groups.put(s.thread().name(), s.thread().group());
                }
            }, RecordingReader.Progress.NONE);
            // (the event names the threads that ran in the period: the demo's reference handler did not)
            assertThat(groups).as(engine.name()).containsEntry("main", "main").containsEntry("C2 CompilerThread0", "system")
                    .containsEntry("JFR Recorder Thread", "system");
            assertThat(JvmServiceThreads.byGroup(groups.get("main"))).isFalse();
            assertThat(JvmServiceThreads.byGroup(groups.get("JFR Recorder Thread"))).isTrue();
        }
    }

    @Test
    void serviceThreadsAreTheirOwnGroupAndLeftOutOfThePlatformLine() {
        ThreadRef main = platform(1);
        ThreadRef unblocker = new ThreadRef(2, "VirtualThread-unblocker", false);
        Trace t = new Trace().start(main, 0, null).suspend(main, 10, 30, Reason.SLEEP).end(main, 50)
                .jdkStart(unblocker, 0).add(new TraceEvent.ThreadSampled(5, unblocker, "jdk.ExecutionSample", "STATE_RUNNABLE", 1));
        Analysis a = RecordingAnalyzer.analyzeEvents("synthetic", t.events(), List.of(), 0, 100, AnalysisOptions.DEFAULT);
        assertThat(a.tasks()).filteredOn(Analysis.TaskRow::service).extracting(Analysis.TaskRow::id).containsExactly(2L);
        StringWriter text = new StringWriter();
        SummaryText.write(a, new PrintWriter(text));
        assertThat(text.toString())
                .contains("tasks: 2 (0 virtual, 2 platform of which 1 JVM service threads)")
                .contains("time by state, platform threads (JVM service threads left out): RUNNING 30 ns (60.0%) BLOCKED 20 ns (40.0%)\n")
                .contains("time by state, JVM service threads (1, the JVM's and the recorder's own; 100 ns UNKNOWN): UNKNOWN 100 ns (100.0%)");
    }

    @Test
    void onTheDemoRecordingTheJvmsThreadsLeaveThePlatformLineFreeOfUnknown() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE);
        Set<String> service = a.tasks().stream().filter(Analysis.TaskRow::service).map(Analysis.TaskRow::name)
                .collect(Collectors.toSet());
        assertThat(service).containsExactlyInAnyOrder("JFR Periodic Tasks", "JFR Shutdown Hook", "VirtualThread-unblocker",
                "Notification Thread", "ForkJoinPool-1-delayScheduler", "DestroyJavaVM");
        List<Analysis.TaskRow> app = a.tasks().stream().filter(t -> !t.virtual() && !t.carrier() && !t.service()).toList();
        assertThat(app).extracting(Analysis.TaskRow::name).containsExactly("main");
        StringWriter text = new StringWriter();
        SummaryText.write(a, new PrintWriter(text));
        String platformLine = text.toString().lines().filter(l -> l.startsWith("time by state, platform threads")).findFirst().orElseThrow();
        assertThat(platformLine).startsWith("time by state, platform threads (carriers and JVM service threads left out):")
                .doesNotContain("UNKNOWN");
        assertThat(text.toString()).contains("longest single wait: 235 ms waitgroup by task 3 (main)");
        // Their UNKNOWN stays visible in the limits.
        assertThat(a.source().limits()).anyMatch(l -> l.contains("#25 VirtualThread-unblocker"));
    }

    @Test
    void onTheDemoRecordingTheJvmsThreadsAreNamedOnlyInTheirOwnLimit() throws Exception {
        // The demo's limits named JFR Periodic Tasks among the tasks alive at the end and without a
        // start, and the JDK's idle threads among the platform threads seen only through jdk.*
        // events, as if they were the application's: they belong with the service threads' line.
        Analysis a = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE);
        Set<String> service = a.tasks().stream().filter(Analysis.TaskRow::service).map(t -> "#" + t.id() + " ")
                .collect(Collectors.toSet());
        List<String> ownLine = a.source().limits().stream().filter(l -> l.contains("JVM service thread(s)")).toList();
        assertThat(ownLine).singleElement().satisfies(l -> {
            // the five with the most UNKNOWN by name, as every such line
            assertThat(l).startsWith("6 JVM service thread(s)").contains("#21 JFR Periodic Tasks 5.40 s")
                    .contains("#25 VirtualThread-unblocker").endsWith(" and 1 more");
            assertThat(service).filteredOn(l::contains).hasSize(5);
        });
        assertThat(a.source().limits()).filteredOn(l -> !ownLine.contains(l))
                .allSatisfy(l -> assertThat(service).noneMatch(l::contains));
    }

    @Test
    void theLongestSingleWaitIsAnApplicationTasks() throws Exception {
        // In this recording the VT scheduler's timer thread parked 468 ms, longer than any task waited.
        Analysis a = RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo-carrier-idle.jfr"),
                AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        Analysis.TaskRow timer = a.tasks().stream().filter(t -> "ForkJoinPool-1-delayScheduler".equals(t.name())).findFirst()
                .orElseThrow();
        assertThat(timer.service()).isTrue();
        long timersLongest = timer.longest().getFirst().duration();
        long appLongest = a.tasks().stream().filter(t -> !t.service() && !t.carrier())
                .flatMap(t -> t.longest().stream()).mapToLong(Analysis.WaitRow::duration).max().orElseThrow();
        assertThat(timersLongest).isGreaterThan(appLongest);
        StringWriter text = new StringWriter();
        SummaryText.write(a, new PrintWriter(text));
        assertThat(text.toString()).contains("longest single wait: " + dev.blockscope.analyzer.report.Durations.format(appLongest))
                .doesNotContain("(ForkJoinPool-1-delayScheduler) at");
    }
}
