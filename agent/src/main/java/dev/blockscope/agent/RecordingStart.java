package dev.blockscope.agent;

import jdk.jfr.FlightRecorder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the agent's JFR recording on a thread of its own ({@code blockscope jfr}) while the
 * caller defines the bridge and installs the probes: on a cold JVM starting JFR takes about as
 * long as everything else the agent does at start-up, and the machine has a second core. JFR's
 * own initialization begins at once; registering the agent's event classes and starting the
 * recording wait until the bridge has defined those classes ({@link #bridgeDefined}).
 *
 * <p>With {@code startup=now} the probes record before the recording runs (into the bridge's
 * early buffer) and the thread {@code blockscope live} awaits it; with {@code wait} and at attach
 * the caller awaits it before switching the probes on.
 */
final class RecordingStart implements Runnable {
    private final AgentOptions options;
    private final Path output;
    private final AgentLog log;
    private final long startedNanos;
    private final CountDownLatch bridge = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean bridgeDefined;
    private volatile AgentRecording recording;
    private volatile Throwable failure;

    /** The application runs already: the JDK's events are switched on with the probes (see {@link #begin}). */
    private final boolean late;

    private RecordingStart(AgentOptions options, Path output, AgentLog log, long startedNanos, boolean late) {
        this.late = late;
        this.options = options;
        this.output = output;
        this.log = log;
        this.startedNanos = startedNanos;
        this.thread = new Thread(this, "blockscope jfr");
        thread.setDaemon(true);
    }

    /**
     * Starts JFR's initialization now, on its own thread. {@code late}: the application runs
     * already (attach, startup=background), so the JDK's events wait for the probes to go live.
     */
    static RecordingStart begin(AgentOptions options, Path output, AgentLog log, long startedNanos, boolean late) {
        RecordingStart start = new RecordingStart(options, output, log, startedNanos, late);
        start.thread.start();
        return start;
    }

    @Override
    public void run() {
        try {
            FlightRecorder.getFlightRecorder(); // JFR's own start-up, the larger part
            log.debug("JFR initialized after " + millis() + " ms");
            bridge.await();
            if (bridgeDefined) {
                recording = AgentRecording.start(options, output, true, late, log);
                log.debug("recording started after " + millis() + " ms");
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Lets the recording start ({@code defined}) or gives up (the bridge failed, the agent is off). */
    void bridgeDefined(boolean defined) {
        bridgeDefined = defined;
        bridge.countDown();
    }

    /** Waits for the recording to run; throws when it could not start. */
    AgentRecording await() throws IOException {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while JFR started", e);
        }
        if (failure != null) {
            throw new IOException("the JFR recording did not start: " + failure, failure);
        }
        if (recording == null) {
            throw new IOException("the JFR recording did not start");
        }
        return recording;
    }

    private long millis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
