package dev.blockscope.analyzer;

import dev.blockscope.analyzer.event.TraceEvent.AgentStatsSampled;
import dev.blockscope.analyzer.summary.AnnotationRecorder;
import dev.blockscope.analyzer.summary.TimelineRecorder;
import dev.blockscope.analyzer.report.Durations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What kind of recording this is and, in words for the user, what it cannot show: the
 * {@code source.kind} and {@code source.limits} of the analysis.
 */
final class SourceKinds {
    private SourceKinds() {}

    static String kind(Map<String, Long> eventsByType) {
        boolean blockscope = eventsByType.keySet().stream().anyMatch(k -> k.startsWith("blockscope."));
        boolean profiler = eventsByType.keySet().stream().anyMatch(k -> k.startsWith("profiler."));
        return blockscope ? "blockscope" : profiler ? "async-profiler" : "jdk";
    }

    /** A task and the UNKNOWN time a limit is about. */
    record TaskGap(long id, String name, long nanos) {}

    private static final int NAMED = 5;

    /** The tasks a limit is about: how many, their time in all, and the {@value #NAMED} largest (memory: those five). */
    static final class Gaps {
        private static final Comparator<TaskGap> LARGEST_FIRST = Comparator.comparingLong(TaskGap::nanos).reversed()
                .thenComparingLong(TaskGap::id);
        private final List<TaskGap> largest = new ArrayList<>(NAMED + 1);
        private long count;
        private long nanos;

        void add(long id, String name, long gap) {
            count++;
            nanos += gap;
            dev.blockscope.analyzer.model.TopN.keep(largest, new TaskGap(id, name, gap), LARGEST_FIRST, NAMED);
        }

        long size() {
            return count;
        }

        boolean isEmpty() {
            return count == 0;
        }
    }

    static String total(Gaps gaps) {
        return Durations.format(gaps.nanos);
    }

    /** The largest gaps first, at most {@value #NAMED} named. */
    static String names(Gaps gaps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < gaps.largest.size(); i++) {
            TaskGap g = gaps.largest.get(i);
            b.append(i == 0 ? "" : ", ").append('#').append(g.id()).append(' ')
                    .append(dev.blockscope.analyzer.report.TaskNames.label(g.name())).append(' ').append(Durations.format(g.nanos()));
        }
        if (gaps.count > NAMED) {
            b.append(" and ").append(gaps.count - NAMED).append(" more");
        }
        return b.toString();
    }

    /**
     * What the file lacks of the time the agent recorded: the oldest part dropped to keep within
     * {@code maxsize=} (the agent's own chunks, which it counts, and JFR's, seen from the file
     * beginning later than the agent began), and an end the agent chose itself (the disk bound).
     * Without it a 30 s wait that began before the 94 ms the file kept showed as a 30 s wait in a
     * 94 ms recording without a word. {@code origin}: where the file's time begins (epoch nanos).
     */
    static List<String> agentWindow(AgentStatsSampled agent, long origin) {
        List<String> limits = new ArrayList<>();
        if (agent == null) {
            return limits;
        }
        long lost = agent.recordingSince() > 0 ? origin - agent.recordingSince() : 0;
        if (lost > DROPPED_SLACK_NANOS) {
            limits.add("the file begins " + Durations.format(lost) + " after the agent began recording (at "
                    + java.time.Instant.ofEpochSecond(0, agent.recordingSince()) + "): the oldest part was dropped to keep"
                    + " within maxsize=. A wait that began before the file's time shows its whole length, but nothing else"
                    + " of that time is here");
        }
        if (agent.chunksDropped() > 0) {
            long until = agent.droppedUntil() - origin;
            limits.add("the agent's own events (the suspensions without a stack, task starts and ends, carrier idle) are"
                    + " missing " + (until > 0 ? "before +" + Durations.format(until) : "from the start") + ": its "
                    + agent.chunksDropped() + " oldest chunk(s) (" + String.format(java.util.Locale.ROOT, "%,d", agent.bytesDropped())
                    + " bytes) were dropped to keep within maxsize=. Until then tasks show only through JFR's events (waits"
                    + " with a stack, the JDK's events), their other time is UNKNOWN or missing, and a wait that began before"
                    + " shows its whole length");
        }
        if (agent.stopReason() != null && !agent.stopReason().isBlank()) {
            limits.add("the agent stopped recording by itself before the application ended: " + agent.stopReason()
                    + "; nothing after that is recorded");
        }
        return limits;
    }

    /** How much later than the agent's start the file may begin without anything dropped (JFR's own start). */
    private static final long DROPPED_SLACK_NANOS = 1_000_000_000L;

    /** Wait events the task timelines ignored, those they clipped, and the waiting time that cost. */
    record Ignored(long events, long clipped, long nanos) {}

    static List<String> limits(String kind, Map<String, Long> byType, boolean virtuals, Gaps alive,
                               Gaps unknownStart, Gaps silent, Gaps carriers,
                               Ignored ignored, TimelineRecorder timeline, AgentStatsSampled agent, Map<String, String> probesOff,
                               AnnotationRecorder annotations) {
        List<String> limits = new ArrayList<>();
        if (ignored.events() > 0 || ignored.clipped() > 0) {
            List<String> what = new ArrayList<>();
            if (ignored.events() > 0) {
                what.add(ignored.events() + " wait event(s) ignored: they came after their task's end, or lay inside time "
                        + "another event of the task already covered");
            }
            if (ignored.clipped() > 0) {
                what.add(ignored.clipped() + " wait event(s) began inside time another event of the task already covered "
                        + "and were cut to start after it");
            }
            what.add(Durations.format(ignored.nanos()) + " of their waiting time is not on the timeline as theirs");
            limits.add(String.join("; ", what));
        }
        if (!kind.equals("blockscope")) {
            limits.add("no blockscope events (recorded without the blockscope agent): only the waits the JDK records are "
                    + "visible (jdk.ThreadPark, jdk.JavaMonitorEnter/Wait, jdk.ThreadSleep, jdk.Socket*, jdk.File*, "
                    + "jdk.VirtualThreadPinned; by default only those over 20 ms), time between them is UNKNOWN, and "
                    + "scheduler latency, carriers and wakers are not available");
            if (virtuals && byType.getOrDefault("jdk.VirtualThreadStart", 0L) == 0) {
                limits.add("jdk.VirtualThreadStart/End were not enabled: virtual threads' lifetimes start at the "
                        + "recording start and are UNKNOWN until their first event");
            }
        }
        if (kind.equals("async-profiler")) {
            limits.add("async-profiler samples (profiler.WallClockSample, jdk.ExecutionSample) are instants: they are "
                    + "counted per task by state (tasks[].samples) but not stretched into intervals, so sampled time "
                    + "stays UNKNOWN");
        }
        if (!alive.isEmpty()) {
            limits.add(alive.size() + " task(s) were alive at the end of the recording, " + total(alive)
                    + " UNKNOWN after their last event in all (a wait is written only when it ends, so a task "
                    + "waiting at the end shows no trace of that wait): " + names(alive));
        }
        if (!unknownStart.isEmpty()) {
            limits.add(unknownStart.size() + " task(s) have no start event (started before the recording, or the start "
                    + "events were not enabled), " + total(unknownStart) + " UNKNOWN from the recording start to their "
                    + "first event in all: " + names(unknownStart));
        }
        if (!silent.isEmpty()) {
            limits.add(silent.size() + " platform thread(s) were seen only through jdk.* events and never waited in "
                    + "one that was recorded, so their whole lifetime is UNKNOWN: JDK housekeeping threads parked the "
                    + "whole time are like this (a wait is written only when it ends, and the JDK's own wait events "
                    + "only over their threshold, 20 ms by default): " + names(silent));
        }
        if (!carriers.isEmpty()) {
            limits.add(carriers.size() + " carrier thread(s) have " + total(carriers) + " UNKNOWN left in all, time that "
                    + "neither their own events nor the run slices of the virtual threads on them cover (idle in the "
                    + "pool in parks the JDK did not record, or after their last event): " + names(carriers));
        }
        if (timeline.dropped() > 0) {
            limits.add("timeline truncated: " + timeline.size() + " intervals kept, " + timeline.dropped() + " interval(s) of "
                    + timeline.tasksCut() + " task(s) left out (" + Durations.format(timeline.droppedNanos())
                    + " in all), the shortest first: none left out is longer than "
                    + Durations.format(timeline.longestDropped()) + " and every interval kept is at least as long "
                    + "(lanes have gaps where short intervals were); the summaries still count everything");
        }
        if (agent != null && agent.dropped() > 0) {
            limits.add(agent.dropped() + " event(s) were not recorded: the agent's buffers were full (the recording could not keep"
                    + " up with the application); the waits they were are missing from the timeline");
        }
        if (agent != null && agent.belowThreshold() > 0) {
            limits.add(agent.belowThreshold() + " suspension(s) shorter than the agent's threshold were not recorded: "
                    + "their time counts as RUNNING");
        }
        if (annotations.regionsDropped() + annotations.logsDropped() > 0) {
            limits.add("annotations truncated: " + annotations.regions().size() + " regions and " + annotations.logs().size()
                    + " logs kept, " + annotations.regionsDropped() + " regions and " + annotations.logsDropped()
                    + " logs more not listed");
        }
        probesOff.forEach((probe, detail) -> limits.add("agent probe '" + probe + "' was off"
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")") + ": waits it covers are not recorded"));
        return limits;
    }
}
