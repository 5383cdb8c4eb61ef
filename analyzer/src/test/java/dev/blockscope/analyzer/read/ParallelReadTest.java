package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chunks are parsed on every core, but the analysis must not depend on which thread finished
 * which chunk first. Before each chunk had a stack table of its own, the threads interned their
 * stacks into one shared table as they went, so the stack ids (and with them the JSON's
 * {@code stacks} and every stack column) changed from run to run on a multi-chunk file.
 *
 * <p>The file joins the three golden recordings (five chunks, each with stacks of its own, the
 * demo's twice), so several chunks are parsed at once and meet stacks the others do not have.
 */
class ParallelReadTest {
    @TempDir Path dir;

    private static byte[] analysisJson(Path file, int threads) throws Exception {
        return AnalysisJson.bytes(analysis(file, threads));
    }

    private static Analysis analysis(Path file, int threads) throws Exception {
        String before = System.getProperty(RecordingReader.THREADS_PROPERTY);
        System.setProperty(RecordingReader.THREADS_PROPERTY, Integer.toString(threads));
        try {
            return RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        } finally {
            if (before == null) {
                System.clearProperty(RecordingReader.THREADS_PROPERTY);
            } else {
                System.setProperty(RecordingReader.THREADS_PROPERTY, before);
            }
        }
    }

    @Test
    void parallelReadGivesTheSameBytesAsOneThread() throws Exception {
        Path golden = Path.of("src/test/resources/golden");
        Path joined = Recordings.concat(dir.resolve("joined.jfr"), golden.resolve("chunked-carrier-idle.jfr"),
                golden.resolve("demo.jfr"), golden.resolve("demo-carrier-idle.jfr"));
        Analysis a = analysis(joined, 1);
        byte[] single = AnalysisJson.bytes(a);
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.stacks()).hasSizeGreaterThan(10);
        for (int round = 0; round < 4; round++) {
            byte[] parallel = analysisJson(joined, 4);
            assertThat(Arrays.equals(parallel, single)).as("round %d: 4 reader threads give the bytes of 1", round).isTrue();
        }
    }
}
