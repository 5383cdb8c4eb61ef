package dev.blockscope.analyzer.model;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.event.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class of the object a wait was blocked on reaches the timeline: each distinct class once in
 * {@code timeline.blockers}, each interval's {@code blocker} an index into it (-1 when unknown).
 */
class BlockerTest {
    static final ThreadRef V = virtual(10);
    static final ThreadRef W = platform(20);
    static final ThreadRef C1 = carrier(1);
    static final String LOCK = "java.util.concurrent.locks.ReentrantLock$NonfairSync";

    private static List<String> blockersOf(Analysis a, long task) {
        Analysis.Timeline tl = a.timeline();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tl.size(); i++) {
            if (tl.task()[i] == task) {
                out.add(tl.states().get(tl.state()[i]) + ":" + (tl.blocker()[i] < 0 ? "-" : tl.blockers().get(tl.blocker()[i])));
            }
        }
        return out;
    }

    @Test
    void aSuspensionsBlockerNamesItsWaitAndTheRunnablePartAfterIt() {
        Trace t = new Trace().start(V, 0, C1).unpark(W, 10, 40).suspendOn(V, 10, 50, Reason.PARK_LOCK, C1, LOCK)
                .suspendOn(V, 60, 70, Reason.PARK_LOCK, C1, LOCK).suspend(V, 80, 90, Reason.SLEEP, C1, C1, -1).end(V, 100);
        Analysis a = Intervals.analyze(t, 100);
        assertThat(blockersOf(a, 10)).containsExactly("RUNNING:-", "SUSPENDED:" + LOCK, "RUNNABLE:" + LOCK, "RUNNING:-",
                "SUSPENDED:" + LOCK, "RUNNING:-", "SUSPENDED:-", "RUNNING:-");
        assertThat(a.timeline().blockers()).containsExactly(LOCK);
    }

    @Test
    void onARecordingEachSuspensionsBlockerClassReachesItsTimelineInterval() throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("src/test/resources/golden/demo-carrier-idle.jfr");
        // Ground truth: the JDK's own reader of the same file, Suspend by Suspend.
        java.util.Map<String, String> truth = new java.util.HashMap<>(); // "task@start" -> blocker class
        try (jdk.jfr.consumer.RecordingFile f = new jdk.jfr.consumer.RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                jdk.jfr.consumer.RecordedEvent e = f.readEvent();
                if (e.getEventType().getName().equals("blockscope.Suspend") && e.getClass("blockerClass") != null) {
                    java.time.Instant st = e.getStartTime();
                    truth.put(e.getThread().getJavaThreadId() + "@" + (st.getEpochSecond() * 1_000_000_000L + st.getNano()),
                            e.getClass("blockerClass").getName());
                }
            }
        }
        assertThat(truth.values()).contains(LOCK, "dev.blockscope.runtime.Channel");
        Analysis a = dev.blockscope.analyzer.RecordingAnalyzer.analyze(file, dev.blockscope.analyzer.AnalysisOptions.DEFAULT,
                dev.blockscope.analyzer.read.RecordingReader.Progress.NONE);
        Analysis.Timeline tl = a.timeline();
        long origin = a.window().startEpochNanos();
        int matched = 0;
        for (int i = 0; i < tl.size(); i++) {
            String expected = truth.get(tl.task()[i] + "@" + (origin + tl.start()[i]));
            if (expected != null && TaskState.of(tl.state()[i]).waiting()) {
                assertThat(tl.blocker()[i]).as("interval %d of task %d", i, tl.task()[i]).isNotNegative();
                assertThat(tl.blockers().get(tl.blocker()[i])).isEqualTo(expected);
                matched++;
            }
        }
        assertThat(matched).as("waits matched to their Suspend").isGreaterThan(truth.size() / 2);
    }

    @Test
    void aPlatformThreadsJdkParkKeepsItsParkedClassAndAnEnclosingSuspendKeepsTheInnerOnesClass() {
        // The JDK's park (with parkedClass) inside blockscope's Suspend (without one): one wait, the class kept.
        Trace t = new Trace().start(W, 0, null)
                .add(new TraceEvent.Blocked(12, 28, W, Reason.PARK_LATCH, false, null, null, null, -1, false, -1,
                        "java.util.concurrent.CountDownLatch$Sync"))
                .suspend(W, 10, 30, Reason.PARK_LATCH).end(W, 40);
        Analysis a = Intervals.analyze(t, 40);
        assertThat(blockersOf(a, 20)).containsExactly("RUNNING:-", "BLOCKED:java.util.concurrent.CountDownLatch$Sync", "RUNNING:-");
    }
}
