package dev.blockscope.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingException;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyzer as a library, as docs/analyzer-api.md shows it to another program: this test lives
 * outside the analyzer's packages, so it reaches only what is public, and it uses only what that
 * page documents (RecordingAnalyzer, AnalysisOptions, the Analysis records, AnalysisJson,
 * WindowedAnalysis, RecordingException). The recording is the committed golden demo, held to the
 * ground truth the demo printed when it was recorded (golden/demo.truth.json).
 */
class LibraryApiTest {
    static final Path DEMO = Path.of("src/test/resources/golden/demo.jfr");
    static final Path TRUTH = Path.of("src/test/resources/golden/demo.truth.json");
    @TempDir Path dir;

    @Test
    void anotherProgramAnalyzesARecordingAndGetsItsGroundTruth() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(DEMO, AnalysisOptions.DEFAULT);
        JsonNode truth = new ObjectMapper().readTree(TRUTH.toFile());
        long tolerance = truth.get("toleranceNanos").asLong();

        assertThat(a.schema()).isEqualTo(Analysis.SCHEMA).isEqualTo("blockscope.analysis/1");
        assertThat(a.source().kind()).isEqualTo("blockscope");
        assertThat(a.source().skipped()).isEmpty();
        // the demo's one pinned sleep: 60 ms in a class initializer
        List<Analysis.PinSite> sleeps = a.pinning().stream().filter(p -> p.reason().equals("sleep")).toList();
        assertThat(sleeps.stream().mapToLong(Analysis.PinSite::count).sum()).isEqualTo(truth.at("/pinnedWaitsByReason/sleep").asLong());
        assertThat(sleeps.stream().mapToLong(Analysis.PinSite::total).sum())
                .isCloseTo(truth.at("/pinnedNanosByReason/sleep").asLong(), org.assertj.core.data.Offset.offset(tolerance));
        assertThat(a.tasks().stream().filter(t -> t.runtimeName() != null).count()).isEqualTo(truth.get("labeledTasks").asLong());
        assertThat(a.regions().stream().filter(r -> r.name().equals("square")).count()).isEqualTo(truth.at("/regionsByName/square").asLong());
        assertThat(a.logs()).hasSize(truth.get("logs").asInt());
        assertThat(a.blocking().byStack().stream().filter(r -> r.reason().equals("waitgroup")).mapToLong(Analysis.StackRow::count).sum())
                .isEqualTo(truth.at("/waitsByReason/waitgroup").asLong());
        // every task's states add up to its lifetime, and its reasons to its waiting states
        for (Analysis.TaskRow t : a.tasks()) {
            long end = t.end() == null ? a.window().durationNanos() : t.end();
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(end - t.start());
            long waiting = t.states().get("SUSPENDED") + t.states().get("BLOCKED") + t.states().get("BLOCKED_PINNED");
            assertThat(t.reasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(waiting);
        }
    }

    /** The JSON has the fields docs/analysis-json.md lists, and the same figures as the records. */
    @Test
    void theJsonIsTheDocumentedObject() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(DEMO, AnalysisOptions.DEFAULT);
        JsonNode json = new ObjectMapper().readTree(AnalysisJson.bytes(a));
        Set<String> documented = new LinkedHashSet<>();
        String doc = Files.readString(Path.of("../docs/analysis-json.md"));
        Matcher key = Pattern.compile("(?m)^  \"(\\w+)\":").matcher(doc.substring(doc.indexOf("```jsonc"), doc.indexOf("```", doc.indexOf("```jsonc") + 8)));
        while (key.find()) {
            documented.add(key.group(1));
        }
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(documented).containsAll(fields).contains("schema", "source", "tasks", "timeline", "reasonFamilies");
        assertThat(json.get("schema").asText()).isEqualTo(a.schema());
        assertThat(json.get("tasks")).hasSize(a.tasks().size());
        assertThat(json.at("/timeline/start")).hasSize(a.timeline().size());
        assertThat(json.at("/pinning/0/count").asLong()).isEqualTo(a.pinning().getFirst().count());
    }

    /** A window and a task filter narrow an analysis; the states still add up, to the part inside the window. */
    @Test
    void aWindowNarrowsTheAnalysis() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(DEMO, AnalysisOptions.DEFAULT);
        long from = 4_400_000_000L;
        long to = 4_800_000_000L;
        Analysis w = WindowedAnalysis.of(a, new WindowedAnalysis.Filter(from, to, "square"));
        assertThat(w.tasks()).isNotEmpty().allSatisfy(t -> {
            assertThat(t.name() + " " + t.runtimeName() + " " + t.group()).contains("square");
            long start = Math.max(from, t.start());
            long end = Math.min(to, t.end() == null ? to : t.end());
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(Math.max(0, end - start));
        });
        assertThat(w.tasks().size()).isLessThan(a.tasks().size());
    }

    /**
     * Nothing readable is a RecordingException (an IOException naming the file and what is wrong);
     * a damaged file is an analysis of what could be read, which says what was skipped.
     */
    @Test
    void unreadableIsAnExceptionAndDamagedIsAnAnalysisThatSaysSo() throws Exception {
        Path missing = dir.resolve("missing.jfr");
        assertThatThrownBy(() -> RecordingAnalyzer.analyze(missing, AnalysisOptions.DEFAULT))
                .isInstanceOf(RecordingException.class).isInstanceOf(IOException.class).hasMessage(missing + ": no such file");
        Path notes = Files.writeString(dir.resolve("notes.jfr"), "hello");
        assertThatThrownBy(() -> RecordingAnalyzer.analyze(notes, AnalysisOptions.DEFAULT))
                .isInstanceOf(RecordingException.class).hasMessageStartingWith(notes + ": not a JFR recording");

        byte[] bytes = Files.readAllBytes(DEMO);
        byte[] twice = Arrays.copyOf(bytes, bytes.length * 2);
        System.arraycopy(bytes, 0, twice, bytes.length, bytes.length);
        Path cut = Files.write(dir.resolve("cut.jfr"), Arrays.copyOf(twice, twice.length - 1000));
        Analysis a = RecordingAnalyzer.analyze(cut, AnalysisOptions.DEFAULT);
        assertThat(a.source().skipped()).isNotEmpty();
        assertThat(a.tasks()).isNotEmpty();
    }

    /** A small interval budget truncates the analysis' timeline; analyzeFull still has every interval, in a file it deletes on close. */
    @Test
    void analyzeFullKeepsEveryIntervalBeyondTheBudget() throws Exception {
        AnalysisOptions small = new AnalysisOptions(300, null, 0, Long.MAX_VALUE);
        long all;
        try (RecordingAnalyzer.Full full = RecordingAnalyzer.analyzeFull(DEMO, small,
                dev.blockscope.analyzer.read.RecordingReader.Progress.NONE)) {
            assertThat(full.analysis().timeline().truncated()).isTrue();
            assertThat(full.analysis().timeline().size()).isEqualTo(300);
            all = full.intervals().size();
        }
        assertThat(all).isGreaterThan(300);
    }
}
