package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On the agent's recording of the demo (committed under golden/), each carrier's RUNNING time is
 * exactly the part of its virtual threads' run slices that falls in the carrier's own UNKNOWN
 * intervals, recomputed here independently from the timeline (whose carrier intervals stay
 * UNKNOWN), and the carriers' UNKNOWN time is what is left.
 */
class CarrierGoldenTest {
    static final Path DEMO = Path.of("src/test/resources/golden/demo.jfr");

    @Test
    void carriersRunWhatTheirVirtualThreadsRanOnThem() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(DEMO, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        Analysis.Timeline tl = a.timeline();
        assertThat(tl.truncated()).isFalse();
        int running = tl.states().indexOf("RUNNING");
        int unknown = tl.states().indexOf("UNKNOWN");
        List<Analysis.TaskRow> carriers = a.tasks().stream().filter(Analysis.TaskRow::carrier).toList();
        assertThat(carriers).hasSize(2);
        for (Analysis.TaskRow c : carriers) {
            List<long[]> gaps = new ArrayList<>();
            long unknownBefore = 0;
            for (int i = 0; i < tl.size(); i++) {
                if (tl.task()[i] == c.id() && tl.state()[i] == unknown) {
                    gaps.add(new long[] {tl.start()[i], tl.end()[i]});
                    unknownBefore += tl.end()[i] - tl.start()[i];
                }
            }
            long covered = 0;
            for (int i = 0; i < tl.size(); i++) {
                if (tl.carrier()[i] == c.id() && tl.state()[i] == running) {
                    for (long[] g : gaps) {
                        covered += Math.max(0, Math.min(tl.end()[i], g[1]) - Math.max(tl.start()[i], g[0]));
                    }
                }
            }
            assertThat(covered).as("slices on %s", c.name()).isPositive();
            assertThat(c.states().get("RUNNING")).as("RUNNING of %s", c.name()).isEqualTo(covered);
            assertThat(c.states().get("UNKNOWN")).isLessThan(unknownBefore - covered + 1).isGreaterThanOrEqualTo(0);
            long lifetime = (c.end() == null ? a.window().durationNanos() : c.end()) - c.start();
            assertThat(c.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(lifetime);
        }
    }
}
