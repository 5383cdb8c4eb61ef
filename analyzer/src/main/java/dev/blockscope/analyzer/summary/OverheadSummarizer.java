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
    /** Estimated cost of committing one agent event with its stack, for the agent's own cost. */
    public static final long ESTIMATED_EVENT_NANOS = 2_000;

    private long switches;
    private final Map<Long, long[]> firstLast = new HashMap<>(); // osThreadId -> {v0, i0, v1, i1}
    private AgentStatsSampled agent;
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
            firstLast.put(s.osThreadId(), new long[] {s.voluntary(), s.involuntary(), s.voluntary(), s.involuntary()});
        } else {
            v[2] = s.voluntary();
            v[3] = s.involuntary();
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
        if (agent == null || s.time() >= agent.time()) {
            agent = s;
        }
    }

    /** Switches counted so far. */
    public long switches() {
        return switches;
    }

    /** The JSON section, over a recording of {@code durationNanos} on {@code cpus} CPUs. */
    public Overhead result(long durationNanos, int cpus) {
        double seconds = durationNanos / 1e9;
        long voluntary = 0;
        long involuntary = 0;
        for (long[] v : firstLast.values()) {
            voluntary += v[2] - v[0];
            involuntary += v[3] - v[1];
        }
        long cost = switches * ESTIMATED_SWITCH_NANOS;
        double share = durationNanos > 0 ? (double) cost / ((double) durationNanos * Math.max(1, cpus)) : 0;
        Agent a = agent == null ? new Agent(0, 0, 0, 0, 0) : new Agent(agent.suspends() + agent.unparks() + agent.taskEvents(),
                agent.bytes(), agent.stacks(), agent.errors(),
                agent.startupNanos() + (agent.suspends() + agent.unparks() + agent.taskEvents()) * ESTIMATED_EVENT_NANOS);
        OsRate rate = rateSamples == 0 ? null : new OsRate(rateSamples, rateSum / rateSamples, rateMax);
        return new Overhead(switches, seconds > 0 ? switches / seconds : 0, ESTIMATED_SWITCH_NANOS, "estimated", COST_BASIS,
                share, new Os(voluntary, involuntary, firstLast.size()), rate, a);
    }

    /** Agent counters, or null when the recording has none. */
    public AgentStatsSampled agentStats() {
        return agent;
    }
}
