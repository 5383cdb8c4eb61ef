package dev.blockscope.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The interval sinks on a thread of their own give the analysis of one thread, byte for byte
 * ({@code -Dblockscope.analysisThreads}): on the golden recordings, and on many short tasks with
 * CPU and wall samples on their carriers, whose intervals fill the hand-off's ring many times over
 * and whose samples meet the run slices they fall in only if both come in the analysis' order.
 * The CLI's outputs are compared in the CLI's {@code AnalysisThreadsIT}.
 */
class AnalysisThreadsTest {
    static <T> T withThreads(int threads, Callable<T> analysis) throws Exception {
        String before = System.getProperty(IntervalPipe.ANALYSIS_THREADS_PROPERTY);
        System.setProperty(IntervalPipe.ANALYSIS_THREADS_PROPERTY, Integer.toString(threads));
        try {
            return analysis.call();
        } finally {
            if (before == null) {
                System.clearProperty(IntervalPipe.ANALYSIS_THREADS_PROPERTY);
            } else {
                System.setProperty(IntervalPipe.ANALYSIS_THREADS_PROPERTY, before);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo.jfr", "demo-carrier-idle.jfr", "chunked-carrier-idle.jfr"})
    void aGoldenRecordingAnalyzesToTheSameBytes(String name) throws Exception {
        Path file = Path.of("src/test/resources/golden", name);
        byte[] one = withThreads(1, () -> AnalysisJson.bytes(RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE)));
        byte[] two = withThreads(2, () -> AnalysisJson.bytes(RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT,
                RecordingReader.Progress.NONE)));
        assertThat(new String(two)).isEqualTo(new String(one));
    }

    @Test
    void manyTasksWithSamplesAnalyzeToTheSameBytes() throws Exception {
        ManyTasks tasks = new ManyTasks(20_000);
        Iterable<TraceEvent> events = () -> withSamples(tasks);
        // a task filter too: the sinks read no name, the summaries that do stay on the analysis' thread
        for (AnalysisOptions options : List.of(AnalysisOptions.DEFAULT.withMaxTasks(500),
                new AnalysisOptions(10_000, "request-1", 0, Long.MAX_VALUE, 100))) {
            Analysis one = withThreads(1, () -> RecordingAnalyzer.analyzeEvents("many.jfr", events, List.of(List.of("a.B.c")),
                    ManyTasks.T0, tasks.end(), options));
            Analysis two = withThreads(2, () -> RecordingAnalyzer.analyzeEvents("many.jfr", events, List.of(List.of("a.B.c")),
                    ManyTasks.T0, tasks.end(), options));
            // it must be a test of something: the ring turned many times, the samples went to virtual threads
            if (!one.timeline().truncated()) {
                assertThat(one.timeline().size()).isGreaterThan(4 * IntervalPipe.BATCH * IntervalPipe.BATCHES);
            }
            assertThat(one.cpu()).isNotNull();
            assertThat(one.cpu().tasks()).hasSizeGreaterThan(100);
            assertThat(one.wall()).isNotNull();
            assertThat(new String(AnalysisJson.bytes(two))).isEqualTo(new String(AnalysisJson.bytes(one)));
        }
    }

    /** {@code tasks}' events with a CPU sample every 3 µs and a wall sample every 11 µs, each on one of the carriers in turn. */
    private static Iterator<TraceEvent> withSamples(ManyTasks tasks) {
        Iterator<TraceEvent> own = tasks.iterator();
        List<TraceEvent> settings = new ArrayList<>(List.of(new TraceEvent.ProfilerSetting(ManyTasks.T0, "interval", "3us"),
                new TraceEvent.ProfilerSetting(ManyTasks.T0, "wall", "11us")));
        return new Iterator<>() {
            private TraceEvent held = own.hasNext() ? own.next() : null;
            private long k;
            private long cpuAt = ManyTasks.T0 + 1_500;
            private long wallAt = ManyTasks.T0 + 5_000;

            @Override
            public boolean hasNext() {
                return !settings.isEmpty() || held != null;
            }

            @Override
            public TraceEvent next() {
                if (!settings.isEmpty()) {
                    return settings.removeFirst();
                }
                long sampleAt = Math.min(cpuAt, wallAt);
                if (sampleAt < held.time()) {
                    ThreadRef carrier = new ThreadRef(1 + k++ % 4, "ForkJoinPool-1-worker-" + (1 + k % 4), false);
                    if (cpuAt <= wallAt) {
                        cpuAt += 3_000;
                        return new TraceEvent.ThreadSampled(sampleAt, carrier, "jdk.ExecutionSample", null, 1, 0);
                    }
                    wallAt += 11_000;
                    return new TraceEvent.ThreadSampled(sampleAt, carrier, "profiler.WallClockSample", null, 2, 0);
                }
                TraceEvent e = held;
                held = own.hasNext() ? own.next() : null;
                return e;
            }
        };
    }
}
