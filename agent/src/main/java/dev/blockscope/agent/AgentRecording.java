package dev.blockscope.agent;

import dev.blockscope.event.ProbeStatusEvent;
import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.SuspendNoStackEvent;
import dev.blockscope.event.TaskEndEvent;
import dev.blockscope.event.TaskStartEvent;
import dev.blockscope.event.UnparkEvent;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent's own {@link Recording}, configured in code (custom event settings given on
 * {@code -XX:StartFlightRecording} do not reach our events): blockscope events with the
 * threshold of the options, and with {@code jdkevents=on} the JDK events the analyzer also reads.
 * Written to the output file when the JVM exits (JFR's dump-on-exit, which also runs on
 * SIGTERM), when {@code duration} ends, and on {@link #stop}.
 */
final class AgentRecording {
    private final Recording recording;
    private final Path output;

    private AgentRecording(Recording recording, Path output) {
        this.recording = recording;
        this.output = output;
    }

    /** Throws with a user-facing message when the output cannot be written. */
    static void checkWritable(Path output) throws IOException {
        Path dir = output.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("output directory " + dir + " does not exist");
        }
        if (Files.isDirectory(output)) {
            throw new IOException("output " + output + " is a directory");
        }
        boolean existed = Files.exists(output);
        if (existed ? !Files.isWritable(output) : !Files.isWritable(dir)) {
            throw new IOException("cannot write " + output + " (permission denied)");
        }
    }

    static AgentRecording start(AgentOptions options, Path output) throws IOException {
        for (Class<? extends jdk.jfr.Event> type : java.util.List.of(SuspendEvent.class, SuspendNoStackEvent.class,
                UnparkEvent.class, TaskStartEvent.class, TaskEndEvent.class, ProbeStatusEvent.class)) {
            FlightRecorder.register(type);
        }
        Recording r = new Recording(settings(options));
        r.setName("blockscope");
        r.setToDisk(true);
        r.setDumpOnExit(true);
        r.setDestination(output);
        if (options.maxSizeBytes() > 0) {
            r.setMaxSize(options.maxSizeBytes());
        }
        r.start();
        return new AgentRecording(r, output);
    }

    static Map<String, String> settings(AgentOptions o) {
        Map<String, String> s = new HashMap<>();
        String threshold = o.thresholdNanos() + " ns";
        // No stackTrace setting for blockscope.Suspend: its two classes keep their own defaults,
        // which is how the stack policy picks stacks per event.
        on(s, "blockscope.Suspend").put("blockscope.Suspend#threshold", threshold);
        for (String name : new String[] {"blockscope.Unpark", "blockscope.TaskStart", "blockscope.TaskEnd",
                "blockscope.TaskLabel", "blockscope.Region", "blockscope.Log", "blockscope.ProbeStatus"}) {
            on(s, name);
        }
        on(s, "blockscope.OpenSuspend").put("blockscope.OpenSuspend#period", "endChunk");
        for (String name : new String[] {"blockscope.AgentStats", "blockscope.SchedulerState",
                "blockscope.ThreadContextSwitches"}) {
            on(s, name).put(name + "#period", "1 s");
        }
        if (o.jdkEvents()) {
            for (String name : new String[] {"jdk.VirtualThreadStart", "jdk.VirtualThreadEnd",
                    "jdk.VirtualThreadSubmitFailed", "jdk.ThreadStart", "jdk.ThreadEnd"}) {
                on(s, name);
            }
            for (String name : new String[] {"jdk.VirtualThreadPinned", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait"}) {
                on(s, name).put(name + "#threshold", threshold);
                s.put(name + "#stackTrace", "true");
            }
            // Covered by our probes already; kept at the JDK's default threshold for comparison.
            for (String name : new String[] {"jdk.ThreadPark", "jdk.ThreadSleep", "jdk.SocketRead",
                    "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite"}) {
                on(s, name).put(name + "#threshold", "20 ms");
                s.put(name + "#stackTrace", "true");
            }
            on(s, "jdk.ExecutionSample").put("jdk.ExecutionSample#period", "20 ms");
            on(s, "jdk.CPULoad").put("jdk.CPULoad#period", "1 s");
            on(s, "jdk.ThreadCPULoad").put("jdk.ThreadCPULoad#period", "1 s");
        }
        return s;
    }

    private static Map<String, String> on(Map<String, String> s, String name) {
        s.put(name + "#enabled", "true");
        return s;
    }

    Path output() {
        return output;
    }

    long bytes() {
        return recording.getSize();
    }

    /**
     * Makes the recording stop (and write its file) {@code nanos} from now. Called once the probes
     * are live, so {@code duration=} measures what was recorded: on a dynamic attach installing
     * the probes can take longer than a short duration itself.
     */
    void stopAfter(long nanos) {
        if (nanos > 0 && recording.getState() == jdk.jfr.RecordingState.RUNNING) {
            Duration sinceStart = Duration.between(recording.getStartTime(), java.time.Instant.now());
            recording.setDuration(sinceStart.plusNanos(nanos));
        }
    }

    /** Stops the recording and writes the file (JFR writes to the destination on stop). */
    void stop() {
        if (recording.getState() == jdk.jfr.RecordingState.RUNNING) {
            recording.stop();
        }
        recording.close();
    }

}
