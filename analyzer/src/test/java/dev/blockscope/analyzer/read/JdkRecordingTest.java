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
