package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.event.TraceEvent.AgentStatsSampled;
import dev.blockscope.analyzer.event.TraceEvent.ContextSwitchesSampled;
import dev.blockscope.analyzer.event.TraceEvent.OsSwitchRateSampled;
import dev.blockscope.analyzer.report.Analysis.Agent;
import dev.blockscope.analyzer.report.Analysis.Os;
import dev.blockscope.analyzer.report.Analysis.OsRate;
import dev.blockscope.analyzer.report.Analysis.Overhead;
import java.util.HashMap;
import java.util.Map;

/**
 * Overhead: virtual-thread context switches (one per wait that unmounted: unmount, then mount),
 * OS context switches of the process' threads (differences of the agent's cumulative
 * /proc samples per OS thread), the whole system's switch rate from the JDK's
 * jdk.ThreadContextSwitchRate when a plain JDK recording has it, and the agent's own counters.
 */
public final class OverheadSummarizer {
    /**
     * Estimated cost of one virtual-thread switch (unmount + mount), used because a recording
     * does not measure it; the order of magnitude of a park/unpark round trip on a carrier.
     */
    public static final long ESTIMATED_SWITCH_NANOS = 1_000;
    /**
     * Estimated CPU cost of one recorded suspension (its Suspend, with the wake-up inside it, and
     * the probe path) at the agent's default stack policy: docs/overhead.md (fifth pass) measured
     * 0.87 to 0.97 µs of process CPU per recorded suspension on a quiet build machine, of which
     * 0.46 to 0.49 µs on the carrier; loaded machines measured up to twice that.
     */
    public static final long ESTIMATED_SUSPENSION_NANOS = 1_000;
    /**
     * Estimated CPU cost of one stack the agent had JFR take (the agent's statistics count them):
     * 2.7 µs in the JMH probe benchmark, about 8 µs for a virtual thread's 25-frame stack in an
     * HTTP handler (docs/overhead.md, fifth and seventh passes). Stacks are most of the agent's
     * cost in a service whose waits reach the stack threshold.
     */
    public static final long ESTIMATED_STACK_NANOS = 5_000;

    private long switches;
    private final Map<Long, long[]> firstLast = new HashMap<>(); // osThreadId -> {v0, i0, v1, i1, samples}
    private AgentStatsSampled agent;
    private int agentSamples;
    private long rateSamples;
    private double rateSum;
    private double rateMax;

    /** Where {@link #ESTIMATED_SWITCH_NANOS} comes from, in words, for the report. */
    public static final String COST_BASIS = "estimated: a fixed 1 µs per virtual-thread switch (unmount + mount, the "
            + "order of a park/unpark round trip on a carrier), not measured in this recording";

    /** One virtual-thread switch (a wait that unmounted). */
    public void contextSwitch() {
        switches++;
    }

    /** A cumulative OS sample. */
    public void os(ContextSwitchesSampled s) {
        long[] v = firstLast.get(s.osThreadId());
        if (v == null) {
            firstLast.put(s.osThreadId(), new long[] {s.voluntary(), s.involuntary(), s.voluntary(), s.involuntary(), 1});
        } else {
            v[2] = s.voluntary();
            v[3] = s.involuntary();
            v[4]++;
        }
    }

    /** A sample of the whole system's context-switch rate (jdk.ThreadContextSwitchRate). */
    public void osRate(OsSwitchRateSampled s) {
        if (Double.isFinite(s.perSecond()) && s.perSecond() >= 0) {
            rateSamples++;
            rateSum += s.perSecond();
            rateMax = Math.max(rateMax, s.perSecond());
        }
    }

    /** The agent's cumulative counters; the latest wins. */
    public void agent(AgentStatsSampled s) {
        agentSamples++;
        if (agent == null || s.time() >= agent.time()) {
            agent = s;
        }
    }

    /** Switches counted so far. */
    public long switches() {
        return switches;
    }

    /**
     * The JSON section, over a recording of {@code durationNanos} from {@code origin} on
     * {@code cpus} CPUs; {@code eventsByType} is every event read, per JFR type: the blockscope
     * events are counted from it (what the file holds), not from the agent's counters, whose last
     * periodic sample may be seconds older than the end of the recording, and for the same reason
     * {@code stacks} is the agent's Suspends in the file that carry a stack (a short run has no
     * statistics sample at all, and the summary said "0 stacks" when half the Suspends had one).
     */
    public Overhead result(long durationNanos, int cpus, long origin, Map<String, Long> eventsByType, long stacks,
                           SwitchCost.Measured measured) {
        double seconds = durationNanos / 1e9;
        long voluntary = 0;
        long involuntary = 0;
        long cumulativeVoluntary = 0;
        long cumulativeInvoluntary = 0;
        int twice = 0;
        for (long[] v : firstLast.values()) {
            voluntary += v[2] - v[0];
            involuntary += v[3] - v[1];
            cumulativeVoluntary += v[2];
            cumulativeInvoluntary += v[3];
            if (v[4] >= 2) {
                twice++;
            }
        }
        boolean isMeasured = measured.samples() >= SwitchCost.MIN_SAMPLES;
        long perSwitch = isMeasured ? measured.medianNanos() : ESTIMATED_SWITCH_NANOS;
        String basis = isMeasured
                ? String.format(java.util.Locale.ROOT, "measured: median of %,d back-to-back hand-offs on one carrier in this "
                        + "recording, from a virtual thread's suspension to the resumption of the next one, already runnable, "
                        + "on the same carrier: an upper bound, the agent's probe time at both ends included", measured.samples())
                : COST_BASIS + (measured.samples() == 0
                        ? " (no back-to-back hand-off on one carrier, a suspension followed by an already runnable virtual "
                          + "thread's resumption, to measure it from)"
                        : String.format(java.util.Locale.ROOT, " (only %d back-to-back hand-off(s) on one carrier to measure "
                          + "it from, median %s; %d needed)", measured.samples(),
                          dev.blockscope.analyzer.report.Durations.format(measured.medianNanos()), SwitchCost.MIN_SAMPLES));
        long cost = switches * perSwitch;
        double share = durationNanos > 0 ? (double) cost / ((double) durationNanos * Math.max(1, cpus)) : 0;
        long events = eventsByType.entrySet().stream().filter(e -> e.getKey().startsWith("blockscope."))
                .mapToLong(Map.Entry::getValue).sum();
        // EarlySuspend: suspensions measured before the agent's recording ran (startup=now)
        long suspensions = eventsByType.getOrDefault("blockscope.Suspend", 0L) + eventsByType.getOrDefault("blockscope.EarlySuspend", 0L)
                + eventsByType.getOrDefault("blockscope.LiveSuspend", 0L); // a live listener's chunk
        Agent a = new Agent(events, suspensions, agent == null || agent.bytes() <= 0 ? null : agent.bytes(),
                stacks, agent == null ? 0 : agent.errors(),
                suspensions * ESTIMATED_SUSPENSION_NANOS + stacks * ESTIMATED_STACK_NANOS,
                ESTIMATED_SUSPENSION_NANOS,
                agent == null ? null : agent.startupNanos(), agentSamples, agent == null ? null : agent.time() - origin);
        OsRate rate = rateSamples == 0 ? null : new OsRate(rateSamples, rateSum / rateSamples, rateMax);
        return new Overhead(switches, seconds > 0 ? switches / seconds : 0, perSwitch, isMeasured ? "measured" : "estimated",
                basis, measured.samples(), measured.medianNanos(), share, new Os(voluntary, involuntary, firstLast.size(), twice, cumulativeVoluntary, cumulativeInvoluntary),
                rate, a);
    }

    /** Agent counters, or null when the recording has none. */
    public AgentStatsSampled agentStats() {
        return agent;
    }
}
