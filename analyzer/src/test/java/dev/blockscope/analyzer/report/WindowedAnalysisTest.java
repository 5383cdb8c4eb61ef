package dev.blockscope.analyzer.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code summary} and {@code tasks} narrowed with --from/--to/--task-filter: on the golden demo,
 * every task's states still add up to the part of its lifetime inside the window, its reasons to
 * its waiting states, and the blocking profile to the tasks' waits.
 */
class WindowedAnalysisTest {
    static final long S = 1_000_000_000L;

    static Analysis demo() throws Exception {
        return RecordingAnalyzer.analyze(Path.of("src/test/resources/golden/demo.jfr"), AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
    }

    @Test
    void statesAddUpToTheLifetimeInsideTheWindow() throws Exception {
        Analysis whole = demo();
        Analysis w = WindowedAnalysis.of(whole, new WindowedAnalysis.Filter(S, 2 * S, null));
        assertThat(w.tasks()).isNotEmpty();
        assertThat(w.window().durationNanos()).isEqualTo(2 * S);
        for (Analysis.TaskRow t : w.tasks()) {
            long lifetime = (t.end() == null ? 2 * S : t.end()) - t.start();
            assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).as("task %d", t.id()).isEqualTo(lifetime);
            long waiting = t.states().get("SUSPENDED") + t.states().get("BLOCKED") + t.states().get("BLOCKED_PINNED");
            assertThat(t.reasons().values().stream().mapToLong(Long::longValue).sum()).as("task %d", t.id()).isEqualTo(waiting);
            assertThat(t.start()).isGreaterThanOrEqualTo(S);
        }
        long profile = w.blocking().byReason().values().stream().mapToLong(Long::longValue).sum();
        long waits = w.tasks().stream().filter(t -> !t.carrier())
                .flatMap(t -> t.reasons().entrySet().stream()).filter(e -> !e.getKey().equals("carrier.idle"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
        assertThat(profile).isEqualTo(waits);
        assertThat(w.source().limits().getFirst()).startsWith("filtered to from +1000.000 ms to +2000.000 ms");
    }

    @Test
    void theWholeRecordingUnfilteredGivesTheAnalyzersOwnTotals() throws Exception {
        Analysis whole = demo();
        Analysis w = WindowedAnalysis.of(whole, new WindowedAnalysis.Filter(0, Long.MAX_VALUE, null));
        assertThat(w.tasks()).hasSameSizeAs(whole.tasks());
        for (int k = 0; k < w.tasks().size(); k++) {
            assertThat(w.tasks().get(k).states()).as("task %d", w.tasks().get(k).id()).isEqualTo(whole.tasks().get(k).states());
        }
        assertThat(w.schedLatency().count()).isEqualTo(whole.schedLatency().count());
        assertThat(w.overhead().contextSwitches()).isEqualTo(whole.overhead().contextSwitches());
        assertThat(w.blocking().byReason()).isEqualTo(whole.blocking().byReason());
    }

    @Test
    void aTaskFilterKeepsTheTasksWhoseNamesContainIt() throws Exception {
        Analysis w = WindowedAnalysis.of(demo(), new WindowedAnalysis.Filter(0, Long.MAX_VALUE, "square"));
        assertThat(w.tasks()).isNotEmpty().allSatisfy(t -> assertThat(t.name() + " " + t.runtimeName()).contains("square"));
    }
}
