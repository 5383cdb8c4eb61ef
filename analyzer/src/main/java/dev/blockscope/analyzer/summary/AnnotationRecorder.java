package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.report.Analysis.LogRow;
import dev.blockscope.analyzer.report.Analysis.RegionRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's user annotations (blockscope.Region and blockscope.Log), kept in arrival order
 * up to a budget each so that memory stays bounded on a recording that logs in a loop; what is
 * past the budget is only counted. Times are relative to the window start.
 */
public final class AnnotationRecorder {
    /** Regions and logs kept, each, by default. */
    public static final int DEFAULT_BUDGET = 10_000;
    private static final int MAX_TEXT = 500;

    private final long origin;
    private final int budget;
    private final List<RegionRow> regions = new ArrayList<>();
    private final List<LogRow> logs = new ArrayList<>();
    private long regionsDropped;
    private long logsDropped;

    /** Keeps at most {@code budget} regions and {@code budget} logs; times relative to {@code origin}. */
    public AnnotationRecorder(long origin, int budget) {
        this.origin = origin;
        this.budget = budget;
    }

    /**
     * Drops the regions that ended and the logs written before {@code t} (nanos from the origin):
     * a live pass keeps only its window's, so the budget counts those.
     */
    public void forgetBefore(long t) {
        regions.removeIf(r -> r.end() < t);
        logs.removeIf(l -> l.t() < t);
    }

    /** Task {@code task} was in region {@code name} during [start, end] (epoch nanos). */
    public void region(long task, long start, long end, String name, long runtimeTaskId) {
        if (regions.size() >= budget) {
            regionsDropped++;
            return;
        }
        regions.add(new RegionRow(task, Math.max(0, start - origin), Math.max(0, end - origin), clip(name),
                runtimeTaskId > 0 ? runtimeTaskId : null));
    }

    /** Task {@code task} logged {@code message} under {@code category} at {@code time} (epoch nanos). */
    public void log(long task, long time, String category, String message, long runtimeTaskId) {
        if (logs.size() >= budget) {
            logsDropped++;
            return;
        }
        logs.add(new LogRow(task, Math.max(0, time - origin), clip(category), clip(message),
                runtimeTaskId > 0 ? runtimeTaskId : null));
    }

    // A message is the user's text: a very long one would bloat every report that carries it.
    private static String clip(String s) {
        return s == null || s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }

    /** Regions kept, in commit order. */
    public List<RegionRow> regions() { return List.copyOf(regions); }
    /** Logs kept, in commit order. */
    public List<LogRow> logs() { return List.copyOf(logs); }
    /** Regions past the budget, counted only. */
    public long regionsDropped() { return regionsDropped; }
    /** Logs past the budget, counted only. */
    public long logsDropped() { return logsDropped; }
}
