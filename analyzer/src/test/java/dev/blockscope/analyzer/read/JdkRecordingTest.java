package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recordings made without the agent: what the JDK's events show, the rest UNKNOWN with a limit saying why. */
class JdkRecordingTest {
    @TempDir Path dir;

    @Test
    void jdkWaitsAreAttributedAndTheGapsBetweenThemAreUnknown() throws Exception {
        Path file = Recordings.jdk(dir.resolve("jdk.jfr"), true);
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().kind()).isEqualTo("jdk");
        assertThat(a.source().jvm()).matches("\\d+.*");
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("no blockscope events"));
        assertThat(a.source().limits()).noneMatch(l -> l.contains("VirtualThreadStart/End were not enabled"));

        Map<Long, Long> sleptOf = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("jdk.ThreadSleep")) {
                sleptOf.merge(e.getThread().getJavaThreadId(), e.getDuration().toNanos(), Long::sum);
            }
        }
        Analysis.TaskRow sleeper = a.tasks().stream().filter(t -> "jdk-sleeper".equals(t.name())).findFirst().orElseThrow();
        assertThat(sleeper.virtual()).isFalse();
        assertThat(sleeper.end()).isNotNull();
        assertThat(sleeper.reasons().get("sleep")).isEqualTo(sleptOf.get(sleeper.id())).isGreaterThanOrEqualTo(15_000_000L);
        assertThat(sleeper.states().get("BLOCKED")).isEqualTo(sleeper.reasons().get("sleep"));
        assertThat(sleeper.states().get("RUNNING")).isZero(); // never guessed
        assertThat(sleeper.states().get("UNKNOWN")).isPositive();

        var virtuals = a.tasks().stream().filter(Analysis.TaskRow::virtual).toList();
        assertThat(virtuals).hasSize(3);
        for (Analysis.TaskRow t : virtuals) {
            assertThat(t.end()).isNotNull();
            assertThat(t.reasons().get("sleep")).isEqualTo(sleptOf.get(t.id()));
            assertThat(t.states().get("SUSPENDED")).isGreaterThanOrEqualTo(t.reasons().get("sleep"));
        }
        for (Analysis.TaskRow t : a.tasks()) {
            long end = t.end() == null ? a.window().durationNanos() : t.end();
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(end - t.start());
        }
        assertThat(a.schedLatency().count()).isZero();
    }

    // Outside SlowInit: touching a field of SlowInit would itself wait for its initialization.
    static volatile boolean initializing;
    static volatile boolean waiterStarting;

    /** A class whose initializer blocks until the waiter has started, then for 50 ms more. */
    static final class SlowInit {

        static {
            initializing = true;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!waiterStarting && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
            // initialization is the point
        }
    }

    /**
     * A virtual thread that waits for another thread's class initializer waits inside the VM,
     * where no probe runs; JDK 25 reports it only as jdk.VirtualThreadPinned with a pinnedReason
     * naming the initialization. The analyzer files it under class.init, pinned.
     */
    @Test
    void aWaitForAnotherThreadsClassInitializerIsClassInit() throws Exception {
        Path file = dir.resolve("clinit.jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.enable("jdk.VirtualThreadPinned").withThreshold(java.time.Duration.ZERO).withStackTrace();
            r.enable("jdk.VirtualThreadStart");
            r.enable("jdk.VirtualThreadEnd");
            r.start();
            Thread runner = Thread.ofVirtual().name("clinit-runner").start(SlowInit::touch);
            while (!initializing) {
                Thread.onSpinWait();
            }
            Thread waiter = Thread.ofVirtual().name("clinit-waiter").start(() -> {
                waiterStarting = true;
                SlowInit.touch();
            });
            runner.join();
            waiter.join();
            r.stop();
            r.dump(file);
        }
        boolean jdkSaysSo = RecordingFile.readAllEvents(file).stream()
                .anyMatch(e -> e.hasField("pinnedReason") && String.valueOf(e.getString("pinnedReason")).startsWith("Waited for initialization"));
        org.junit.jupiter.api.Assumptions.assumeTrue(jdkSaysSo, "this JDK does not name class-initialization waits");
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        Analysis.TaskRow waiter = a.tasks().stream().filter(t -> "clinit-waiter".equals(t.name())).findFirst().orElseThrow();
        assertThat(waiter.reasons().get("class.init")).isPositive();
        assertThat(waiter.states().get("BLOCKED_PINNED")).isGreaterThanOrEqualTo(waiter.reasons().get("class.init"));
        Analysis.TaskRow runner = a.tasks().stream().filter(t -> "clinit-runner".equals(t.name())).findFirst().orElseThrow();
        // The runner's own pinned sleep is a park to the VM (JDK 25 sleeps by parking).
        assertThat(runner.reasons()).doesNotContainKey("class.init");
        assertThat(runner.states().get("BLOCKED_PINNED")).isGreaterThanOrEqualTo(45_000_000L);
    }

    @Test
    void withoutVirtualThreadStartEventsTheLimitSaysLifetimesAreUnknown() throws Exception {
        Path file = Recordings.jdk(dir.resolve("jdk-novt.jfr"), false);
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().limits()).anyMatch(l -> l.contains("jdk.VirtualThreadStart/End were not enabled"));
        var virtuals = a.tasks().stream().filter(Analysis.TaskRow::virtual).toList();
        assertThat(virtuals).hasSize(3);
        for (Analysis.TaskRow t : virtuals) {
            assertThat(t.start()).isZero(); // from the recording start, unknown until the first event
            assertThat(t.end()).isNull();
            assertThat(t.states().get("UNKNOWN")).isPositive();
        }
    }
}
