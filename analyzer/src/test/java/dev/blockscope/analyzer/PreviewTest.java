package dev.blockscope.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.summary.IntervalFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A preview of a recording's beginning ({@code serve} shows it while the whole file is analyzed):
 * the events up to the time by which the chunks hold the bytes asked for (a second at least), from
 * the chunks that start before it, analyzed as a recording that ends there. Ground
 * truth is the analysis of the whole file: every interval of a task the preview closes before its
 * end, and of a carrier a second or more before it (a carrier's idle wait is committed up to a
 * second after it ended, in a later chunk), is an interval of the whole analysis, the same task,
 * times, state, reason and carrier, and nothing of the preview lies after its end.
 */
class PreviewTest {
    /** Three chunks of the JDK's and the agent's events: 347,082, 154,924 and 153,497 bytes, starting 0, 1.808 and 2.320 s in. */
    private static final Path CHUNKED = Path.of("src/test/resources/golden/chunked-carrier-idle.jfr");

    @Test
    void theFirstSecondIsAnalyzedAsARecordingThatEndsThere() throws Exception {
        checkedAgainstTheWhole(1, 1_000_000_000L, "a preview: the recording's first 1.0 s of 2.8 s (1 of its 3 chunks, 347,082 of its 655,503 bytes)");
    }

    /** Three quarters of the first chunk's bytes: the preview ends three quarters into it, inside it (its events are spread evenly enough). */
    @Test
    void theEndIsWhereTheChunksHoldTheBytesAsked() throws Exception {
        checkedAgainstTheWhole(347_082 * 3 / 4, 1_808_000_000L * 3 / 4, "a preview: the recording's first 1.4 s of 2.8 s (1 of its 3 chunks, 347,082 of its 655,503 bytes)");
    }

    private static void checkedAgainstTheWhole(long bytes, long expectedEnd, String limit) throws Exception {
        try (RecordingAnalyzer.Full whole = RecordingAnalyzer.analyzeFull(CHUNKED, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
             RecordingAnalyzer.Full preview = RecordingAnalyzer.analyzePreview(CHUNKED, AnalysisOptions.DEFAULT, bytes)) {
            assertThat(preview).isNotNull();
            Analysis p = preview.analysis();
            Analysis w = whole.analysis();
            assertThat(p.window().startEpochNanos()).isEqualTo(w.window().startEpochNanos());
            // the chunk's header gives its start and length to the millisecond or so
            assertThat(p.window().durationNanos()).isBetween(expectedEnd - 2_000_000, expectedEnd + 2_000_000)
                    .isLessThan(w.window().durationNanos());
            assertThat(p.source().limits()).anySatisfy(l -> assertThat(l).startsWith(limit + ": what came after is not in it, and"
                    + " waits that ended in its last second may be missing (committed in later chunks)"));
            assertThat(w.source().limits()).noneSatisfy(l -> assertThat(l).startsWith("a preview"));
            assertThat(p.source().events()).isPositive().isLessThan(w.source().events());
            assertThat(p.tasks().stream().mapToLong(Analysis.TaskRow::suspensions).sum())
                    .as("fewer waits than the chunk read holds").isLessThan(w.tasks().stream().mapToLong(Analysis.TaskRow::suspensions).sum());

            long end = p.window().durationNanos();
            Set<String> all = rows(whole.intervals(), w, Long.MAX_VALUE);
            IntervalFile pf = preview.intervals();
            assertThat(pf.size()).isPositive();
            long closed = 0;
            for (long i = 0; i < pf.size(); i++) {
                assertThat(pf.end(i)).as("interval %d of the preview", i).isLessThanOrEqualTo(end);
                assertThat(pf.start(i)).isLessThanOrEqualTo(pf.end(i));
            }
            // a carrier's idle wait is committed up to a second after it ended, in a later chunk
            Set<Long> carriers = new HashSet<>();
            p.tasks().stream().filter(Analysis.TaskRow::carrier).forEach(t -> carriers.add(t.id()));
            Set<String> closedEarly = rows(pf, p, end);
            closedEarly.removeIf(r -> carriers.contains(Long.parseLong(r.split(" ")[0]))
                    && Long.parseLong(r.split(" ")[1].split("-")[1]) >= end - 1_000_000_000L);
            for (String row : closedEarly) {
                assertThat(all.contains(row)).as("an interval the preview closed before its end, %s, is the whole analysis' own", row).isTrue();
                closed++;
            }
            assertThat(closed).isGreaterThan(pf.size() / 4);
        }
    }

    @Test
    void aPreviewOfTheWholeFileIsNone() throws Exception {
        assertThat(RecordingAnalyzer.analyzePreview(CHUNKED, AnalysisOptions.DEFAULT, 655_503)).isNull();
        assertThat(RecordingAnalyzer.analyzePreview(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT, 1)).isNull();
    }

    /**
     * blockscope's first chunk starts before the JDK's (its probes measure while JFR starts): were
     * the preview cut where the JDK's chunk starts, it would show a third of a second of early
     * events. It runs for a second of the recording at least, and reads every chunk that starts
     * in it. Here the second chunk is made to start 0.4 s in, inside the first: the preview reads
     * both and cuts both a second in, and nothing after that reaches the analysis.
     */
    @Test
    void aSecondAtLeast(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] all = java.nio.file.Files.readAllBytes(CHUNKED);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
        b.putLong(347_082 + 32, b.getLong(32) + 400_000_000L);
        b.putLong(347_082 + 48, b.getLong(48) + b.getLong(56) / 5 * 2);
        Path file = dir.resolve("early.jfr");
        java.nio.file.Files.write(file, all);
        try (RecordingAnalyzer.Full preview = RecordingAnalyzer.analyzePreview(file, AnalysisOptions.DEFAULT, 1)) {
            assertThat(preview.analysis().source().limits()).anySatisfy(l -> assertThat(l)
                    .startsWith("a preview: the recording's first 1.0 s of 2.8 s (2 of its 3 chunks, 502,006 of its 655,503 bytes)"));
            endsAtItsEnd(preview, 1_000_000_000L);
        }
    }

    /** One byte more than the first chunk holds: the end lies just past where the second starts, which is read. */
    @Test
    void twoChunksWhenTheFirstHoldsLessThanAsked() throws Exception {
        try (RecordingAnalyzer.Full preview = RecordingAnalyzer.analyzePreview(CHUNKED, AnalysisOptions.DEFAULT, 347_083)) {
            assertThat(preview.analysis().source().limits()).anySatisfy(l -> assertThat(l)
                    .startsWith("a preview: the recording's first 1.8 s of 2.8 s (2 of its 3 chunks, 502,006 of its 655,503 bytes)"));
        }
    }

    /**
     * A chunk of the JDK's can run beside later ones (blockscope's own chunks start every second or
     * so while the JDK's covers minutes): it counts for its share of the bytes over its span, not
     * for all of them at its start. Here the second chunk's header is made to start 1.5 s in,
     * inside the first chunk's 1.8 s: a preview of the first chunk's bytes and the second's share
     * by then ends where the first ends, with the second read and cut there.
     */
    @Test
    void aChunkBesideAnotherCountsForItsShareOverItsSpan(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] all = java.nio.file.Files.readAllBytes(CHUNKED);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all);
        long ticksPerSecond = b.getLong(56);
        long firstLength = b.getLong(40);
        long secondLength = b.getLong(347_082 + 40);
        b.putLong(347_082 + 32, b.getLong(32) + 1_500_000_000L); // its start in nanos and in ticks
        b.putLong(347_082 + 48, b.getLong(48) + ticksPerSecond / 2 * 3);
        Path file = dir.resolve("overlapping.jfr");
        java.nio.file.Files.write(file, all);
        // the second chunk's share by the first one's end: (first end - 1.5 s) of its length
        assertThat(1_500_000_000L + secondLength).as("the second chunk runs past the first").isGreaterThan(firstLength);
        long share = (long) (154_924 * (double) (firstLength - 1_500_000_000L) / secondLength);
        try (RecordingAnalyzer.Full preview = RecordingAnalyzer.analyzePreview(file, AnalysisOptions.DEFAULT, 347_082 + share)) {
            assertThat(preview.analysis().source().limits()).anySatisfy(l -> assertThat(l)
                    .startsWith("a preview: the recording's first 1.8 s of 2.8 s (2 of its 3 chunks, 502,006 of its 655,503 bytes)"));
            endsAtItsEnd(preview, firstLength);
        }
    }

    /** The preview ends at {@code end} (to the millisecond), and nothing it holds lies after it. */
    private static void endsAtItsEnd(RecordingAnalyzer.Full preview, long end) {
        Analysis p = preview.analysis();
        assertThat(p.window().durationNanos()).isBetween(end - 2_000_000, end + 2_000_000);
        long shown = p.window().durationNanos();
        IntervalFile pf = preview.intervals();
        assertThat(pf.size()).isPositive();
        for (long i = 0; i < pf.size(); i++) {
            assertThat(pf.end(i)).isLessThanOrEqualTo(shown);
        }
        for (Analysis.TaskRow t : p.tasks()) {
            assertThat(t.start()).as("task %d", t.id()).isLessThanOrEqualTo(shown);
            if (t.end() != null) {
                assertThat(t.end()).as("task %d", t.id()).isLessThanOrEqualTo(shown);
            }
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).as("task %d", t.id()).isLessThanOrEqualTo(shown);
        }
    }

    /** The intervals ending before {@code before}, as text: task, times, state and reason by name, carrier. */
    static Set<String> rows(IntervalFile f, Analysis a, long before) {
        List<String> states = a.timeline().states();
        List<String> reasons = a.timeline().reasons();
        Set<String> out = new HashSet<>();
        for (long i = 0; i < f.size(); i++) {
            if (f.end(i) < before) {
                out.add(f.task(i) + " " + f.start(i) + "-" + f.end(i) + " " + states.get(f.state(i)) + " "
                        + (f.reason(i) < 0 ? "-" : reasons.get(f.reason(i))) + " " + f.carrier(i));
            }
        }
        return out;
    }
}
