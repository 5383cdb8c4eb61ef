package dev.blockscope.analyzer.model;

/**
 * Receives each interval a {@link TaskTimeline} accounts, once, as soon as it is final. The
 * intervals of one task are delivered in time order, do not overlap, and cover its lifetime.
 */
@FunctionalInterface
public interface IntervalListener {
    /**
     * @param task     the timeline that accounted it (its task's name, kind and current carrier)
     * @param interval the interval: reused for the next one, so read it during this call only
     *                 ({@link Interval#copy()} keeps one)
     */
    void interval(TaskTimeline task, Interval interval);
}
