package dev.blockscope.agent;

import dev.blockscope.event.EarlySuspendEvent;
import dev.blockscope.event.ProbeStatusEvent;
import dev.blockscope.event.SuspendEvent;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's own {@link Recording}, configured in code (custom event settings given on
 * {@code -XX:StartFlightRecording} do not reach our events): the few blockscope events that go
 * through JFR (suspensions with a stack, which JFR takes; the probes' status; the periodic
 * samplers; the runtime's labels, regions and logs) and, with {@code jdkevents=on}, the JDK
 * events the analyzer also reads. The per-suspension events go into blockscope's own chunks
 * ({@code ChunkRecorder}), appended to the file this recording writes. Written to the output
 * file when the JVM exits (JFR's dump-on-exit, which also runs on SIGTERM) and on {@link #stop}.
 */
final class AgentRecording {
    private final Recording recording;
    private final Path output;
    /** JFR's repository as the agent moved it, or null where it stayed. */
    private final JfrRepository repository;

    private AgentRecording(Recording recording, Path output, JfrRepository repository) {
        this.recording = recording;
        this.output = output;
        this.repository = repository;
    }

    /** JFR's part of {@code maxsize=}: half; the agent's own chunks have the other half. */
    static long jfrMaxBytes(AgentOptions options) {
        return options.maxSizeBytes() - agentMaxBytes(options);
    }

    /** The agent's own chunks' part of {@code maxsize=} (0: no bound). */
    static long agentMaxBytes(AgentOptions options) {
        return options.maxSizeBytes() / 2;
    }

    /** Throws with a user-facing message when the output's file system has less than {@code minfree=} free. */
    static void checkFreeSpace(Path output, long minFreeBytes) throws IOException {
        long usable = Files.getFileStore(output.getParent()).getUsableSpace();
        if (usable < minFreeBytes) {
            throw new IOException("only " + (usable >> 20) + " MB free on the file system of " + output.getParent()
                    + " (minfree=" + (minFreeBytes >> 20) + "m)");
        }
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
        if (Files.exists(output) && !Files.isRegularFile(output)) {
            // a device such as /dev/full or /dev/null: JFR and the agent write files beside the output and copy them in
            throw new IOException("output " + output + " is not a regular file");
        }
        boolean existed = Files.exists(output);
        if (existed ? !Files.isWritable(output) : !Files.isWritable(dir)) {
            throw new IOException("cannot write " + output + " (permission denied)");
        }
    }

    /**
     * The JDK events written in Java ({@code jdk.internal.event.*}): enabling one makes JFR
     * retransform and instrument its class, about 5 ms each on a cold JVM, so with
     * {@code startup=now} they are switched on by {@link #enableDeferredEvents} after
     * {@code premain} has returned. Each is enabled only where no live probe records the same
     * waits ({@link #settings}).
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
    static AgentRecording start(AgentOptions options, Path output, boolean defer, AgentLog log) throws IOException {
        return start(options, output, defer, false, log);
    }

    /**
     * {@link #start(AgentOptions, Path, boolean, AgentLog)}; with {@code late} (an attach: the
     * application's tasks run already) every JDK event waits for {@link #enableDeferredEvents}
     * too, but what the chunks say of the JVM: a sample or a monitor wait taken before the
     * probes went live names tasks whose start and end no probe sees, which the analysis showed
     * as alive and UNKNOWN to the end (a Jetty server's request threads sampled during the
     * attach's 5 s of instrumentation, each ended a millisecond later).
     */
    static AgentRecording start(AgentOptions options, Path output, boolean defer, boolean late, AgentLog log) throws IOException {
        for (Class<? extends jdk.jfr.Event> type : List.of(SuspendEvent.class, ProbeStatusEvent.class, EarlySuspendEvent.class,
                dev.blockscope.event.FlightTriggerEvent.class, dev.blockscope.event.TaskSnapshotEvent.class)) {
            FlightRecorder.register(type);
        }
        Map<String, String> settings = settings(options, options.probes());
        if (defer) {
            for (String name : DEFERRED_JDK_EVENTS) {
                settings.remove(name + "#enabled");
            }
            for (String name : DEFERRED_AGENT_EVENTS) {
                settings.remove(name + "#enabled");
            }
            if (late) {
                settings.keySet().removeIf(k -> k.startsWith("jdk.") && k.endsWith("#enabled")
                        && !k.equals("jdk.JVMInformation#enabled") && !k.equals("jdk.CPUInformation#enabled"));
            }
        }
        Recording r = new Recording(settings);
        r.setName("blockscope");
        r.setToDisk(true);
        r.setDumpOnExit(true);
        r.setDestination(output);
        if (options.maxSizeBytes() > 0) {
            r.setMaxSize(jfrMaxBytes(options));
        }
        if (options.flight() != null) {
            // the flight recorder: JFR keeps only the window (chunk by chunk), as the agent's chunks do
            if (options.flight().windowNanos() > 0) {
                r.setMaxAge(java.time.Duration.ofNanos(options.flight().windowNanos()));
            } else {
                r.setMaxSize(options.flight().windowBytes() / 2);
            }
        }
        JfrRepository repository = JfrRepository.moveTo(options.repository() != null ? options.repository()
                : AgentSession.chunkDirectory(output).resolve("jfr"), jfrMaxBytes(options), log);
        try {
            r.start();
        } catch (RuntimeException e) {
            if (repository != null) {
                repository.restore();
            }
            throw e;
        }
        return new AgentRecording(r, output, repository);
    }

    /**
     * Whether async-profiler runs ({@code profile=}); null until the agent tried to start it. While
     * {@code profile=cpu} or {@code itimer} may sample, JFR's own sampler stays off: its samples
     * are jdk.ExecutionSample events too, and would be counted with async-profiler's.
     */
    static volatile Boolean profilerRuns;

    private static boolean jfrSamplesCpu(AgentOptions o) {
        boolean cpu = o.profile().contains(ProfileMode.CPU) || o.profile().contains(ProfileMode.ITIMER);
        return !cpu || Boolean.FALSE.equals(profilerRuns);
    }

    static Map<String, String> settings(AgentOptions o, java.util.Set<Probe> probes) {
        Map<String, String> s = new HashMap<>();
        String threshold = o.thresholdNanos() + " ns";
        // Only the suspensions that get a stack are JFR events (blockscope.Suspend's class with
        // @StackTrace); the agent applies threshold= itself, this keeps JFR's view the same.
        on(s, "blockscope.Suspend").put("blockscope.Suspend#threshold", threshold);
        on(s, "blockscope.EarlySuspend").put("blockscope.EarlySuspend#threshold", threshold);
        for (String name : new String[] {"blockscope.TaskLabel", "blockscope.Region", "blockscope.Log", "blockscope.ProbeStatus",
                "blockscope.FlightTrigger", "blockscope.TaskSnapshot"}) {
            on(s, name);
        }
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
            for (String name : new String[] {"jdk.VirtualThreadSubmitFailed", "jdk.ThreadStart", "jdk.ThreadEnd"}) {
                on(s, name);
            }
            // What no probe sees, at threshold=: a pin, and a platform thread blocked on
            // synchronized (the monitor probe covers virtual threads). A JDK event that would only
            // repeat what a live probe records is not enabled at all: each cost a commit and a
            // stack per wait (in a soak of sleeping virtual threads jdk.ThreadSleep was 5.7M of
            // 15.3M events), and the probe records every such wait.
            for (String name : new String[] {"jdk.VirtualThreadPinned", "jdk.JavaMonitorEnter"}) {
                on(s, name).put(name + "#threshold", threshold);
                s.put(name + "#stackTrace", "true");
            }
            if (!probes.contains(Probe.VTHREAD)) {
                on(s, "jdk.VirtualThreadStart");
                on(s, "jdk.VirtualThreadEnd");
            }
            for (String[] covered : new String[][] {{"jdk.JavaMonitorWait", Probe.WAIT.name()}, {"jdk.ThreadPark", Probe.PARK.name()},
                    {"jdk.ThreadSleep", Probe.SLEEP.name()}, {"jdk.SocketRead", Probe.SOCKET.name()},
                    {"jdk.SocketWrite", Probe.SOCKET.name()}, {"jdk.FileRead", Probe.FILE.name()}, {"jdk.FileWrite", Probe.FILE.name()}}) {
                if (!probes.contains(Probe.valueOf(covered[1]))) {
                    on(s, covered[0]).put(covered[0] + "#threshold", threshold);
                    s.put(covered[0] + "#stackTrace", "true");
                }
            }
            if (jfrSamplesCpu(o)) {
                on(s, "jdk.ExecutionSample").put("jdk.ExecutionSample#period", "20 ms");
            }
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

    /**
     * Switches on what {@link #start} deferred: all of {@link #settings}, for the probes that did
     * go live ({@code live}): where one is off, the JDK's event for its waits is on instead.
     */
    void enableDeferredEvents(AgentOptions options, java.util.Set<Probe> live) {
        if (recording.getState() == jdk.jfr.RecordingState.RUNNING) {
            java.util.Set<Probe> probes = java.util.EnumSet.noneOf(Probe.class);
            probes.addAll(options.probes());
            probes.retainAll(live);
            recording.setSettings(settings(options, probes));
        }
    }

    /** Switches the agent's statistics event on, if {@link #enableDeferredEvents} did not yet: for the last sample. */
    void enableAgentStats() {
        try {
            if (recording.getState() == jdk.jfr.RecordingState.RUNNING
                    && !"true".equals(recording.getSettings().get("blockscope.AgentStats#enabled"))) {
                recording.enable("blockscope.AgentStats");
            }
        } catch (RuntimeException e) {
            dev.blockscope.agent.bridge.ProbeErrors.caught(dev.blockscope.agent.bridge.ProbeErrors.Site.SAMPLERS, e);
        }
    }

    /**
     * Switches the JDK's events off, for the moments between the agent's last chunk and JFR's own
     * end at exit (JFR's shutdown hook runs when it runs): a sample or a monitor wait then names a
     * task whose start no chunk holds, which the analysis showed UNKNOWN from the recording's start.
     */
    void jdkEventsOff() {
        if (recording.getState() == jdk.jfr.RecordingState.RUNNING) {
            Map<String, String> settings = new HashMap<>(recording.getSettings());
            settings.replaceAll((k, v) -> k.startsWith("jdk.") && k.endsWith("#enabled") ? "false" : v);
            recording.setSettings(settings);
        }
    }

    /**
     * Makes JFR begin a new chunk now: JFR's {@code maxAge} drops whole chunks, and without a
     * rotation the current one can hold the whole run. Starting and closing a second recording
     * (no events of its own) is what makes JFR rotate, through the public API.
     */
    void rotate() {
        try (Recording r = new Recording()) {
            r.setToDisk(true);
            r.setName("blockscope flight rotation");
            r.start();
        }
    }

    /** Writes what the recording holds now (its window, in flight mode) to {@code file}; the recording runs on. */
    void dump(Path file) {
        try {
            recording.dump(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    long bytes() {
        return recording.getSize();
    }

    /** The file systems the recording writes to: the output's, and JFR's repository's. */
    java.util.List<java.nio.file.FileStore> fileStores() throws IOException {
        java.util.List<java.nio.file.FileStore> stores = new java.util.ArrayList<>();
        stores.add(Files.getFileStore(output.getParent()));
        if (repository != null && Files.isDirectory(repository.base())) {
            java.nio.file.FileStore jfr = Files.getFileStore(repository.base());
            if (!stores.contains(jfr)) {
                stores.add(jfr);
            }
        }
        return stores;
    }

    /** Stops the recording and writes the file (JFR writes to the destination on stop), then gives JFR its repository back. */
    void stop() {
        try {
            if (recording.getState() == jdk.jfr.RecordingState.RUNNING) {
                recording.stop();
            }
            recording.close();
        } finally {
            if (repository != null) {
                repository.restore();
            }
        }
    }

}
