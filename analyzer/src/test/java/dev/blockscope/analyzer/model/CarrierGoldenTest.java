package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On the agent's recording of the demo (committed under golden/), each carrier's lane (its own
 * timeline intervals) shows what its virtual threads did on it, and adds up to its table row:
 * the ground truth is the virtual threads' own intervals, whose {@code carrier} column names the
 * carrier they ran on or held.
 */
class CarrierGoldenTest {
    static final Path DEMO = Path.of("src/test/resources/golden/demo.jfr");

    @Test
    void carrierLanesShowWhatRanOnThemAndAddUpToTheirRows() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(DEMO, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        Analysis.Timeline tl = a.timeline();
        assertThat(tl.truncated()).isFalse();
        int running = tl.states().indexOf("RUNNING");
        List<Analysis.TaskRow> carriers = a.tasks().stream().filter(Analysis.TaskRow::carrier).toList();
        assertThat(carriers).hasSize(2);
        Map<Long, Boolean> virtual = new HashMap<>();
        a.tasks().forEach(t -> virtual.put(t.id(), t.virtual()));
        for (Analysis.TaskRow c : carriers) {
            // The lane's totals are the row's, state by state and reason by reason.
            Map<String, Long> laneStates = new HashMap<>();
            Map<String, Long> laneReasons = new HashMap<>();
            List<long[]> ownWaits = new ArrayList<>();
            long carrying = 0;
            for (int i = 0; i < tl.size(); i++) {
                if (tl.task()[i] != c.id()) {
                    continue;
                }
                String state = tl.states().get(tl.state()[i]);
                long d = tl.end()[i] - tl.start()[i];
                laneStates.merge(state, d, Long::sum);
                if (state.equals("BLOCKED")) {
                    laneReasons.merge(tl.reasons().get(tl.reason()[i]), d, Long::sum);
                }
                if (tl.carrier()[i] >= 0) {
                    assertThat(virtual.get(tl.carrier()[i])).as("carried task #%d", tl.carrier()[i]).isTrue();
                    if (tl.state()[i] == running) {
                        carrying += d;
                        assertThat(insideASliceOf(tl, tl.carrier()[i], c.id(), tl.start()[i], tl.end()[i]))
                                .as("lane piece [%d,%d) of %s", tl.start()[i], tl.end()[i], c.name()).isTrue();
                    }
                } else if (state.equals("BLOCKED")) {
                    ownWaits.add(new long[] {tl.start()[i], tl.end()[i]});
                }
            }
            c.states().forEach((s, v) -> assertThat(laneStates.getOrDefault(s, 0L)).as("%s of %s", s, c.name()).isEqualTo(v));
            c.reasons().forEach((r, v) -> assertThat(laneReasons.getOrDefault(r, 0L)).as("%s of %s", r, c.name()).isEqualTo(v));

            // Ground truth: the virtual threads' run slices on this carrier, outside its own waits.
            long slices = 0;
            for (int i = 0; i < tl.size(); i++) {
                if (tl.carrier()[i] == c.id() && tl.state()[i] == running && virtual.getOrDefault(tl.task()[i], false)) {
                    long d = tl.end()[i] - tl.start()[i];
                    for (long[] w : ownWaits) {
                        d -= Math.max(0, Math.min(tl.end()[i], w[1]) - Math.max(tl.start()[i], w[0]));
                    }
                    slices += d;
                }
            }
            assertThat(carrying).as("time %s carried virtual threads", c.name()).isPositive().isEqualTo(slices);
            long lifetime = (c.end() == null ? a.window().durationNanos() : c.end()) - c.start();
            assertThat(c.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(lifetime);
        }
    }

    private static boolean insideASliceOf(Analysis.Timeline tl, long task, long carrier, long start, long end) {
        for (int i = 0; i < tl.size(); i++) {
            if (tl.task()[i] == task && tl.carrier()[i] == carrier && tl.states().get(tl.state()[i]).equals("RUNNING")
                    && tl.start()[i] <= start && tl.end()[i] >= end) {
                return true;
            }
        }
        return false;
    }
}
