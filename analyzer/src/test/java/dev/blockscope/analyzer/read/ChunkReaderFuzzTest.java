package dev.blockscope.analyzer.read;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jazzer fuzz target for the chunk reader, with the analysis behind it: any bytes are either
 * analyzed or refused with a {@link RecordingException}; any other exception, an
 * OutOfMemoryError or a hang is a finding. Jazzer's own limits catch the last two (an input that
 * takes over {@code -timeout} seconds, or memory over {@code -rss_limit_mb}).
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code verify}) it runs the seeds below once each, as a
 * parameterized test. The analyzer's {@code fuzz} execution fuzzes it for
 * {@code blockscope.fuzz.duration} (30 s by default) in every build; {@code bench}'s
 * {@code fuzz-long} profile for as long as asked (docs/fuzzing.md).
 */
class ChunkReaderFuzzTest {
    private static final long START = 1_700_000_000_000_000_000L;
    private static final Path SCRATCH = scratch();

    /** Seeds: small hand-built chunks in both formats, alone, joined, cut and with a header zeroed. */
    static Stream<Arguments> anyBytesAreAnalyzedOrRefused() {
        byte[] v1 = ChunkBuilder.jdk9(START);
        byte[] v2 = ChunkBuilder.jdk11(START + 1_000_000_000L);
        return Stream.of(arguments((Object) v1), arguments((Object) v2), arguments((Object) Mutations.append(v2, v2)),
                arguments((Object) Mutations.append(v1, ChunkBuilder.jdk11(START + 2_000_000_000L))),
                arguments((Object) Mutations.cut(v2, v2.length / 2)),
                arguments((Object) Mutations.withHeaderLong(v2, 0, Mutations.SIZE, 0)),
                arguments((Object) Mutations.withHeaderLong(v2, 0, Mutations.CONSTANT_POOLS, 0)),
                arguments((Object) new byte[] {'F', 'L', 'R', 0, 0, 2, 0, 1}));
    }

    @MethodSource
    @FuzzTest(maxDuration = "30s")
    void anyBytesAreAnalyzedOrRefused(byte[] data) throws IOException {
        Files.write(SCRATCH, data);
        try {
            RecordingAnalyzer.analyze(SCRATCH, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        } catch (RecordingException refused) {
            // a file that is not a readable recording, said in words: the expected way to fail
        }
    }

    private static Path scratch() {
        try {
            Path file = Files.createTempFile("blockscope-fuzz-", ".jfr");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
