package dev.blockscope.analyzer;

import dev.blockscope.analyzer.event.TraceEvent.AgentStatsSampled;
import dev.blockscope.analyzer.summary.AnnotationRecorder;
import dev.blockscope.analyzer.summary.TimelineRecorder;
import dev.blockscope.analyzer.report.Limit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What kind of recording this is and what it cannot show: the {@code source.kind} of the
 * analysis and the {@link Limit}s that {@code LimitText} says in {@code source.limits}.
 */
final class SourceKinds {
    private SourceKinds() {}

    static String kind(Map<String, Long> eventsByType) {
        boolean blockscope = eventsByType.keySet().stream().anyMatch(k -> k.startsWith("blockscope."));
        boolean profiler = eventsByType.keySet().stream().anyMatch(k -> k.startsWith("profiler."));
        return blockscope ? "blockscope" : profiler ? "async-profiler" : "jdk";
    }

    private static final int NAMED = 5;

    /** The tasks a limit is about, as they come: how many, their time in all, and the {@value #NAMED} largest (memory: those five). */
    static final class Gaps {
        private static final Comparator<Limit.TaskTime> LARGEST_FIRST = Comparator.comparingLong(Limit.TaskTime::nanos)
                .reversed().thenComparingLong(Limit.TaskTime::id);
        private final List<Limit.TaskTime> largest = new ArrayList<>(NAMED + 1);
        private long count;
        private long nanos;

        void add(long id, String name, long gap) {
            count++;
            nanos += gap;
            dev.blockscope.analyzer.model.TopN.keep(largest, new Limit.TaskTime(id, name, gap), LARGEST_FIRST, NAMED);
        }

        boolean isEmpty() {
            return count == 0;
        }

        /** What the limit says of them. */
        Limit.Tasks tasks() {
            return new Limit.Tasks(count, nanos, largest);
        }
    }

    /**
     * What the file lacks of the time the agent recorded: the oldest part dropped to keep within
     * {@code maxsize=} (the agent's own chunks, which it counts, and JFR's, seen from the file
     * beginning later than the agent began), and an end the agent chose itself (the disk bound).
     * Without it a 30 s wait that began before the 94 ms the file kept showed as a 30 s wait in a
     * 94 ms recording without a word. {@code origin}: where the file's time begins (epoch nanos).
     */
    static List<Limit> agentWindow(AgentStatsSampled agent, long origin) {
        List<Limit> limits = new ArrayList<>();
        if (agent == null) {
            return limits;
        }
        long lost = agent.recordingSince() > 0 ? origin - agent.recordingSince() : 0;
        if (lost > DROPPED_SLACK_NANOS) {
            limits.add(new Limit.FileBeginsLate(lost, agent.recordingSince()));
        }
        if (agent.chunksDropped() > 0) {
            limits.add(new Limit.AgentChunksDropped(agent.droppedUntil() - origin, agent.chunksDropped(), agent.bytesDropped()));
        }
        if (agent.stopReason() != null && !agent.stopReason().isBlank()) {
            limits.add(new Limit.AgentStopped(agent.stopReason()));
        }
        return limits;
    }

    /** How much later than the agent's start the file may begin without anything dropped (JFR's own start). */
    private static final long DROPPED_SLACK_NANOS = 1_000_000_000L;

    /** Wait events the task timelines ignored, those they clipped, and the waiting time that cost. */
    record Ignored(long events, long clipped, long nanos) {}

    /** The tasks whose time a limit is about, gathered while the rows are made. */
    record TaskGaps(Gaps alive, Gaps unknownStart, Gaps silent, Gaps carriers, Gaps service) {}

    /** What the kind of recording, its tasks' gaps, the timeline, the agent's counters and probes and the annotations leave out. */
    static List<Limit> limits(String kind, Map<String, Long> byType, boolean virtuals, TaskGaps gaps, Ignored ignored,
                              TimelineRecorder timeline, AgentStatsSampled agent, Map<String, String> probesOff,
                              AnnotationRecorder annotations) {
        List<Limit> limits = new ArrayList<>();
        if (ignored.events() > 0 || ignored.clipped() > 0) {
            limits.add(new Limit.IgnoredWaits(ignored.events(), ignored.clipped(), ignored.nanos()));
        }
        if (!kind.equals("blockscope")) {
            limits.add(new Limit.NoAgentEvents());
            if (virtuals && byType.getOrDefault("jdk.VirtualThreadStart", 0L) == 0) {
                limits.add(new Limit.NoVirtualThreadStarts());
            }
        }
        if (kind.equals("async-profiler")) {
            limits.add(new Limit.SamplesAreInstants());
        }
        if (!gaps.alive().isEmpty()) {
            limits.add(new Limit.AliveAtEnd(gaps.alive().tasks()));
        }
        if (!gaps.unknownStart().isEmpty()) {
            limits.add(new Limit.NoStartEvent(gaps.unknownStart().tasks()));
        }
        if (!gaps.silent().isEmpty()) {
            limits.add(new Limit.SilentPlatformThreads(gaps.silent().tasks()));
        }
        if (!gaps.carriers().isEmpty()) {
            limits.add(new Limit.CarrierTimeUnknown(gaps.carriers().tasks()));
        }
        if (!gaps.service().isEmpty()) {
            limits.add(new Limit.ServiceThreadsUnknown(gaps.service().tasks()));
        }
        if (timeline.dropped() > 0) {
            limits.add(new Limit.TimelineTruncated(timeline.size(), timeline.dropped(), timeline.tasksCut(),
                    timeline.droppedNanos(), timeline.longestDropped()));
        }
        if (agent != null && agent.dropped() > 0) {
            limits.add(new Limit.AgentBuffersFull(agent.dropped()));
        }
        if (agent != null && agent.belowThreshold() > 0) {
            limits.add(new Limit.BelowAgentThreshold(agent.belowThreshold()));
        }
        if (annotations.regionsDropped() + annotations.logsDropped() > 0) {
            limits.add(new Limit.AnnotationsTruncated(annotations.regions().size(), annotations.logs().size(),
                    annotations.regionsDropped(), annotations.logsDropped()));
        }
        probesOff.forEach((probe, detail) -> limits.add(new Limit.ProbeOff(probe, detail)));
        return limits;
    }
}
