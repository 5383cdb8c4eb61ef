package dev.blockscope.analyzer;

import dev.blockscope.analyzer.event.TraceEvent.AgentStatsSampled;
import dev.blockscope.analyzer.report.Analysis.TaskRow;
import dev.blockscope.analyzer.summary.TimelineRecorder;
import java.util.ArrayList;
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

    /** Feature release of a version string such as "25.0.3+9-LTS" or "21", 0 if unknown. */
    static int feature(String version) {
        if (version == null) {
            return 0;
        }
        int i = 0;
        while (i < version.length() && Character.isDigit(version.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(version.substring(0, Math.min(i, 4)));
    }

    static List<String> limits(String kind, Map<String, Long> byType, List<TaskRow> tasks, int alive, int unknownStart,
                               long ignored, TimelineRecorder timeline, AgentStatsSampled agent, Map<String, String> probesOff) {
        List<String> limits = new ArrayList<>();
        if (ignored > 0) {
            limits.add(ignored + " wait event(s) ignored: they came after their task's end, or lay inside time another "
                    + "event of the task already covered");
        }
        if (!kind.equals("blockscope")) {
            limits.add("no blockscope events (recorded without the blockscope agent): only the waits the JDK records are "
                    + "visible (jdk.ThreadPark, jdk.JavaMonitorEnter/Wait, jdk.ThreadSleep, jdk.Socket*, jdk.File*, "
                    + "jdk.VirtualThreadPinned; by default only those over 20 ms), time between them is UNKNOWN, and "
                    + "scheduler latency, carriers and wakers are not available");
            boolean virtuals = tasks.stream().anyMatch(TaskRow::virtual);
            if (virtuals && byType.getOrDefault("jdk.VirtualThreadStart", 0L) == 0) {
                limits.add("jdk.VirtualThreadStart/End were not enabled: virtual threads' lifetimes start at the "
                        + "recording start and are UNKNOWN until their first event");
            }
        }
        if (kind.equals("async-profiler")) {
            limits.add("async-profiler samples (profiler.WallClockSample, jdk.ExecutionSample) are counted but not used "
                    + "to infer states: sampled time stays UNKNOWN");
        }
        if (alive > 0) {
            limits.add(alive + " task(s) were alive at the end of the recording: their time after their last event is "
                    + "UNKNOWN (a wait is written only when it ends)");
        }
        if (unknownStart > 0) {
            limits.add(unknownStart + " task(s) have no start event (started before the recording, or the start events "
                    + "were not enabled): their time from the recording start to their first event is UNKNOWN");
        }
        if (timeline.dropped() > 0) {
            limits.add("timeline truncated: " + timeline.size() + " intervals kept, " + timeline.dropped()
                    + " more counted in the summaries only");
        }
        if (agent != null && agent.belowThreshold() > 0) {
            limits.add(agent.belowThreshold() + " suspension(s) shorter than the agent's threshold were not recorded: "
                    + "their time counts as RUNNING");
        }
        probesOff.forEach((probe, detail) -> limits.add("agent probe '" + probe + "' was off"
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")") + ": waits it covers are not recorded"));
        return limits;
    }
}
