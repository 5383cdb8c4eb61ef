package dev.blockscope.agent;

import dev.blockscope.event.EarlySuspendEvent;
import dev.blockscope.event.EarlyTaskEndEvent;
import dev.blockscope.event.EarlyTaskStartEvent;
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
import java.util.List;
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

    /**
     * The JDK events written in Java ({@code jdk.internal.event.*}): enabling one makes JFR
     * retransform and instrument its class, about 5 ms each on a cold JVM, so with
     * {@code startup=now} they are switched on by {@link #enableDeferredJdkEvents} after
     * {@code premain} has returned. The probes record the same waits (these are kept for
     * comparison), and the agent's TaskStart/TaskEnd cover the virtual threads' start and end
     * (jdk.VirtualThreadStart/End are enabled only when the vthread probe is off).
     */
    static final List<String> DEFERRED_JDK_EVENTS = List.of("jdk.VirtualThreadStart", "jdk.VirtualThreadEnd",
            "jdk.VirtualThreadSubmitFailed", "jdk.ThreadSleep", "jdk.SocketRead", "jdk.SocketWrite",
            "jdk.FileRead", "jdk.FileWrite");

    /**
     * The agent's once-a-second events, enabled with the {@link #DEFERRED_JDK_EVENTS} (their
     * first sample is due a second after the start in any case).
     */
    static final List<String> DEFERRED_AGENT_EVENTS = List.of("blockscope.AgentStats", "blockscope.SchedulerState",
            "blockscope.ThreadContextSwitches");

    /**
     * Starts the recording; with {@code defer} without the {@link #DEFERRED_JDK_EVENTS} and
     * {@link #DEFERRED_AGENT_EVENTS}, which {@link #enableDeferredEvents} switches on later.
     */
    static AgentRecording start(AgentOptions options, Path output, boolean defer) throws IOException {
        for (Class<? extends jdk.jfr.Event> type : List.of(SuspendEvent.class, SuspendNoStackEvent.class,
                UnparkEvent.class, TaskStartEvent.class, TaskEndEvent.class, ProbeStatusEvent.class,
                EarlySuspendEvent.class, EarlyTaskStartEvent.class, EarlyTaskEndEvent.class)) {
            FlightRecorder.register(type);
        }
        Map<String, String> settings = settings(options);
        if (defer) {
            for (String name : DEFERRED_JDK_EVENTS) {
                settings.remove(name + "#enabled");
            }
            for (String name : DEFERRED_AGENT_EVENTS) {
                settings.remove(name + "#enabled");
            }
        }
        Recording r = new Recording(settings);
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
        on(s, "blockscope.EarlySuspend").put("blockscope.EarlySuspend#threshold", threshold);
        for (String name : new String[] {"blockscope.Unpark", "blockscope.TaskStart", "blockscope.TaskEnd",
                "blockscope.EarlyTaskStart", "blockscope.EarlyTaskEnd",
                "blockscope.TaskLabel", "blockscope.Region", "blockscope.Log", "blockscope.ProbeStatus"}) {
            on(s, name);
        }
        on(s, "blockscope.OpenSuspend").put("blockscope.OpenSuspend#period", "endChunk");
        // What the recording ran on, once per chunk, whatever jdkevents= says: the analyzer's
        // pinning advice depends on the JDK's version and its CPU share on the CPU count.
        for (String name : new String[] {"jdk.JVMInformation", "jdk.CPUInformation"}) {
            on(s, name).put(name + "#period", "beginChunk");
        }
        for (String name : new String[] {"blockscope.AgentStats", "blockscope.SchedulerState",
                "blockscope.ThreadContextSwitches"}) {
            on(s, name).put(name + "#period", "1 s");
        }
        if (o.jdkEvents()) {
            // JDK events that only repeat what a live probe records are not enabled at the
            // threshold: the vthread probe's TaskStart/TaskEnd are the virtual threads' start and
            // end, and at threshold 0 jdk.JavaMonitorWait took a stack at every Object.wait the
            // wait probe records anyway
            boolean waitProbe = o.probes().contains(Probe.WAIT);
            for (String name : new String[] {"jdk.VirtualThreadSubmitFailed", "jdk.ThreadStart", "jdk.ThreadEnd"}) {
                on(s, name);
            }
            if (!o.probes().contains(Probe.VTHREAD)) {
                on(s, "jdk.VirtualThreadStart");
                on(s, "jdk.VirtualThreadEnd");
            }
            // What no probe sees (a platform thread blocked on synchronized, a pin), at threshold=;
            // the rest is covered by the probes and kept at the JDK's default threshold for comparison
            for (String name : new String[] {"jdk.VirtualThreadPinned", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
                    "jdk.ThreadPark", "jdk.ThreadSleep", "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite"}) {
                boolean unseen = name.equals("jdk.VirtualThreadPinned") || name.equals("jdk.JavaMonitorEnter")
                        || name.equals("jdk.JavaMonitorWait") && !waitProbe;
                on(s, name).put(name + "#threshold", unseen ? threshold : "20 ms");
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

    /** Switches on what {@link #start} deferred: all of {@link #settings}. */
    void enableDeferredEvents(AgentOptions options) {
        if (recording.getState() == jdk.jfr.RecordingState.RUNNING) {
            recording.setSettings(settings(options));
        }
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
