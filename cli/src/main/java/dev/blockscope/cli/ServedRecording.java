package dev.blockscope.cli;

import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.TimelineWindow;
import dev.blockscope.analyzer.summary.IntervalFile;
import dev.blockscope.ui.AnalysisSource;
import dev.blockscope.ui.RangeSummary;
import java.util.List;
import java.util.Set;

/**
 * What {@code serve FILE} needs of an analysis, and no more: the summary JSON (computed once, the
 * whole recording's window being the costly part), each task's whole row, the name tables and carrier tasks a window and
 * a range read, and the file of every interval ordered by task. A fresh analysis and one reopened
 * from {@link ServeCache} are both served through this one class, so the cache cannot change an
 * answer: the summary is the same bytes, and windows and ranges are computed by the same code from
 * the same columns.
 *
 * @param damaged the line saying what of a damaged recording was skipped, or null for a whole one
 */
record ServedRecording(byte[] summary, List<String> states, List<String> reasons, List<String> blockers, Set<Long> carrierTasks,
                       IntervalFile byTask, TaskDetails tasks, String damaged) implements AnalysisSource, AutoCloseable {

    /**
     * The served form of a fresh analysis (the summary computed here, as {@link ServeCommand.Source}
     * does, over the task rows {@link TaskDetails#summaryRows} leaves; the whole rows kept for
     * {@code /api/task}).
     */
    static ServedRecording of(Analysis a, IntervalFile byTask, String damaged) {
        ServeCommand.Source source = new ServeCommand.Source(TaskDetails.summaryRows(a), byTask);
        Analysis.Timeline tl = a.timeline();
        return new ServedRecording(source.summaryJson(), tl.states(), tl.reasons(), tl.blockers(), ServeCommand.Source.carrierTasks(a),
                byTask, TaskDetails.of(a.tasks()), damaged);
    }

    /**
     * The served form of a fresh analysis and its file of intervals in arrival order: that file is
     * ordered by task (telling {@code phase} first) and closed, the summary computed (after
     * {@code phase} "summarizing"); the file by task is the result's, or closed if this fails.
     */
    static ServedRecording from(RecordingAnalyzer.Full full, String damaged, java.util.function.Consumer<String> phase) {
        IntervalFile byTask;
        phase.accept("ordering the intervals by task");
        try {
            byTask = full.intervals().byTaskReplacing(); // the file in arrival order is given up as it is read
        } finally {
            full.close(); // the file in arrival order; the one by task stays until the server stops
        }
        phase.accept("summarizing");
        try {
            return of(full.analysis(), byTask, damaged);
        } catch (RuntimeException | Error e) {
            byTask.close();
            throw e;
        }
    }

    @Override
    public byte[] summaryJson() {
        return summary;
    }

    @Override
    public byte[] taskJson(long id) {
        return tasks.row(id);
    }

    @Override
    public byte[] windowJson(long startNanos, long endNanos, int maxIntervals) {
        return AnalysisJson.bytes(TimelineWindow.window(states, reasons, blockers, byTask, startNanos, endNanos, maxIntervals));
    }

    @Override
    public byte[] rangeJson(long startNanos, long endNanos) {
        return RangeSummary.json(new ServeCommand.FileIntervals(states, reasons, carrierTasks, byTask), startNanos, endNanos);
    }

    @Override
    public void close() {
        byTask.close();
    }
}
