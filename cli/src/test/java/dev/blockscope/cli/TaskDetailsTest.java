package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each task's whole row by id, written for serve's cache and read back exactly; a damaged file is an IOException. */
class TaskDetailsTest {
    static Analysis demo;

    @BeforeAll
    static void analyze() throws IOException {
        demo = RecordingAnalyzer.analyze(Path.of("../analyzer/src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT);
    }

    @Test
    void everyTasksRowByItsIdAndNoneForAnother() {
        TaskDetails d = TaskDetails.of(demo.tasks());
        assertThat(d.size()).isEqualTo(demo.tasks().size());
        for (Analysis.TaskRow t : demo.tasks()) {
            assertThat(new String(d.row(t.id()), StandardCharsets.UTF_8)).isEqualTo(new String(AnalysisJson.bytes(t), StandardCharsets.UTF_8));
        }
        assertThat(d.row(-1)).isNull();
        assertThat(d.row(Long.MAX_VALUE)).isNull();
    }

    /**
     * Serve's summary rows: the same rows with {@code longest} null, but for a task with a wait for
     * the recorder among them (the page's first view is cut by those), whose row is whole.
     */
    @Test
    void summaryRowsLeaveOutTheLongestWaitsButTheRecordersStart() {
        Analysis.TaskRow first = demo.tasks().getFirst();
        List<Analysis.WaitRow> withStart = new java.util.ArrayList<>(first.longest());
        withStart.add(new Analysis.WaitRow(first.start(), 1_000_000, "agent.start", -1, null, false, null));
        Analysis.TaskRow waited = new Analysis.TaskRow(first.id(), first.name(), first.virtual(), first.carrier(), first.service(),
                first.parent(), first.runtimeName(), first.group(), first.start(), first.end(), first.states(), first.reasons(),
                first.suspensions(), withStart, first.samples());
        List<Analysis.TaskRow> rows = new java.util.ArrayList<>(demo.tasks());
        rows.set(0, waited);
        Analysis summary = TaskDetails.summaryRows(demo.withTasks(rows));
        assertThat(summary.tasks()).hasSameSizeAs(rows);
        assertThat(summary.tasks().getFirst()).isEqualTo(waited);
        int leftOut = 0;
        for (int i = 1; i < rows.size(); i++) {
            Analysis.TaskRow t = rows.get(i);
            Analysis.TaskRow s = summary.tasks().get(i);
            assertThat(s.longest()).isNull();
            assertThat(new Analysis.TaskRow(s.id(), s.name(), s.virtual(), s.carrier(), s.service(), s.parent(), s.runtimeName(),
                    s.group(), s.start(), s.end(), s.states(), s.reasons(), s.suspensions(), t.longest(), s.samples())).isEqualTo(t);
            leftOut += t.longest().isEmpty() ? 0 : 1;
        }
        assertThat(leftOut).isGreaterThan(5);
        assertThat(summary.withTasks(rows)).isEqualTo(demo.withTasks(rows)); // nothing else changed
    }

    @Test
    void readsBackWhatItWrote() throws IOException {
        TaskDetails d = TaskDetails.of(demo.tasks());
        TaskDetails back = TaskDetails.read(d.toBytes());
        assertThat(back.size()).isEqualTo(d.size());
        for (Analysis.TaskRow t : demo.tasks()) {
            assertThat(back.row(t.id())).isEqualTo(d.row(t.id()));
        }
        assertThat(TaskDetails.read(TaskDetails.of(java.util.List.of()).toBytes()).size()).isZero();
    }

    @Test
    void aCutOrForeignFileIsAnIOException() {
        byte[] bytes = TaskDetails.of(demo.tasks()).toBytes();
        for (int cut : new int[] {0, 3, 8, 20, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> TaskDetails.read(Arrays.copyOf(bytes, cut))).as("cut at " + cut).isInstanceOf(IOException.class);
        }
        byte[] foreign = bytes.clone();
        foreign[0] ^= 1;
        assertThatThrownBy(() -> TaskDetails.read(foreign)).isInstanceOf(IOException.class).hasMessageContaining("not a file of task rows");
        byte[] huge = bytes.clone();
        huge[4] = 0x7f; // a task count the file cannot hold
        assertThatThrownBy(() -> TaskDetails.read(huge)).isInstanceOf(IOException.class);
    }
}
