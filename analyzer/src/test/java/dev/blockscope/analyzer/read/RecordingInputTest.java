package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.AnalysisJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording made readable once for several analyses ({@code serve}'s preview and whole): each
 * analysis of it is the one of the file itself, named as given; closing it deletes what it made
 * (an expansion, a joining) and never the user's file.
 */
class RecordingInputTest {
    static final Path GOLDEN = Path.of("src/test/resources/golden/chunked-carrier-idle.jfr");

    @TempDir Path dir;

    private static byte[] json(RecordingAnalyzer.Full full) {
        try (full) {
            return AnalysisJson.bytes(full.analysis());
        }
    }

    private static byte[] direct(Path file) throws IOException {
        return json(RecordingAnalyzer.analyzeFull(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE));
    }

    private static Set<Path> temporary(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toSet());
        }
    }

    @Test
    void aPlainFileIsReadAsItIsAndNeverDeleted() throws IOException {
        Path file = Files.copy(GOLDEN, dir.resolve("plain.jfr"));
        byte[] expected = direct(file);
        RecordingReader.Input in = RecordingReader.Input.of(file);
        assertThat(in.made()).isFalse();
        assertThat(in.bytes()).isEqualTo(Files.size(file));
        assertThat(in.name()).isEqualTo(file);
        assertThat(json(RecordingAnalyzer.analyzeFull(in, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE))).isEqualTo(expected);
        in.close();
        assertThat(file).exists().hasSameBinaryContentAs(GOLDEN);
    }

    @Test
    void aGzippedFileIsExpandedOnceForTwoAnalysesAndTheExpansionDeleted() throws IOException {
        Path gz = dir.resolve("rec.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(GOLDEN, out);
        }
        byte[] expected = direct(gz);
        Set<Path> before = temporary("blockscope-gunzip-");
        RecordingReader.Input in = RecordingReader.Input.of(gz);
        Set<Path> made = temporary("blockscope-gunzip-");
        made.removeAll(before);
        assertThat(made).hasSize(1);
        assertThat(in.made()).isTrue();
        assertThat(in.bytes()).isEqualTo(Files.size(GOLDEN));
        // the whole, twice (the reader leaves the input as it was), and a preview, from the one expansion
        assertThat(json(RecordingAnalyzer.analyzeFull(in, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE))).isEqualTo(expected);
        assertThat(json(RecordingAnalyzer.analyzeFull(in, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE))).isEqualTo(expected);
        RecordingAnalyzer.Full preview = RecordingAnalyzer.analyzePreview(in, AnalysisOptions.DEFAULT, 100_000);
        assertThat(preview).isNotNull();
        assertThat(new String(json(preview), java.nio.charset.StandardCharsets.UTF_8)).contains("a preview: the recording's first 1.0 s of 2.8 s",
                "\"file\":\"" + gz + "\"");
        Set<Path> after = temporary("blockscope-gunzip-");
        after.removeAll(before);
        assertThat(after).as("one expansion for all of them").isEqualTo(made);
        in.close();
        assertThat(made.iterator().next()).doesNotExist();
        assertThat(gz).exists();
    }

    @Test
    void aCutGzippedFileSaysSoInEveryAnalysisOfIt() throws IOException {
        Path gz = dir.resolve("cut.jfr.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(GOLDEN, out);
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, Arrays.copyOf(bytes, bytes.length * 3 / 4));
        byte[] expected = direct(gz);
        assertThat(new String(expected, java.nio.charset.StandardCharsets.UTF_8)).contains("gzip");
        try (RecordingReader.Input in = RecordingReader.Input.of(gz)) {
            assertThat(json(RecordingAnalyzer.analyzeFull(in, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE))).isEqualTo(expected);
        }
    }

    @Test
    void aDirectoryIsJoinedOnceAndOnlyTheJoinedFileDeleted() throws IOException {
        Path chunks = Files.createDirectories(dir.resolve("rec.chunks"));
        Path chunk = Files.copy(GOLDEN, chunks.resolve("0001.jfr"));
        byte[] expected = direct(chunks);
        try (RecordingReader.Input in = RecordingReader.Input.of(chunks)) {
            assertThat(in.made()).isTrue();
            assertThat(in.name()).isEqualTo(chunks);
            assertThat(json(RecordingAnalyzer.analyzeFull(in, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE))).isEqualTo(expected);
        }
        assertThat(chunk).exists().hasSameBinaryContentAs(GOLDEN);
    }
}
