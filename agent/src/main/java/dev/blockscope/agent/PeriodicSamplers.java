package dev.blockscope.agent;

import dev.blockscope.agent.bridge.AgentCounters;
import dev.blockscope.agent.bridge.ChunkRecorder;
import dev.blockscope.agent.bridge.ProbeBridge;
import dev.blockscope.agent.bridge.ProbeErrors;
import dev.blockscope.event.AgentStatsEvent;
import dev.blockscope.event.SchedulerStateEvent;
import dev.blockscope.event.ThreadContextSwitchesEvent;
import jdk.jfr.FlightRecorder;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;

/**
 * The periodic events, emitted by JFR's periodic thread once a second: the virtual-thread
 * scheduler's state, the kernel's context-switch counters of every OS thread of the process,
 * and the agent's own counters.
 */
final class PeriodicSamplers {
    private final ForkJoinPool scheduler;
    private volatile long startupNanos;
    /** Whether {@link #registerSamplers} ran: until then JFR has not instrumented AgentStatsEvent. */
    private volatile boolean registered;
    private final AgentRecording recording;
    // Anonymous classes, not method references: each lambda's bootstrap costs a cold JVM
    // milliseconds of start-up.
    private final Runnable agentStats = new Runnable() {
        @Override
        public void run() {
            emitAgentStats();
        }
    };
    private final Runnable schedulerState = new Runnable() {
        @Override
        public void run() {
            emitSchedulerState();
        }
    };
    private final Runnable contextSwitches = new Runnable() {
        @Override
        public void run() {
            emitContextSwitches();
        }
    };
    private final ChunkRecorder chunks;
    /** Runs after each AgentStats sample (the agent's log of what the probes caught). */
    private final Runnable afterStats;

    PeriodicSamplers(AgentRecording recording, ChunkRecorder chunks, Runnable afterStats) {
        this.scheduler = defaultScheduler();
        this.recording = recording;
        this.chunks = chunks;
        this.afterStats = afterStats;
    }

    /** The default virtual-thread scheduler (java.lang is opened to the agent), or null. */
    private static ForkJoinPool defaultScheduler() {
        try {
            Field f = Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER");
            f.setAccessible(true);
            return f.get(null) instanceof ForkJoinPool pool ? pool : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The once-a-second samplers. Registering an event class makes JFR instrument it (several
     * milliseconds each on a cold JVM), and their first sample is due a second after the start
     * anyway, so with {@code startup=now} this runs after {@code premain} has returned.
     */
    void registerSamplers(long startupNanos) {
        startupMeasured(startupNanos);
        registered = true;
        FlightRecorder.addPeriodicEvent(AgentStatsEvent.class, agentStats);
        FlightRecorder.addPeriodicEvent(ThreadContextSwitchesEvent.class, contextSwitches);
        if (scheduler != null) {
            FlightRecorder.addPeriodicEvent(SchedulerStateEvent.class, schedulerState);
        }
    }

    /** The agent's start-up time, for every AgentStats sample, the last one included (before the samplers run). */
    void startupMeasured(long nanos) {
        this.startupNanos = nanos;
    }

    void unregister() {
        FlightRecorder.removePeriodicEvent(agentStats);
        FlightRecorder.removePeriodicEvent(contextSwitches);
        FlightRecorder.removePeriodicEvent(schedulerState);
    }

    boolean schedulerVisible() {
        return scheduler != null;
    }

    /** One last sample as the recording stops, saying why when it stops by itself ({@code stopReason}, else ""). */
    void lastSample(String stopReason) {
        try {
            if (!registered) {
                FlightRecorder.register(AgentStatsEvent.class); // the program ended before the samplers came on
            }
            emitAgentStats(stopReason);
        } catch (RuntimeException e) {
            ProbeErrors.caught(ProbeErrors.Site.SAMPLERS, e);
        }
    }

    private void emitAgentStats() {
        emitAgentStats("");
        afterStats.run();
    }

    private void emitAgentStats(String stopReason) {
        AgentStatsEvent e = new AgentStatsEvent();
        AgentCounters.Totals totals = AgentCounters.totals();
        e.suspends = totals.suspends();
        e.unparks = totals.wakes();
        e.taskEvents = totals.taskEvents();
        e.belowThreshold = AgentCounters.BELOW_THRESHOLD.sum();
        e.stacks = totals.stacks();
        e.errors = AgentCounters.ERRORS.sum();
        e.startupNanos = startupNanos;
        e.bytes = recording.bytes() + chunks.bytes();
        e.stacksRefused = ProbeBridge.stacksRefused();
        e.stackThresholdNanos = ProbeBridge.stackThresholdNanos();
        e.dropped = ChunkRecorder.dropped();
        e.recordingSince = chunks.startedNanos() / 1_000_000;
        e.chunksDropped = chunks.deletedChunks();
        e.bytesDropped = chunks.deletedBytes();
        e.droppedUntil = chunks.deletedUntilNanos() / 1_000_000;
        e.stopReason = stopReason;
        e.commit();
    }

    private void emitSchedulerState() {
        SchedulerStateEvent e = new SchedulerStateEvent();
        e.parallelism = scheduler.getParallelism();
        e.poolSize = scheduler.getPoolSize();
        e.active = scheduler.getActiveThreadCount();
        e.running = scheduler.getRunningThreadCount();
        e.queued = scheduler.getQueuedSubmissionCount() + scheduler.getQueuedTaskCount();
        e.steals = scheduler.getStealCount();
        e.commit();
    }

    private static void emitContextSwitches() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return; // not Linux
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks)) {
            for (Path dir : dirs) {
                emitThread(dir);
            }
        } catch (IOException | RuntimeException e) {
            ProbeErrors.caught(ProbeErrors.Site.SAMPLERS, e);
        }
    }

    private static void emitThread(Path dir) {
        ThreadContextSwitchesEvent e = new ThreadContextSwitchesEvent();
        try {
            e.osThreadId = Long.parseLong(dir.getFileName().toString());
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("Name:")) {
                    e.osThreadName = line.substring(5).strip();
                } else if (line.startsWith("voluntary_ctxt_switches:")) {
                    e.voluntary = Long.parseLong(line.substring(24).strip());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    e.involuntary = Long.parseLong(line.substring(27).strip());
                }
            }
            e.commit();
        } catch (IOException | RuntimeException ignored) {
            // the thread ended between listing and reading: nothing to sample
        }
    }
}
