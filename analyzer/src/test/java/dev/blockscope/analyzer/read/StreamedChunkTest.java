package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk whose records do not fit the heap is decoded twice, the second time as it is
 * delivered ({@link StreamedChunk}): the analysis must be the same, byte for byte, as when every
 * chunk is held, on one reader thread and on several. The agent's chunks are out of time order
 * within (its buffers are swept one after another, a wait is written at its end), which is what
 * the streamed order must restore exactly, ties in file order included.
 */
class StreamedChunkTest {
    @TempDir Path dir;

    private static Analysis analysis(Path file, int threads, String keep) throws Exception {
        return analysis(file, threads, keep, null);
    }

    /** {@code mapAbove}: chunks larger than this many bytes are mapped, not read into the heap (null: the default). */
    private static Analysis analysis(Path file, int threads, String keep, String mapAbove) throws Exception {
        String threadsBefore = System.getProperty(RecordingReader.THREADS_PROPERTY);
        String keepBefore = System.getProperty(RecordingReader.KEEP_PROPERTY);
        String mapBefore = System.getProperty(FastChunkReader.MAP_PROPERTY);
        System.setProperty(RecordingReader.THREADS_PROPERTY, Integer.toString(threads));
        if (keep != null) {
            System.setProperty(RecordingReader.KEEP_PROPERTY, keep);
        }
        if (mapAbove != null) {
            System.setProperty(FastChunkReader.MAP_PROPERTY, mapAbove);
        }
        try {
            return RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        } finally {
            restore(RecordingReader.THREADS_PROPERTY, threadsBefore);
            restore(RecordingReader.KEEP_PROPERTY, keepBefore);
            restore(FastChunkReader.MAP_PROPERTY, mapBefore);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void streamedChunksGiveTheBytesOfHeldOnes() throws Exception {
        Path golden = Path.of("src/test/resources/golden");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(golden)) {
            s.filter(p -> p.toString().endsWith(".jfr")).sorted().forEach(files::add);
        }
        files.add(Recordings.concat(dir.resolve("joined.jfr"), golden.resolve("chunked-carrier-idle.jfr"),
                golden.resolve("demo.jfr"), golden.resolve("demo-carrier-idle.jfr")));
        assertThat(files).hasSizeGreaterThan(3);
        for (Path file : files) {
            byte[] held = AnalysisJson.bytes(analysis(file, 1, null));
            for (String keep : List.of("0", "1", "50")) {
                for (int threads : new int[] {1, 3}) {
                    byte[] streamed = AnalysisJson.bytes(analysis(file, threads, keep));
                    assertThat(Arrays.equals(streamed, held))
                            .as("%s with %s records held per chunk on %d threads gives the bytes of held chunks", file.getFileName(), keep, threads)
                            .isTrue();
                }
            }
            for (String keep : List.of("0", "1000000")) {
                byte[] mapped = AnalysisJson.bytes(analysis(file, 2, keep, "0"));
                assertThat(Arrays.equals(mapped, held)).as("%s read from a mapped file, %s records held per chunk", file.getFileName(), keep)
                        .isTrue();
            }
        }
    }

    @Test
    void streamedOrderIsTheStableSortOfTheChunk() throws Exception {
        Path file = Path.of("src/test/resources/golden/demo-carrier-idle.jfr");
        int checked = 0;
        for (Chunk chunk : ChunkScanner.scan(file, file).chunks()) {
            List<TraceEvent> held = new ArrayList<>();
            StackTable stacks = new StackTable();
            FastChunkReader.read(file, chunk, stacks, held, new java.util.HashMap<>());
            boolean outOfOrder = false;
            for (int i = 1; i < held.size(); i++) {
                outOfOrder |= held.get(i).time() < held.get(i - 1).time();
            }
            held.sort(java.util.Comparator.comparingLong(TraceEvent::time));

            StreamedChunk.Survey survey = new StreamedChunk.Survey();
            FastChunkReader.Decoder first = FastChunkReader.open(file, chunk, stacks, null);
            List<TraceEvent> out = new ArrayList<>();
            while (first.next(out)) {
                survey.add(out, 0);
                out.clear();
            }
            survey.carriers = first.carriers();
            survey.stacks = stacks;
            StreamedChunk streamed = StreamedChunk.open(file, chunk, survey, null);
            List<TraceEvent> delivered = new ArrayList<>();
            while (streamed.hasNext()) {
                delivered.add(streamed.next());
            }
            assertThat(delivered).containsExactlyElementsOf(held);
            checked += outOfOrder ? 1 : 0;
        }
        assertThat(checked).as("chunks whose records were out of time order in the file").isPositive();
    }
}
