package dev.blockscope.analyzer;

/**
 * What to analyze and how much to keep.
 *
 * @param timelineBudget most timeline intervals kept (then the timeline is truncated)
 * @param taskFilter     when not null, the blocking profile counts only tasks whose name, runtime
 *                       name or group contains this text
 * @param fromNanos      blocking profile window start, nanos from the recording start (0: start)
 * @param toNanos        blocking profile window end, nanos from the recording start (Long.MAX_VALUE: end)
 * @param maxTasks       most ended virtual threads with a row of their own (0: all); the others are
 *                       summed into {@code Analysis.taskGroups}, so memory does not grow with them
 */
public record AnalysisOptions(int timelineBudget, String taskFilter, long fromNanos, long toNanos, int maxTasks) {
    /** Rows kept by default for ended virtual threads: the ones that matter most (see {@code TaskRows}). */
    public static final int DEFAULT_MAX_TASKS = 10_000;

    /** Everything, with the default timeline budget and task rows. */
    public static final AnalysisOptions DEFAULT = new AnalysisOptions(
            dev.blockscope.analyzer.summary.TimelineRecorder.DEFAULT_BUDGET, null, 0, Long.MAX_VALUE);

    /** Options with the default number of task rows. */
    public AnalysisOptions(int timelineBudget, String taskFilter, long fromNanos, long toNanos) {
        this(timelineBudget, taskFilter, fromNanos, toNanos, DEFAULT_MAX_TASKS);
    }

    /** A negative count is a caller's mistake. */
    public AnalysisOptions {
        if (maxTasks < 0) {
            throw new IllegalArgumentException("maxTasks must be 0 (all) or more: " + maxTasks);
        }
    }

    /** These options keeping a row for at most {@code n} ended virtual threads (0: all). */
    public AnalysisOptions withMaxTasks(int n) {
        return new AnalysisOptions(timelineBudget, taskFilter, fromNanos, toNanos, n);
    }

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
