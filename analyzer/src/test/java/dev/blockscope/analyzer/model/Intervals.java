package dev.blockscope.analyzer.model;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import java.util.ArrayList;
import java.util.List;

/** Reads one task's intervals back from an analysis' columnar timeline, for assertions. */
public record Intervals(String state, long start, long end, String reason, long carrier, long waker) {
    /** Analyzes a synthetic trace over the window [0, end]. */
    public static Analysis analyze(Trace trace, long end) {
        return RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), List.of(List.of("app.Main.work:10"),
                List.of("java.lang.Object.wait0", "app.Cache.load:42")), 0, end, AnalysisOptions.DEFAULT);
    }

    public static List<Intervals> of(Analysis a, long task) {
        Analysis.Timeline tl = a.timeline();
        List<Intervals> out = new ArrayList<>();
        for (int i = 0; i < tl.size(); i++) {
            if (tl.task()[i] == task) {
                out.add(new Intervals(tl.states().get(tl.state()[i]), tl.start()[i], tl.end()[i],
                        tl.reason()[i] < 0 ? null : tl.reasons().get(tl.reason()[i]), tl.carrier()[i], tl.waker()[i]));
            }
        }
        return out;
    }

    public static Intervals iv(String state, long start, long end, String reason, long carrier, long waker) {
        return new Intervals(state, start, end, reason, carrier, waker);
    }

    public static Analysis.TaskRow row(Analysis a, long task) {
        return a.tasks().stream().filter(t -> t.id() == task).findFirst().orElseThrow();
    }
}
