package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Empty, garbage, truncated and partly damaged files: a clear error, and what can be read is analyzed. */
class DamagedInputTest {
    @TempDir static Path dir;
    static Path a;
    static Path b;
    /** A second blockscope recording: the same chunk twice in a file is read once, as a copy. */
    static Path c;
    static long eventsA;
    static long eventsB;

    @BeforeAll
    static void record() throws Exception {
        a = Recordings.blockscope(dir.resolve("a.jfr"));
        b = Recordings.jdk(dir.resolve("b.jfr"), true);
        c = Recordings.blockscope(dir.resolve("c.jfr"));
        eventsA = RecordingFile.readAllEvents(a).size();
        eventsB = RecordingFile.readAllEvents(b).size();
    }

    static Analysis analyze(Path file) throws IOException {
        return RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
    }

    @Test
    void anEmptyFileIsRejectedByName() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.jfr"));
        assertThatThrownBy(() -> analyze(empty)).isInstanceOf(RecordingException.class)
                .hasMessage(empty + ": empty file (0 bytes), not a JFR recording");
    }

    @Test
    void garbageIsNotJfr() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.jfr"), "this is not a recording\n".repeat(100));
        assertThatThrownBy(() -> analyze(garbage)).isInstanceOf(RecordingException.class)
                .hasMessageStartingWith(garbage + ": not a JFR recording");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.jfr");
        assertThatThrownBy(() -> analyze(missing)).hasMessage(missing + ": no such file");
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 67, 500})
    void aSingleChunkCutInsideItsHeaderOrFirstCheckpointIsUnreadableWithAClearMessage(int cut) throws Exception {
        Path cutFile = Files.write(dir.resolve("cut-" + cut + ".jfr"), Arrays.copyOf(Files.readAllBytes(a), cut));
        assertThatThrownBy(() -> analyze(cutFile)).isInstanceOf(RecordingException.class)
                .hasMessageStartingWith(cutFile + ": not a readable JFR recording: chunk 0")
                .hasMessageContaining("truncated");
    }

    // Cut later, the events before the cut are kept when the metadata was written before it
    // (HostileFileTest has the cases); either way it is said to be truncated.
    @ParameterizedTest
    @ValueSource(ints = {50, 90, 99})
    void aSingleChunkCutLaterIsTruncatedAndKeepsWhatPrecedesTheCut(int percent) throws Exception {
        byte[] bytes = Files.readAllBytes(a);
        Path cutFile = Files.write(dir.resolve("cut-" + percent + "pc.jfr"), Arrays.copyOf(bytes, bytes.length * percent / 100));
        try {
            Analysis an = analyze(cutFile);
            assertThat(an.source().skipped()).singleElement().satisfies(s -> assertThat(s.what()).startsWith("chunk 0").contains("truncated"));
            assertThat(an.source().events()).isLessThan(eventsA);
        } catch (RecordingException e) {
            assertThat(e).hasMessageStartingWith(cutFile + ": not a readable JFR recording: chunk 0").hasMessageContaining("truncated")
                    .hasMessageContaining("no metadata");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 30, 70, 99})
    void aTruncatedLastChunkKeepsTheChunksBeforeIt(int percentOfSecond) throws Exception {
        Path joined = Recordings.concat(dir.resolve("joined-" + percentOfSecond + ".jfr"), a, b);
        long cut = Files.size(a) + Files.size(b) * percentOfSecond / 100;
        Path cutFile = Files.write(dir.resolve("joined-cut-" + percentOfSecond + ".jfr"),
                Arrays.copyOf(Files.readAllBytes(joined), (int) cut));
        Analysis an = analyze(cutFile);
        // every event of the first chunk; of the cut one, what precedes the cut may be recovered (as
        // for a single chunk cut), depending on where the cut falls in this run's recording: it once
        // read 35 of them at 99%, and the test expecting none failed
        assertThat(an.source().events()).isGreaterThanOrEqualTo(eventsA).isLessThan(eventsA + eventsB);
        assertThat(an.source().skipped()).singleElement().satisfies(s -> assertThat(s.what()).startsWith("chunk 1").contains("truncated"));
        assertThat(an.tasks()).hasSizeGreaterThanOrEqualTo(Recordings.TASKS + 1);
    }

    @Test
    void aDamagedChunkInTheMiddleCostsOnlyItsOwnEvents() throws Exception {
        Path joined = Recordings.concat(dir.resolve("three.jfr"), a, b, c);
        byte[] bytes = Files.readAllBytes(joined);
        // Overwrite the second half of the middle chunk (its constant pools and metadata live at its end).
        int from = (int) (Files.size(a) + Files.size(b) / 2);
        int to = (int) (Files.size(a) + Files.size(b));
        Arrays.fill(bytes, from, to, (byte) 0x5A);
        Path damaged = Files.write(dir.resolve("three-damaged.jfr"), bytes);
        Analysis an = analyze(damaged);
        assertThat(an.source().skipped()).singleElement().satisfies(s -> assertThat(s.what()).startsWith("chunk 1").contains("damaged"));
        long eventsC = RecordingFile.readAllEvents(c).size();
        assertThat(an.source().events()).isGreaterThanOrEqualTo(eventsA + eventsC).isLessThan(eventsA + eventsB + eventsC);
    }

    @Test
    void aDamagedChunkHeaderIsSkippedToTheNextChunk() throws Exception {
        Path joined = Recordings.concat(dir.resolve("three-h.jfr"), a, b, c);
        byte[] bytes = Files.readAllBytes(joined);
        int header = (int) Files.size(a);
        bytes[header] = 'X'; // the middle chunk's "FLR" magic
        Path damaged = Files.write(dir.resolve("three-header.jfr"), bytes);
        Analysis an = analyze(damaged);
        assertThat(an.source().events()).isEqualTo(eventsA + RecordingFile.readAllEvents(c).size());
        assertThat(an.source().skipped()).singleElement().satisfies(s ->
                assertThat(s.what()).isEqualTo("damaged data at byte " + header + ": no chunk header there; skipped "
                        + Files.size(b) + " bytes to the next chunk"));
    }

    @Test
    void aMultiChunkFileIsReadWhole() throws Exception {
        Path joined = Recordings.concat(dir.resolve("two.jfr"), a, b);
        Analysis an = analyze(joined);
        assertThat(an.source().skipped()).isEmpty();
        assertThat(an.source().events()).isEqualTo(RecordingFile.readAllEvents(joined).size()).isEqualTo(eventsA + eventsB);
    }
}
