package dev.blockscope.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.Gates;
import dev.blockscope.analyzer.report.SummaryText;
import dev.blockscope.analyzer.report.TaskTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Ended virtual threads past {@code maxTasks} are summed into groups: every total is the
 * generator's, rows plus groups, and the same as with a row for every task.
 */
class BoundedTaskRowsTest {
    private static final int TASKS = 20_000;
    private static final ManyTasks GEN = new ManyTasks(TASKS);

    private static Analysis analyze(int maxTasks) {
        return RecordingAnalyzer.analyzeEvents("many.jfr", GEN, List.of(), ManyTasks.T0, GEN.end(),
                AnalysisOptions.DEFAULT.withMaxTasks(maxTasks));
    }

    /** The sum of one figure over the rows and the groups. */
    private static long sum(Analysis a, Function<Map<String, Long>, Long> rowFigure, String key) {
        return a.tasks().stream().mapToLong(t -> rowFigure.apply(t.states())).sum()
                + a.taskGroups().stream().mapToLong(g -> g.states().getOrDefault(key, 0L)).sum();
    }

    private static long state(Analysis a, String s) {
        return sum(a, m -> m.getOrDefault(s, 0L), s);
    }

    @Test
    void rowsPlusGroupsAddUpToTheGeneratorsTotals() {
        ManyTasks.Truth truth = GEN.truth();
        Analysis a = analyze(100);

        assertThat(a.tasks()).hasSize(100);
        assertThat(a.taskCount()).isEqualTo(truth.tasks());
        assertThat(a.tasks().stream().mapToLong(Analysis.TaskRow::suspensions).sum()
                + a.taskGroups().stream().mapToLong(Analysis.TaskGroup::suspensions).sum()).isEqualTo(truth.suspensions());
        assertThat(state(a, "RUNNING")).isEqualTo(truth.running());
        assertThat(state(a, "SUSPENDED")).isEqualTo(truth.suspended());
        assertThat(state(a, "BLOCKED_PINNED")).isEqualTo(truth.pinned());
        assertThat(state(a, "UNKNOWN")).isZero();
        assertThat(state(a, "RUNNABLE")).isZero();
        // each group's states add up to its tasks' lifetimes, as a row's do
        assertThat(a.taskGroups()).allSatisfy(g ->
                assertThat(g.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(g.lifetime()));
        assertThat(a.taskGroups()).extracting(Analysis.TaskGroup::name).containsExactly("request-#", "");
        assertThat(a.taskGroups().get(1).tasks()).isEqualTo(TASKS / 1000 - a.tasks().stream().filter(t -> t.name() == null).count());
        // distinct tasks per carrier and per pinning site are exact without a set of boxed ids
        assertThat(a.carriers()).extracting(Analysis.CarrierRow::tasks)
                .containsExactly((int) truth.perCarrier()[0], (int) truth.perCarrier()[1], (int) truth.perCarrier()[2],
                        (int) truth.perCarrier()[3]);
        assertThat(a.pinning()).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(truth.pinnedWaits());
            assertThat(p.tasks()).isEqualTo((int) truth.pinnedWaits());
        });
        assertThat(a.source().limits()).anySatisfy(l -> assertThat(l)
                .startsWith(String.format(java.util.Locale.ROOT, "%,d ended virtual thread(s) have no row", TASKS - 100))
                .contains("--max-tasks 0"));
    }

    @Test
    void theRowsKeptAreTheTasksThatWaitedLongestAndAsTheyAreWithEveryRow() {
        Analysis bounded = analyze(100);
        Analysis all = analyze(0);
        assertThat(all.tasks()).hasSize(TASKS);
        assertThat(all.taskGroups()).isEmpty();
        assertThat(bounded.tasks()).anySatisfy(t -> assertThat(t.id()).isEqualTo(GEN.longTask()));
        // the kept rows are the 100 best by score (ties: the lower id), each exactly as in the full analysis
        List<Analysis.TaskRow> expected = all.tasks().stream()
                .sorted(java.util.Comparator.comparingLong((Analysis.TaskRow t) -> -dev.blockscope.analyzer.summary.TaskRows.score(t))
                        .thenComparingLong(Analysis.TaskRow::id))
                .limit(100).sorted(java.util.Comparator.comparingLong(Analysis.TaskRow::id)).toList();
        assertThat(bounded.tasks()).containsExactlyElementsOf(expected);
        for (String s : List.of("RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN")) {
            assertThat(state(bounded, s)).as(s).isEqualTo(state(all, s));
        }
        // the reports read the same where they report totals
        assertThat(summary(bounded).lines().filter(l -> l.startsWith("time by state") || l.contains("longest single wait")
                || l.startsWith("tasks:")).toList())
                .isEqualTo(summary(all).lines().filter(l -> l.startsWith("time by state") || l.contains("longest single wait")
                        || l.startsWith("tasks:")).toList());
        Gates.Limits limits = new Gates.Limits(null, null, -1, Map.of("socket.read", 1L, "monitor", 1L), 0, false);
        assertThat(Gates.evaluate(bounded, limits)).isEqualTo(Gates.evaluate(all, limits));
    }

    @Test
    void theTaskTableListsTheGroupsAfterTheRows() {
        StringWriter out = new StringWriter();
        TaskTable.write(analyze(10), TaskTable.Sort.WAITING, 0, new PrintWriter(out));
        String table = out.toString();
        assertThat(table).contains("summed into groups").containsPattern("(?m)^ +19\\d\\d\\d request-#");
        List<Map<String, Object>> json = TaskTable.jsonRows(analyze(10));
        assertThat(json).hasSize(12);
        assertThat(json.get(10)).containsEntry("group", true).containsEntry("name", "request-#");
    }

    private static String summary(Analysis a) {
        StringWriter out = new StringWriter();
        SummaryText.write(a, new PrintWriter(out));
        return out.toString();
    }

    /**
     * Events of a task that come after its end was applied (and its timeline compacted) are not a
     * new task's: a wait is counted as ignored, as before; a log or region is kept as an annotation.
     */
    @Test
    void eventsAfterACompactedTasksEndStartNoSecondTask() {
        dev.blockscope.analyzer.event.ThreadRef vt = dev.blockscope.analyzer.model.Trace.virtual(7);
        long t0 = ManyTasks.T0;
        List<dev.blockscope.analyzer.event.TraceEvent> events = List.of(
                new dev.blockscope.analyzer.event.TraceEvent.TaskStarted(t0, vt, -1, null, true),
                new dev.blockscope.analyzer.event.TraceEvent.TaskEnded(t0 + 1_000_000, vt, true),
                new dev.blockscope.analyzer.event.TraceEvent.LogRecorded(t0 + 5_000_000, vt, "late", "after the end", -1),
                new dev.blockscope.analyzer.event.TraceEvent.Blocked(t0 + 6_000_000, t0 + 7_000_000, vt, "sleep", false, null,
                        null, null, -1, true, -1),
                new dev.blockscope.analyzer.event.TraceEvent.RegionRecorded(t0 + 7_500_000, t0 + 8_000_000, vt, "late", -1));
        Analysis a = RecordingAnalyzer.analyzeEvents("late.jfr", events, List.of(), t0, t0 + 10_000_000,
                AnalysisOptions.DEFAULT);
        assertThat(a.tasks()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(7);
            assertThat(t.end()).isEqualTo(1_000_000L);
            assertThat(t.suspensions()).isZero();
        });
        assertThat(a.logs()).hasSize(1);
        assertThat(a.regions()).hasSize(1);
        assertThat(a.source().limits()).anySatisfy(l -> assertThat(l).startsWith("1 wait event(s) ignored"));
    }
}
