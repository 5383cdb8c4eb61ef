package dev.blockscope.analyzer;

/**
 * What to analyze and how much to keep.
 *
 * @param timelineBudget most timeline intervals kept (then the timeline is truncated)
 * @param taskFilter     when not null, the blocking profile counts only tasks whose name, runtime
 *                       name or group contains this text
 * @param fromNanos      blocking profile window start, nanos from the recording start (0: start)
 * @param toNanos        blocking profile window end, nanos from the recording start (Long.MAX_VALUE: end)
 */
public record AnalysisOptions(int timelineBudget, String taskFilter, long fromNanos, long toNanos) {
    /** Everything, with the default timeline budget. */
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(
            dev.blockscope.analyzer.summary.TimelineRecorder.DEFAULT_BUDGET, null, 0, Long.MAX_VALUE);

    /** Whether a task with these names passes the task filter. */
    public boolean matches(String name, String runtimeName, String group) {
        if (taskFilter == null || taskFilter.isEmpty()) {
            return true;
        }
        return contains(name) || contains(runtimeName) || contains(group);
    }

    private boolean contains(String s) {
        return s != null && s.contains(taskFilter);
    }
}
