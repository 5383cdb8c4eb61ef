package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import one.profiler.AsyncProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** async-profiler's JFR output (wall-clock sampling, alone and with jfrsync): read, counted, limits said. */
class AsyncProfilerRecordingTest {
    @TempDir Path dir;

    static Path profile(Path file, boolean jfrsync) throws Exception {
        AsyncProfiler profiler = AsyncProfiler.getInstance();
        profiler.execute("start,event=wall,interval=1ms,file=" + file + (jfrsync ? ",jfrsync=profile" : "") + ",jfr");
        try {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                threads.add(Thread.ofVirtual().name("ap-" + i).start(() -> {
                    for (int k = 0; k < 5; k++) {
                        Recordings.sleep(25); // over the profile settings' 20 ms threshold
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        } finally {
            profiler.execute("stop");
        }
        return file;
    }

    static Map<String, Long> countByType(Path file) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            counts.merge(e.getEventType().getName(), 1L, Long::sum);
        }
        return counts;
    }

    @Test
    void wallClockSamplesAreCountedAndTheLimitSaysTheyAreNotUsed() throws Exception {
        Path file = profile(dir.resolve("wall.jfr"), false);
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().kind()).isEqualTo("async-profiler");
        assertThat(a.source().eventsByType()).isEqualTo(countByType(file));
        assertThat(a.source().eventsByType().get("profiler.WallClockSample")).isPositive();
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("async-profiler samples"))
                .anyMatch(l -> l.startsWith("no blockscope events"));
    }

    @Test
    void withJfrsyncTheJdkEventsGiveWaits() throws Exception {
        Path file = profile(dir.resolve("sync.jfr"), true);
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().kind()).isEqualTo("async-profiler");
        assertThat(a.source().eventsByType()).isEqualTo(countByType(file));
        List<Analysis.TaskRow> sleepers = a.tasks().stream().filter(t -> t.name() != null && t.name().startsWith("ap-")).toList();
        assertThat(sleepers).hasSize(3).allSatisfy(t -> {
            assertThat(t.virtual()).isTrue();
            assertThat(t.reasons()).containsKey("sleep");
            assertThat(t.reasons().get("sleep")).isGreaterThanOrEqualTo(5 * 25_000_000L);
        });
        for (Analysis.TaskRow t : a.tasks()) {
            long end = t.end() == null ? a.window().durationNanos() : t.end();
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(end - t.start());
        }
    }

    @Test
    void cpuSamplesWithoutBlockscopesEventsStayAtThreadLevelAndSaySo() throws Exception {
        Path file = dir.resolve("cpu.jfr");
        AsyncProfiler profiler = AsyncProfiler.getInstance();
        profiler.execute("start,event=cpu,interval=1ms,jfr,file=" + file);
        try {
            Thread burner = Thread.ofVirtual().name("ap-burn").start(() -> {
                long end = System.nanoTime() + 300_000_000L;
                long x = 0;
                while (System.nanoTime() < end) {
                    x += x * 31 + 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            burner.join();
        } finally {
            profiler.execute("stop");
        }
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().kind()).isNotEqualTo("blockscope"); // "jdk": a cpu-only file has no profiler.* event
        assertThat(a.cpu()).isNotNull();
        assertThat(a.cpu().source()).isEqualTo("cpu");
        assertThat(a.cpu().intervalNanos()).isEqualTo(1_000_000L);
        // the burner's samples are its carrier's: nothing says which virtual thread a carrier ran
        assertThat(a.cpu().tasks()).noneMatch(r -> a.tasks().stream().anyMatch(t -> t.id() == r.task() && "ap-burn".equals(t.name())));
        assertThat(a.cpu().tasks()).anyMatch(r -> a.tasks().stream().anyMatch(t -> t.id() == r.task() && t.name() != null
                && t.name().startsWith("ForkJoinPool")));
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("CPU samples stay at thread level"));
        assertThat(a.source().skipped()).isEmpty();
    }
}
