package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sound chunk the fast reader does not handle is read by the JDK's reader, and the analysis
 * says so in its limits: before, one line went to stderr and the analysis showed nothing, so a
 * fast-reader bug that sent every chunk there would have shown only as a run three times slower.
 */
class ReaderFallbackTest {
    @TempDir Path dir;

    private static final long T_LONG = 10;
    private static final long T_STRING = 13;
    private static final long T_THREAD = 20;
    private static final long T_STACK = 23;
    private static final long T_STATE = 24;

    /**
     * jdk.ExecutionSample whose {@code state} is a thread state written inline (a struct of one
     * string) rather than as a key into the state pool, as the JDK writes it: legal JFR, which
     * the JDK's reader hands out as an object with its name, and the fast reader declines.
     */
    private static byte[] samplesWithInlineState(int samples) {
        long tps = 1_000_000_000L;
        long t0 = 5_000_000L;
        ChunkBuilder b = new ChunkBuilder(2, 1)
                .type(T_LONG, "long", null).type(T_STRING, "java.lang.String", null)
                .type(T_THREAD, "java.lang.Thread", null, ChunkBuilder.Field.of("osName", T_STRING),
                        ChunkBuilder.Field.of("osThreadId", T_LONG), ChunkBuilder.Field.of("javaName", T_STRING),
                        ChunkBuilder.Field.of("javaThreadId", T_LONG))
                .type(T_STACK, "jdk.types.StackTrace", null, ChunkBuilder.Field.of("truncated", T_LONG))
                .type(T_STATE, "jdk.types.ThreadState", null, ChunkBuilder.Field.of("name", T_STRING))
                .type(104, "jdk.ExecutionSample", "jdk.jfr.Event", ChunkBuilder.Field.of("startTime", T_LONG),
                        ChunkBuilder.Field.pool("sampledThread", T_THREAD), ChunkBuilder.Field.pool("stackTrace", T_STACK),
                        ChunkBuilder.Field.of("state", T_STATE))
                .constant(T_THREAD, 1L, "worker", 101L, "worker", 12L);
        for (int i = 0; i < samples; i++) {
            b.event(104, t0 + i * 10_000_000L, 1L, 0L, "STATE_RUNNABLE");
        }
        return b.build(1_700_000_000_000_000_000L, 200_000_000L, t0 - 1_000_000L, tps);
    }

    @Test
    void aChunkTheFastReaderDeclinesIsReadByTheJdksAndTheLimitsSaySo() throws Exception {
        Path file = Files.write(dir.resolve("inline-state.jfr"), samplesWithInlineState(3));
        List<TraceEvent> events = new ArrayList<>();
        RecordingReader.Result result;
        try (RecordingReader reader = RecordingReader.open(file, RecordingReader.Engine.FAST)) {
            result = reader.read(new StackTable(), events::add, RecordingReader.Progress.NONE);
        }
        // read, not damaged: the JDK's reader took the chunk
        assertThat(result.skipped()).isEmpty();
        assertThat(events).filteredOn(e -> e instanceof TraceEvent.ThreadSampled).hasSize(3)
                .allSatisfy(e -> assertThat(((TraceEvent.ThreadSampled) e).state()).isEqualTo("STATE_RUNNABLE"));
        assertThat(result.limits()).containsExactly("chunk 0 has field jdk.ExecutionSample.state of type jdk.types.ThreadState,"
                + " which blockscope's own reader does not handle: read with the JDK's RecordingFile instead (about 3x slower)");

        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().limits()).anyMatch(l -> l.contains("read with the JDK's RecordingFile instead"));
    }

    @Test
    void chunksDeclinedForOneReasonAreOneLimit() throws Exception {
        // three chunks, a second apart
        Path file = Files.write(dir.resolve("three.jfr"), Mutations.append(Mutations.append(samplesWithInlineState(2),
                withStart(samplesWithInlineState(2), 1_700_000_001_000_000_000L)),
                withStart(samplesWithInlineState(2), 1_700_000_002_000_000_000L)));
        RecordingReader.Result result;
        try (RecordingReader reader = RecordingReader.open(file, RecordingReader.Engine.FAST)) {
            result = reader.read(new StackTable(), e -> { }, RecordingReader.Progress.NONE);
        }
        assertThat(result.skipped()).isEmpty();
        assertThat(result.limits()).containsExactly("3 chunks (0, 1, 2) have field jdk.ExecutionSample.state of type"
                + " jdk.types.ThreadState, which blockscope's own reader does not handle: read with the JDK's RecordingFile"
                + " instead (about 3x slower)");
    }

    @Test
    void theJdkReaderAsTheChosenEngineIsNoLimit() throws Exception {
        Path file = Files.write(dir.resolve("inline-state-jdk.jfr"), samplesWithInlineState(3));
        try (RecordingReader reader = RecordingReader.open(file, RecordingReader.Engine.JDK)) {
            RecordingReader.Result result = reader.read(new StackTable(), e -> { }, RecordingReader.Progress.NONE);
            assertThat(result.skipped()).isEmpty();
            assertThat(result.limits()).isEmpty();
        }
    }

    private static byte[] withStart(byte[] chunk, long startNanos) {
        java.nio.ByteBuffer.wrap(chunk).putLong(32, startNanos);
        return chunk;
    }
}
