package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.report.Analysis.Bucket;
import dev.blockscope.analyzer.report.Analysis.ByCarriers;
import dev.blockscope.analyzer.report.Analysis.OverTime;
import dev.blockscope.analyzer.report.Analysis.SchedLatency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Scheduler latency (a virtual thread's RUNNABLE time: unpark to running) as HdrHistograms: one
 * overall, one per fixed-width window of the recording, one per number of active carriers.
 * Percentiles have the histograms' two significant digits; maxima are exact (a histogram's max
 * is the top of its bucket: 197.1 ms for the demo's 196.4 ms).
 */
public final class SchedLatencySummarizer {
    /** Windows of the "over time" series. */
    static final int WINDOWS = 60;

    private final Histogram all = new Histogram(2);
    private final long origin;
    private final long width;
    private final Histogram[] windows = new Histogram[WINDOWS];
    private final long[] windowMax = new long[WINDOWS];
    /** Per count of active carriers: its histogram and largest value (no boxed value per latency). */
    private final Map<Integer, ByCount> byCarriers = new TreeMap<>();

    private static final class ByCount {
        final Histogram histogram = new Histogram(2);
        long max = Long.MIN_VALUE;
    }
    private long max;

    /** Latencies over a recording starting at {@code origin} and lasting about {@code duration} nanos. */
    public SchedLatencySummarizer(long origin, long duration) {
        this.origin = origin;
        this.width = Math.max(1_000_000, (duration + WINDOWS - 1) / WINDOWS);
    }

    /** A latency of {@code nanos}, ending at {@code time}, while {@code activeCarriers} carriers were active (-1 unknown). */
    public void add(long time, long nanos, int activeCarriers) {
        all.recordValue(nanos);
        max = Math.max(max, nanos);
        int w = (int) Math.max(0, Math.min(WINDOWS - 1, (time - origin) / width));
        if (windows[w] == null) {
            windows[w] = new Histogram(2);
        }
        windows[w].recordValue(nanos);
        windowMax[w] = Math.max(windowMax[w], nanos);
        if (activeCarriers >= 0) {
            ByCount c = byCarriers.get(activeCarriers);
            if (c == null) {
                c = new ByCount();
                byCarriers.put(activeCarriers, c);
            }
            c.histogram.recordValue(nanos);
            c.max = Math.max(c.max, nanos);
        }
    }

    /** Overall percentile in nanos (0 when empty). */
    public long percentile(double p) {
        // a percentile is the top of its bucket, which may lie above the largest value seen
        return all.getTotalCount() == 0 ? 0 : Math.min(max, all.getValueAtPercentile(p));
    }

    /** The JSON section, without a profile by stack. */
    public SchedLatency result() {
        return result(List.of());
    }

    /** The JSON section; {@code byStack}: RUNNABLE time by the stack and reason of the wait it was woken from. */
    public SchedLatency result(List<dev.blockscope.analyzer.report.Analysis.StackRow> byStack) {
        long n = all.getTotalCount();
        List<Bucket> buckets = new ArrayList<>();
        if (n > 0) {
            for (HistogramIterationValue v : all.logarithmicBucketValues(1000, 2)) {
                buckets.add(new Bucket(v.getValueIteratedTo(), v.getCountAddedInThisIterationStep()));
            }
        }
        List<OverTime> overTime = new ArrayList<>();
        for (int i = 0; i < WINDOWS; i++) {
            Histogram h = windows[i];
            if (h != null) {
                overTime.add(new OverTime(i * width, h.getTotalCount(), Math.min(windowMax[i], h.getValueAtPercentile(99)), windowMax[i]));
            }
        }
        List<ByCarriers> carriers = new ArrayList<>();
        byCarriers.forEach((k, c) -> {
            Histogram h = c.histogram;
            long top = c.max;
            carriers.add(new ByCarriers(k, h.getTotalCount(), Math.min(top, h.getValueAtPercentile(50)),
                    Math.min(top, h.getValueAtPercentile(99)), top));
        });
        return new SchedLatency(n, percentile(50), percentile(90), percentile(99), max,
                n == 0 ? 0 : Math.round(all.getMean()), buckets, overTime, carriers, byStack);
    }
}
