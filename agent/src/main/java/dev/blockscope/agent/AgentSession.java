package dev.blockscope.agent;

import dev.blockscope.agent.bridge.Carriers;
import dev.blockscope.agent.bridge.ChunkRecorder;
import dev.blockscope.agent.bridge.OpenSuspensions;
import dev.blockscope.agent.bridge.ProbeBridge;
import dev.blockscope.agent.flight.FlightDumps;
import dev.blockscope.agent.flight.FlightOptions;
import dev.blockscope.event.ProbeStatusEvent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run of the agent in this JVM: the bootstrap bridge, the opened {@code java.lang}, the
 * agent's own chunk writer and JFR's recording, the installed probes and the periodic samplers,
 * and their stop in reverse. The chunk writer runs before any probe records, so the probes'
 * events never wait for JFR; with {@code startup=now} at JVM start the probes go live before JFR
 * has started (the bridge keeps what needs JFR, the suspensions with a stack, until then).
 *
 * <p>The output is written when the session stops ({@code duration=}, {@code attach --stop})
 * or the JVM exits: JFR writes its recording to the file, then the agent appends its own chunks.
 * At exit JFR's shutdown hook writes the file, so the agent's hook waits for it before appending.
 */
final class AgentSession {
    /** With {@code startup=now}: how long after premain the deferred events are switched on. */
    static final long DEFERRED_EVENTS_DELAY_MILLIS = 1000;

    private final AgentLog log;
    /** What the probes caught, on the log: at debug the first of each entry point, at info a count at the end. */
    private final ProbeErrorLog errors;
    private final Path output;
    /** Set once the recording runs and the probes are in (at once, or by {@link #starter}). */
    private volatile AgentRecording recording;
    private volatile ProbeInstaller installer;
    private volatile PeriodicSamplers samplers;
    /** {@code startup=background}: the thread that starts the recording and installs the probes. */
    private volatile Thread starter;
    /** The bridge's classes in the bootstrap loader (initialized before the probes use them). */
    private volatile BootstrapBridge.Installed bridge;
    /** {@code startup=now}: the thread that switches on the deferred events after premain. */
    private volatile Thread deferredStart;
    /** The agent's own chunks, from before the probes record until the session stops. */
    private volatile ChunkRecorder chunks;
    /** async-profiler ({@code profile=}) once it runs, else null. */
    private volatile ProfilerRun profiler;
    /** {@code flight=}: the flight recorder's thread, once the recording runs; else null. */
    private volatile FlightDumps flight;
    /** Set once the output is written (or the session gave up): later stops do nothing. */
    private volatile boolean finished;
    /** Loaded into a running JVM: tasks are in flight when the probes go live ({@link TaskSnapshots}). */
    private volatile boolean attached;
    /** How the session ended, in words ("was stopped, written to ..."); null while it runs. */
    private volatile String ended;

    private AgentSession(AgentLog log, Path output) {
        this.log = log;
        this.errors = new ProbeErrorLog(log);
        this.output = output;
    }

    /**
     * Exports JFR's internal package to the bridge, whose suspensions then read JFR's own clock
     * and time their events with it (one clock reading at each end of a suspension instead of
     * two). Without it the bridge falls back to {@code System.nanoTime()} and the events' own
     * {@code begin()}/{@code end()}: correct, one clock reading more per suspension.
     */
    private static void exportJfrClock(Instrumentation inst, Module bridge, AgentLog log) {
        try {
            // to the agent too: JfrRepository moves JFR's repository beside the output
            inst.redefineModule(jdk.jfr.Event.class.getModule(), Set.of(),
                    Map.of("jdk.jfr.internal", Set.of(bridge, AgentSession.class.getModule())), Map.of(), Set.of(), Map.of());
        } catch (RuntimeException e) {
            log.debug("JFR's clock is not available to the probes (" + e + "): they use System.nanoTime()");
        }
    }

    static AgentSession start(AgentOptions options, String rawOptions, Instrumentation inst, Path output,
                              long startedNanos, boolean atStartup) throws IOException, ReflectiveOperationException {
        AgentLog log = new AgentLog(options.log());
        ProbeInstaller installer = new ProbeInstaller(inst, log);
        if (!options.background()) {
            installer.resolve(probes(options, atStartup));
        }
        // startup=now and wait: JFR starts on its own thread from here on, while this one defines the
        // bridge and installs the probes; premain returns once the probes are in (now, see record)
        // or once both are done (wait).
        RecordingStart jfr = options.background() ? null : RecordingStart.begin(options, output, log, startedNanos, !atStartup);
        BootstrapBridge.Installed bridgeClasses;
        boolean defined = false;
        try {
            bridgeClasses = BootstrapBridge.install(inst);
            log.debug("bridge: " + bridgeClasses.how() + ", after " + (System.nanoTime() - startedNanos) / 1_000_000 + " ms");
            Class<?> bridge = Class.forName("dev.blockscope.agent.bridge.ProbeBridge", false, null);
            Module base = Object.class.getModule();
            Module agent = AgentSession.class.getModule();
            // jdk.internal.vm: the thread containers, where an attach's snapshot finds the virtual threads
            inst.redefineModule(base, Set.of(bridge.getModule(), agent), Map.of("jdk.internal.vm", Set.of(agent)),
                    Map.of("java.lang", Set.of(bridge.getModule(), agent)), Set.of(), Map.of());
            exportJfrClock(inst, bridge.getModule(), log);
            if (ProbeBridge.class.getClassLoader() != null) {
                throw new IOException("the bridge classes were loaded by " + ProbeBridge.class.getClassLoader()
                        + ", not the bootstrap loader (is blockscope-agent.jar on the class path twice?)");
            }
            defined = true;
        } finally {
            if (jfr != null) {
                jfr.bridgeDefined(defined);
            }
        }
        AgentSession session = new AgentSession(log, output);
        session.bridge = bridgeClasses;
        session.attached = !atStartup;
        long buildKey = bridgeClasses.buildKey();
        if (!options.background()) {
            session.record(options, rawOptions, startedNanos, atStartup, installer, jfr, buildKey);
            return session;
        }
        // startup=background: premain returns now; what the application does meanwhile is not
        // recorded (main's TaskStart included).
        Thread t = new Thread(new Runnable() { // not a lambda: its bootstrap costs a cold JVM milliseconds
            @Override
            public void run() {
                try {
                    installer.resolve(probes(options, false));
                    RecordingStart recordingStart = RecordingStart.begin(options, output, log, startedNanos, true);
                    recordingStart.bridgeDefined(true);
                    session.record(options, rawOptions, startedNanos, false, installer, recordingStart, buildKey);
                } catch (Throwable e) {
                    log.error("agent failed to start in the background: " + e + "; agent disabled");
                }
            }
        }, "blockscope start");
        t.setDaemon(true);
        session.starter = t;
        t.start();
        log.debug("premain returns after " + (System.nanoTime() - startedNanos) / 1_000_000
                + " ms; recording and probes follow in the background");
        return session;
    }

    /**
     * Installs the probes while {@code jfr} starts the recording, then switches the probes on and
     * reports their status. With {@code startup=now} at JVM start the probes go on at once and
     * record early (see {@code EarlyEvents}); the rest happens on a thread of its own once the
     * recording runs, and premain returns without waiting for JFR.
     */
    private void record(AgentOptions options, String rawOptions, long startedNanos, boolean atStartup,
                        ProbeInstaller installer, RecordingStart jfr, long buildKey) throws IOException {
        WovenClassCache cache = WovenClassCache.none();
        if (options.cacheDir() != null) {
            StringBuilder problem = new StringBuilder();
            cache = WovenClassCache.open(options.cacheDir(), buildKey, problem);
            log.debug(cache.size() + " woven classes in the cache" + (problem.length() > 0 ? " (" + problem + ")" : ""));
        }
        initializeBridge(false);
        ChunkRecorder recorder;
        try {
            recorder = startChunks(options, chunkDirectory(output));
        } catch (IOException e) {
            abandon(installer, jfr);
            throw new IOException("cannot write its own chunks next to " + output + " (" + e.getMessage() + ")", e);
        }
        this.chunks = recorder;
        registerExitHook();
        try {
            installer.install(cache);
            log.debug("probes installed after " + (System.nanoTime() - startedNanos) / 1_000_000 + " ms");
        } catch (RuntimeException | LinkageError e) {
            abandon(installer, jfr);
            throw e;
        }
        int blocking = options.probes().contains(Probe.MONITOR) ? blockingState() : -1;
        if (atStartup && options.startup() == AgentOptions.Startup.NOW && ProbeBridge.configureEarly(options.stackMinNanos(), options.stackRate(),
                options.thresholdNanos(), blocking)) {
            if (installer.status().containsKey(Probe.THREAD)) {
                ProbeBridge.taskStart(Thread.currentThread()); // main never passes Thread.run()
            }
            long returned = System.nanoTime() - startedNanos;
            Thread t = new Thread(new Runnable() { // not a lambda: its bootstrap costs a cold JVM milliseconds
                @Override
                public void run() {
                    try {
                        AgentRecording recording = jfr.await();
                        live(options, rawOptions, startedNanos, false, installer, recording, blocking, returned);
                    } catch (Throwable e) {
                        log.error("the recording could not start or go live (" + e + "); agent disabled");
                        abandon(installer, jfr);
                    }
                }
            }, "blockscope live");
            t.setDaemon(true);
            this.starter = t;
            t.start();
            log.debug("premain returns after " + returned / 1_000_000 + " ms; probes record, the recording follows");
            return;
        }
        AgentRecording recording;
        try {
            recording = jfr.await();
        } catch (IOException e) {
            abandon(installer, jfr);
            throw e;
        }
        live(options, rawOptions, startedNanos, atStartup, installer, recording, blocking, -1);
    }

    /**
     * The agent's chunk writer; with {@code flight=} keeping only the window: chunks of an eighth
     * of it (1 to 30 s), those that ended before it deleted; a size window gives half to the
     * chunks (JFR keeps the other half).
     */
    private static ChunkRecorder startChunks(AgentOptions options, Path dir) throws IOException {
        FlightOptions f = options.flight();
        if (f == null) {
            return ChunkRecorder.start(dir, options.maxSizeBytes());
        }
        if (f.windowNanos() > 0) {
            ChunkRecorder r = ChunkRecorder.start(dir, options.maxSizeBytes(), 8L << 20, chunkNanos(f.windowNanos()));
            r.keepOnly(f.windowNanos());
            return r;
        }
        long half = f.windowBytes() / 2;
        return ChunkRecorder.start(dir, half, Math.max(256L << 10, Math.min(8L << 20, half / 8)), 30_000_000_000L);
    }

    /** How long a chunk (the agent's and JFR's) lasts in flight mode: an eighth of the window, 1 to 30 s. */
    private static long chunkNanos(long windowNanos) {
        return Math.max(1_000_000_000L, Math.min(30_000_000_000L, windowNanos / 8));
    }

    /**
     * {@code blockscope top}: serves this session's events on the Unix socket {@code socket} to one
     * client, a cut every second; {@code onClose} runs when it goes.
     */
    void serveLive(Path socket, Runnable onClose) {
        new dev.blockscope.agent.live.LiveServer(socket, 1000, onClose, log::debug).start();
    }

    /** {@code attach --dump}: the flight recorder writes its window now; false when this session has none. */
    boolean flightDump(String why) {
        FlightDumps f = flight;
        if (f == null) {
            return false;
        }
        f.request(why);
        return true;
    }

    /**
     * The probes to install: {@code exit} exactly where the recording may run after main began
     * ({@code startup=now} at JVM start), whatever {@code probes=} says: it is what keeps the
     * file complete when the JVM exits before JFR is up.
     */
    private static java.util.Set<Probe> probes(AgentOptions options, boolean atStartup) {
        java.util.Set<Probe> probes = java.util.EnumSet.noneOf(Probe.class);
        probes.addAll(options.probes());
        if (atStartup && options.startup() == AgentOptions.Startup.NOW) {
            probes.add(Probe.EXIT);
        } else {
            probes.remove(Probe.EXIT);
        }
        return probes;
    }

    /** See {@link BootstrapBridge.Installed#initialize}: the event classes ({@code events}) or the others. */
    private void initializeBridge(boolean events) {
        long began = System.nanoTime();
        java.util.List<String> failed = bridge.initialize(events);
        log.debug("bridge " + (events ? "event" : "probe") + " classes initialized in "
                + (System.nanoTime() - began) / 1_000_000 + " ms" + (failed.isEmpty() ? "" : "; not: " + failed));
    }

    /** Leaves nothing half-installed: probes off and out; a recording that did start stops (and writes what it has). */
    private void abandon(ProbeInstaller installer, RecordingStart jfr) {
        ProbeBridge.configure(false, Long.MAX_VALUE, 0, 0, -1);
        ProbeBridge.settled();
        try {
            installer.uninstall();
        } finally {
            AgentRecording started = null;
            try {
                started = jfr.await();
            } catch (IOException notStarted) {
                // nothing to stop
            }
            writeOutput(started);
        }
    }

    /**
     * Where the agent's chunks wait until they are appended to {@code output}: a directory beside
     * it, on the same file system (so the disk the recording uses is the output's). After a
     * {@code kill -9} the chunks stay there; each is a complete .jfr once closed.
     */
    static Path chunkDirectory(Path output) {
        return output.resolveSibling(output.getFileName() + ".chunks");
    }

    /**
     * At JVM exit (end of main, System.exit, SIGTERM): JFR's own shutdown hook writes its
     * recording to the output (dump on exit); this one closes the agent's last chunk meanwhile,
     * waits for JFR's hook, then appends the chunks. Shutdown hooks run in no set order, hence the
     * wait. (Stopping JFR's recording from this hook instead lost JFR's last events: EarlyStartIT.)
     */
    private void registerExitHook() {
        Thread hook = new Thread(new Runnable() { // not a lambda: made in premain
            @Override
            public void run() {
                ChunkRecorder recorder = chunks;
                FlightDumps f = flight;
                if (f != null) {
                    f.stop(); // a dump under way is finished; the exit writes the window to the output
                }
                lastStatistics();
                try {
                    if (recorder != null) {
                        listEarlierWaits();
                        AgentRecording jfr = recording;
                        if (jfr != null) {
                            try {
                                jfr.jdkEventsOff(); // JFR's hook may run much later than the last chunk's end
                            } catch (RuntimeException e) {
                                // JFR's own hook stopped it already
                            }
                        }
                        recorder.finish();
                    }
                } catch (IOException e) {
                    log.error(e.getMessage());
                }
                awaitJfrShutdownHook();
                writeOutput(null);
            }
        }, "blockscope exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is already shutting down
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean lastSampled = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * At exit, the agent's last statistics (start-up time, probe errors until now), also for a
     * program that ended before the once-a-second samplers came on. Once: from the exit probe,
     * before any shutdown hook runs, or else from the agent's own hook, where JFR's hook may have
     * stopped the recording already (hooks run in no set order): then there is none.
     */
    private void lastStatistics() {
        AgentRecording jfr = recording;
        PeriodicSamplers s = samplers;
        if (jfr != null && s != null && lastSampled.compareAndSet(false, true)) {
            try {
                jfr.enableAgentStats();
                s.lastSample("");
            } catch (RuntimeException | LinkageError e) {
                // JFR is shutting down under it: the samples of the run are what is there
            }
        }
    }

    /**
     * For an attached agent: the tasks its go-live snapshot found waiting that are still in that
     * wait, which the last chunk then lists as open since the snapshot (they are otherwise
     * UNKNOWN from there to the end).
     */
    private void listEarlierWaits() {
        if (!attached) {
            return;
        }
        try {
            List<OpenSuspensions.EarlierWait> waits = TaskSnapshots.stillWaiting();
            OpenSuspensions.earlierWaitsAtEnd(waits);
            log.debug(waits.size() + " tasks still in the wait the go-live snapshot found them in");
        } catch (RuntimeException | LinkageError e) {
            log.debug("could not check the go-live snapshot's waits again (" + e + ")");
        }
    }

    private static void awaitJfrShutdownHook() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("JFR Shutdown Hook")) {
                try {
                    t.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Writes the output once: {@code jfr} stopped (JFR writes its file), then the agent's chunks
     * appended. With {@code jfr} null, JFR wrote the file already (dump on exit) or never will.
     */
    private synchronized void writeOutput(AgentRecording jfr) {
        if (finished) {
            return;
        }
        finished = true;
        if (jfr != null) {
            jfr.stop();
        }
        ChunkRecorder recorder = chunks;
        if (recorder == null) {
            errors.printAtEnd();
            return;
        }
        try {
            long bytes = recorder.appendTo(output);
            JfrRepository.removeEmpty(chunkDirectory(output)); // JFR's repository in it, which JFR emptied
            log.debug("appended " + bytes + " bytes of blockscope's own chunks to " + output);
        } catch (IOException | RuntimeException e) {
            log.error("could not write its events to " + output + " (" + e + "); they stay in " + chunkDirectory(output));
        }
        ProfilerRun p = profiler;
        profiler = null;
        if (p != null) {
            try {
                long bytes = p.stopAndAppendTo(output);
                log.debug("appended " + bytes + " bytes of async-profiler's chunks to " + output);
            } catch (IOException | RuntimeException e) {
                log.error("could not add async-profiler's samples to " + output + " (" + e.getMessage() + "); they stay in "
                        + ProfilerRun.fileFor(output));
            }
        }
        errors.printAtEnd();
    }

    /**
     * The recording runs: the probes go live (what they recorded early is committed now), their
     * status is written and the samplers start. {@code premainNanos}: when premain returned
     * while the probes recorded early, else -1.
     */
    private void live(AgentOptions options, String rawOptions, long startedNanos, boolean mainStarts,
                      ProbeInstaller installer, AgentRecording recording, int blocking, long premainNanos) {
        if (blocking < 0 && "live".equals(installer.status().get(Probe.MONITOR))) {
            // JDK 21-23: the methods exist, but monitor-blocked virtual threads pin instead of unmounting
            installer.status().put(Probe.MONITOR, "off: no VirtualThread.BLOCKING state on this JDK"
                    + " (virtual threads pin on synchronized: see jdk.VirtualThreadPinned)");
        }
        initializeBridge(true);
        boolean early = ProbeBridge.early();
        if (attached) {
            // just before the probes go live: each task's first event comes after its snapshot, which then
            // says what it did until that event
            long began = System.nanoTime();
            StringBuilder why = new StringBuilder();
            int n = TaskSnapshots.record(why);
            log.debug(n + " tasks waiting at go-live, snapshot in " + (System.nanoTime() - began) / 1_000_000 + " ms"
                    + (why.length() > 0 ? "; " + why : ""));
            if (why.length() > 0) {
                log.info("the snapshot at go-live has no virtual threads: " + why);
            }
        }
        ProbeBridge.configure(true, options.stackMinNanos(), options.stackRate(), options.thresholdNanos(), blocking);
        if (mainStarts && installer.status().containsKey(Probe.THREAD)) {
            ProbeBridge.taskStart(Thread.currentThread()); // main never passes Thread.run()
        }
        long running = System.nanoTime() - startedNanos;
        long startup = premainNanos >= 0 ? premainNanos : running;
        PeriodicSamplers samplers = new PeriodicSamplers(recording, chunks, new Runnable() {
            @Override
            public void run() {
                errors.printNew(); // on JFR's periodic thread, once a second: never an application thread
            }
        });

        for (Map.Entry<Probe, String> e : installer.status().entrySet()) {
            status(e.getKey().optionName(), e.getValue().equals("live"), e.getValue(), rawOptions);
        }
        status("carrier", Carriers.available(), Carriers.available() ? "live" : "off: Thread.currentCarrierThread not found", rawOptions);
        status("clock", ProbeBridge.jfrClock(), ProbeBridge.jfrClock() ? "live: JFR's clock, one reading at each end of a suspension"
                : "off: JFR's clock not found, System.nanoTime() and one reading more per suspension", rawOptions);
        if (!options.profile().isEmpty()) {
            String[] detail = {null};
            this.profiler = ProfilerRun.start(options.profile(), options.profileIntervalNanos(), output, log, detail,
                    installer.instrumentation());
            AgentRecording.profilerRuns = profiler != null;
            status("profiler", profiler != null, detail[0], rawOptions);
        }
        status("scheduler", samplers.schedulerVisible(), samplers.schedulerVisible() ? "live" : "off: default scheduler not found", rawOptions);
        if (early) {
            // Everything the probes measured before JFR ran is in the agent's own chunks; only the
            // waits that took a stack waited for JFR, which writes the stack.
            int[] counts = ProbeBridge.earlyCounts();
            String without = counts[1] == 0 ? "" : "; " + counts[1] + " more written without their stack, over the "
                    + ProbeBridge.earlyCapacity() + " that can wait (-Dblockscope.earlyCapacity)";
            if (counts[1] > 0) {
                log.info("the probes measured more than " + ProbeBridge.earlyCapacity() + " waits with a stack before the recording ran"
                        + " (see -Dblockscope.earlyCapacity): " + counts[1] + " of them are in the file without their stack");
            }
            status("early", true, "live: recorded from premain on; " + counts[0] + " waits with a stack from before the recording ran ("
                    + running / 1_000_000 + " ms after premain began)" + without, rawOptions);
        }

        this.installer = installer;
        this.samplers = samplers;
        ProbeBridge.atExit(new Runnable() { // not a lambda: made in premain
            @Override
            public void run() {
                lastStatistics();
            }
        });
        this.recording = recording;
        watchDisk(options, recording);
        if (options.flight() != null) {
            long window = options.flight().windowNanos();
            FlightDumps f = new FlightDumps(options.flight(), output, chunks, recording::dump, recording::rotate,
                    window > 0 ? chunkNanos(window) : 0, log::error, log::debug);
            f.start();
            this.flight = f;
        }
        stopAfter(options.durationNanos());
        if (log.enabled(AgentOptions.LogLevel.INFO)) {
            StringBuilder live = new StringBuilder();
            for (Map.Entry<Probe, String> e : installer.status().entrySet()) {
                live.append(e.getValue().equals("live") ? " " : " -").append(e.getKey().optionName());
            }
            log.info("recording to " + output + " (startup " + startup / 1_000_000 + " ms"
                    + (options.background() ? " in the background" : early ? ", recording ran after " + running / 1_000_000 + " ms" : "")
                    + "); probes:" + live
                    + (Carriers.available() ? " carrier" : " -carrier") + (ProbeBridge.jfrClock() ? " clock" : " -clock"));
        }
        samplers.startupMeasured(startup);
        Runnable deferred = new Runnable() {
            @Override
            public void run() {
                try {
                    if (!options.background() && !attached) {
                        // Not at once: instrumenting these event classes would compete with the
                        // application's own start for the CPU (2 cores here), and a program that
                        // ends within the second does not wait for it. An attached agent's JDK
                        // events wait for this (see AgentRecording.start): no waiting more.
                        Thread.sleep(DEFERRED_EVENTS_DELAY_MILLIS);
                    }
                    samplers.registerSamplers(startup);
                    recording.enableDeferredEvents(options, liveProbes(installer));
                    log.debug("periodic samplers and the JDK's Java-level events on after "
                            + (System.nanoTime() - startedNanos) / 1_000_000 + " ms");
                } catch (RuntimeException e) {
                    log.error("periodic samplers or JDK events could not be switched on: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ProbeBridge.settled(); // a JVM exit that waited for this recording goes on: it has its status and samplers
        if (options.background()) {
            deferred.run(); // on the start thread already
        } else {
            // What the recording can do without for a moment goes on after premain returns.
            Thread t = new Thread(deferred, "blockscope events");
            t.setDaemon(true);
            this.deferredStart = t;
            t.start();
        }
    }

    private static void status(String probe, boolean live, String detail, String rawOptions) {
        ProbeStatusEvent e = new ProbeStatusEvent();
        e.probe = probe;
        e.live = live;
        e.detail = detail;
        e.agentVersion = AgentVersion.number();
        e.options = rawOptions == null ? "" : rawOptions;
        e.commit();
    }

    /** {@code VirtualThread.BLOCKING} (JDK 24+: monitor-blocked virtual threads unmount), or -1. */
    private static int blockingState() {
        try {
            Field f = Class.forName("java.lang.VirtualThread").getDeclaredField("BLOCKING");
            f.setAccessible(true);
            return f.getInt(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    Path output() {
        return output;
    }

    /** The output is written, or the session gave up: it records nothing any more. */
    boolean finished() {
        return finished;
    }

    /** How it ended, for the answer to a later stop ("ended when duration= ran out ..."). */
    String endedHow() {
        String how = ended;
        return how != null ? how : finished ? "ended; its output is " + output : null;
    }

    /** The probes that went live (a probe whose target is missing is off). */
    private static java.util.Set<Probe> liveProbes(ProbeInstaller installer) {
        java.util.Set<Probe> live = java.util.EnumSet.noneOf(Probe.class);
        for (Map.Entry<Probe, String> e : installer.status().entrySet()) {
            if (e.getValue().equals("live")) {
                live.add(e.getKey());
            }
        }
        return live;
    }

    /**
     * The disk bound: the chunk writer checks the free space of the output's file system (and
     * JFR's repository's) a few times a second; once what is left after the output is written
     * would fall below {@code minfree=}, the recording stops and is written, with one line.
     */
    private void watchDisk(AgentOptions options, AgentRecording recording) {
        java.util.List<java.nio.file.FileStore> stores;
        try {
            stores = recording.fileStores();
        } catch (IOException e) {
            log.error("cannot watch the free disk space (" + e.getMessage() + "): the recording is bounded by maxsize= only");
            return;
        }
        long minFree = options.minFreeBytes();
        chunks.watchDisk(new ChunkRecorder.DiskWatch(stores, minFree, new java.util.function.LongSupplier() {
            @Override
            public long getAsLong() {
                return recording.bytes();
            }
        }, new java.util.function.Consumer<String>() {
            @Override
            public void accept(String why) {
                Thread t = new Thread(new Runnable() {
                    @Override
                    public void run() {
                        String reason = "the disk is nearly full: " + why + " (minfree=" + (minFree >> 20) + "m)";
                        stop("stopped before the disk filled up (" + reason + ") and was written to " + output, reason);
                        System.err.println("blockscope: recording stopped, " + reason + "; what was recorded is in " + output);
                    }
                }, "blockscope disk");
                t.setDaemon(true);
                t.start();
            }
        }));
    }

    /**
     * {@code duration=}: stops the session {@code nanos} from now (counted from the moment the
     * probes are live: on a dynamic attach installing them can take longer than a short duration).
     */
    private void stopAfter(long nanos) {
        if (nanos <= 0) {
            return;
        }
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                try {
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                    stop("ended when duration= ran out and was written to " + output);
                    log.info("duration ended: recording written to " + output);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "blockscope duration");
        t.setDaemon(true);
        t.start();
    }

    /** Removes the probes, stops the samplers and writes the recording. */
    void stop() {
        stop("was stopped and written to " + output);
    }

    /** {@link #stop()}, {@code how} being how it ended, in words. */
    void stop(String how) {
        stop(how, "");
    }

    /** {@link #stop(String)}; {@code reason}, when not empty, goes into the last AgentStats (it stopped by itself). */
    synchronized void stop(String how, String reason) {
        if (ended == null && !finished) {
            ended = how;
        }
        Thread deferred = deferredStart;
        if (deferred != null && deferred != Thread.currentThread()) {
            deferred.interrupt(); // it waits a second before switching on what can wait: no need now
        }
        for (Thread t : new Thread[] {starter, deferredStart}) {
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(); // a start in progress finishes first, so nothing stays installed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (recording == null || finished) {
            return; // the background start failed and said so, or the output is written
        }
        FlightDumps f = flight;
        if (f != null) {
            f.stop();
        }
        listEarlierWaits();
        ProbeBridge.atExit(null);
        samplers.unregister();
        // a program that ends before the once-a-second events came on (switched on with them)
        // still gets the last statistics: start-up time, probe errors, why it stopped
        recording.enableAgentStats();
        samplers.lastSample(reason);
        // JFR stops first (it writes the output), then the agent's last chunk is closed, so the file's
        // time ends with the agent's: the other way round, JFR's samples and the JDK's events of the
        // moments after the last chunk named tasks whose start or end no chunk held, and tasks alive
        // at the end showed those moments UNKNOWN. A wait that gets a stack meanwhile is written
        // into the chunks without one.
        try {
            recording.stop();
        } catch (RuntimeException e) {
            log.error("JFR's recording did not stop cleanly (" + e + ")");
        }
        // Probes stay live until the last chunk is closed: its end then finds every task that is
        // suspended right now (OpenSuspend), not only those whose wait began before the probes
        // were switched off. What they write after it goes nowhere.
        try {
            chunks.finish();
        } catch (IOException e) {
            log.error(e.getMessage());
        }
        ProbeBridge.configure(false, Long.MAX_VALUE, 0, 0, -1);
        writeOutput(null); // JFR wrote its part: the chunks are appended
        try {
            installer.uninstall();
        } catch (RuntimeException e) {
            log.error("could not remove all probes (" + e + "); they stay inert");
        }
    }
}
