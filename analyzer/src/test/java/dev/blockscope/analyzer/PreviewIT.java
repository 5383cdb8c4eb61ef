package dev.blockscope.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.profile.CpuShareIT;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.summary.IntervalFile;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A preview of a real agent recording ({@link HandOffLoad} under the agent): the JDK's one chunk
 * runs beside all of blockscope's, so the preview reads it and cuts it where the first chunk left
 * out starts. Ground truth is the whole file's analysis: every interval of a task the preview
 * closes before its end, and of a carrier a second before it, is the whole analysis' own, and
 * nothing of the preview lies after its end.
 */
class PreviewIT {
    @TempDir Path dir;

    @Test
    void aPreviewOfAnAgentRecordingIsTheWholeAnalysisCutAtItsEnd() throws Exception {
        Path jfr = dir.resolve("handoff.jfr");
        // chunks of 1 MB (maxsize's quarter), none dropped: the load writes about 1.5 MB, two of blockscope's chunks
        CpuShareIT.Run run = CpuShareIT.underAgent(jfr, "startup=wait,maxsize=4m", HandOffLoad.class, "2.5", "50");
        assertThat(run.out()).contains("GROUND-TRUTH hand-offs ");
        try (RecordingAnalyzer.Full whole = RecordingAnalyzer.analyzeFull(jfr, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
             RecordingAnalyzer.Full preview = RecordingAnalyzer.analyzePreview(jfr, AnalysisOptions.DEFAULT, 1)) {
            assertThat(preview).as("a preview of %s", whole.analysis().source().limits()).isNotNull();
            Analysis p = preview.analysis();
            Analysis w = whole.analysis();
            String limit = p.source().limits().stream().filter(l -> l.startsWith("a preview: ")).findFirst().orElseThrow();
            System.out.println(limit);
            assertThat(p.window().startEpochNanos()).isEqualTo(w.window().startEpochNanos());
            long end = p.window().durationNanos();
            assertThat(end).isGreaterThanOrEqualTo(1_000_000_000L).isLessThan(w.window().durationNanos());
            assertThat(p.source().skipped()).isEmpty();
            assertThat(w.source().limits()).noneMatch(l -> l.contains("dropped"));

            IntervalFile pf = preview.intervals();
            Set<String> all = PreviewTest.rows(whole.intervals(), w, Long.MAX_VALUE);
            Set<Long> carriers = new HashSet<>();
            p.tasks().stream().filter(Analysis.TaskRow::carrier).forEach(t -> carriers.add(t.id()));
            Set<String> closed = PreviewTest.rows(pf, p, end);
            closed.removeIf(r -> carriers.contains(Long.parseLong(r.split(" ")[0]))
                    && Long.parseLong(r.split(" ")[1].split("-")[1]) >= end - 1_000_000_000L);
            for (long i = 0; i < pf.size(); i++) {
                assertThat(pf.end(i)).isLessThanOrEqualTo(end);
            }
            long matched = 0;
            for (String row : closed) {
                assertThat(all.contains(row)).as("an interval the preview closed before its end, %s, is the whole analysis' own", row).isTrue();
                matched++;
            }
            assertThat(matched).as("intervals the preview closed").isGreaterThan(1_000);
            for (String name : List.of("ping", "pong")) {
                Analysis.TaskRow t = p.tasks().stream().filter(r -> name.equals(r.name())).findFirst().orElseThrow();
                assertThat(t.end()).as(name + " runs past the preview's end").isNull();
                assertThat(t.suspensions()).isPositive();
            }
        }
    }
}
