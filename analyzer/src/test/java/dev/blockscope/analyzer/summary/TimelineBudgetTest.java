package dev.blockscope.analyzer.summary;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.model.Intervals;
import dev.blockscope.analyzer.model.Trace;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.event.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The timeline's interval budget is fair to long intervals. On a 94 MB recording the first two
 * million intervals (millions of short hand-offs) filled it, and the JVM service threads' long
 * BLOCKED and UNKNOWN intervals, written last, were dropped: their lanes were empty. Here five
 * virtual threads make 200 short intervals first and a platform thread's 198 ns wait comes last,
 * with room for 60: the 60 longest stay, in time order per task, and the limits say what went.
 */
class TimelineBudgetTest {
    static final ThreadRef C = carrier(1);
    static final ThreadRef SERVICE = platform(50);

    static Trace trace() {
        Trace t = new Trace().start(SERVICE, 0, null);
        for (int v = 0; v < 5; v++) {
            ThreadRef vt = virtual(10 + v);
            t.start(vt, 0, C);
            for (int k = 0; k < 19; k++) {
                // runs 5 + v ns, sleeps 1 + k % 3 ns
                long s = 10L * k + 5 + v % 3;
                t.suspend(vt, s, s + 1 + k % 3, Reason.SLEEP, C, C, -1);
            }
            t.end(vt, 200);
        }
        return t.suspend(SERVICE, 1, 199, Reason.PARK_OTHER).end(SERVICE, 200);
    }

    static Analysis analyze(int budget) {
        return RecordingAnalyzer.analyzeEvents("synthetic", trace().events(), List.of(), 0, 200,
                new AnalysisOptions(budget, null, 0, Long.MAX_VALUE));
    }

    @Test
    void theShortestIntervalsGoFirstAndEveryLongerOneIsKept() {
        Analysis whole = analyze(AnalysisOptions.DEFAULT.timelineBudget());
        Analysis cut = analyze(60);
        assertThat(whole.timeline().truncated()).isFalse();
        assertThat(whole.timeline().size()).as("premise: more than the budget").isGreaterThan(150);
        assertThat(cut.timeline().truncated()).isTrue();
        assertThat(cut.timeline().size()).isEqualTo(60);

        assertThat(Intervals.of(cut, 50)).contains(Intervals.iv("BLOCKED", 1, 199, Reason.PARK_OTHER, -1, -1));
        long shortestKept = Long.MAX_VALUE;
        long longestMissing = 0;
        for (long task : List.of(10L, 11L, 12L, 13L, 14L, 50L)) {
            List<Intervals> all = Intervals.of(whole, task);
            List<Intervals> kept = Intervals.of(cut, task);
            assertThat(all).as("task %d keeps its intervals in order", task).containsSubsequence(kept);
            List<Intervals> missing = new ArrayList<>(all);
            missing.removeAll(kept);
            shortestKept = Math.min(shortestKept, kept.stream().mapToLong(i -> i.end() - i.start()).min().orElse(Long.MAX_VALUE));
            longestMissing = Math.max(longestMissing, missing.stream().mapToLong(i -> i.end() - i.start()).max().orElse(0));
        }
        assertThat(longestMissing).as("nothing missing is longer than what was kept").isPositive().isLessThanOrEqualTo(shortestKept);
        // the summaries still count everything
        assertThat(Intervals.row(cut, 50).states()).isEqualTo(Intervals.row(whole, 50).states());
        assertThat(cut.overhead().contextSwitches()).isEqualTo(whole.overhead().contextSwitches());
        assertThat(cut.source().limits()).anyMatch(l -> l.startsWith("timeline truncated: " + cut.timeline().size()
                + " intervals kept") && l.contains("the shortest first: none left out is longer than ") && l.matches("timeline truncated: \\d+ intervals kept, \\d+ interval\\(s\\) of \\d+ task\\(s\\) left out .*")
                && l.contains(" task(s) left out"));
    }
}
