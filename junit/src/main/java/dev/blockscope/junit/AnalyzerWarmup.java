package dev.blockscope.junit;

import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.Gates;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the extension's own path (a cut from the agent's tap, the analysis narrowed to a test, every
 * gate) in the background, once per JVM, before the first gated tests need it: the first gated
 * test of a JVM used to load the analyzer's classes (0.2-0.6 s), and the next couple of hundred
 * ran its per-test code interpreted (tens of milliseconds more each, on a loaded machine). The
 * warm-up analyzes one chunk until it and the gated tests made {@value #RUNS} analyses, enough for
 * the JIT to compile what every test runs once; what depends on a test's own events warms up in
 * the first tests themselves.
 *
 * <p>It starts when a JUnit Platform session opens ({@link WarmupSessionListener}, found by the
 * launcher through {@code ServiceLoader}) or, where the launcher does not look for it, when the
 * extension is first made. It does nothing in a JVM without the agent, never throws, and its
 * listener is registered with the tap only for the one cut. {@code -Dblockscope.junit.warmup=off}
 * turns it off.
 */
final class AnalyzerWarmup {
    /** The system property that turns the warm-up off ({@code off}). */
    static final String PROPERTY = "blockscope.junit.warmup";
    /** Analyses of the warm-up's chunk: past the JIT's tier-3 threshold (200 calls) for what runs once per test. */
    static final int RUNS = 300;
    /** How long the warm-up waits for an agent whose recording is still starting. */
    private static final long AGENT_WAIT_MILLIS = 5_000;
    /** Items the warm-up's task hands over. */
    private static final int HAND_OFFS = 20;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Analyses made in this JVM so far, the warm-up's and the gated tests'. */
    private static final AtomicInteger ANALYSES = new AtomicInteger();
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile int runs;
    private static volatile int suspensions;
    private static volatile String outcome = "not started";

    private AnalyzerWarmup() {}

    /** Starts the warm-up unless it ran already (or is turned off); returns at once. */
    static void start() {
        if ("off".equalsIgnoreCase(System.getProperty(PROPERTY)) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(AnalyzerWarmup::run, "blockscope junit warm-up");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            outcome = warm();
        } catch (Throwable e) {
            // a warm-up that fails costs nothing but the first tests' speed: the gates themselves say what is wrong
            outcome = "failed: " + e;
        } finally {
            DONE.countDown();
        }
    }

    private static String warm() throws Exception {
        AgentTap tap = AgentTap.find();
        if (tap == null) {
            return "no agent";
        }
        for (long waited = 0; !tap.recording(); waited += 50) {
            if (waited >= AGENT_WAIT_MILLIS) {
                return "the agent is not recording";
            }
            Thread.sleep(50);
        }
        long from = BlockscopeExtension.epochNanos();
        Object listener = tap.open();
        if (listener == null) {
            return "the agent refused a listener";
        }
        byte[] chunk;
        // the agent records no thread named "blockscope ...", this one included: the test's thread is a task of its own
        Thread test = Thread.ofVirtual().name("blockscope-junit warm-up").unstarted(() -> {
            try {
                handOffs();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            test.start();
            test.join();
            chunk = tap.cut(listener, BlockscopeExtension.CUT_TIMEOUT_MILLIS);
        } finally {
            tap.close(listener);
        }
        if (chunk == null) {
            return "no chunk from the agent";
        }
        long to = BlockscopeExtension.epochNanos();
        // every gate, so each of their paths is compiled; the limits are never reached by an empty window
        Gates.Limits every = Gates.Limits.parse("0", "1s", List.of("sleep:1s"), "1s", true);
        long thread = test.threadId();
        // the gated tests' own analyses warm the same code: stop once they and the warm-up's make RUNS
        for (int i = 0; ANALYSES.get() < RUNS; i++) {
            ANALYSES.incrementAndGet();
            Analysis a = BlockscopeExtension.testAnalysis(chunk, thread, from, to);
            Gates.unknownReason(a, every);
            Gates.evaluate(a, every);
            suspensions = a.tasks().stream().mapToInt(Analysis.TaskRow::suspensions).sum();
            runs = i + 1;
        }
        return "done";
    }

    /**
     * The warm-up's test: a task it starts, as a test's would be, hands {@value #HAND_OFFS} items over
     * to it and sleeps a few milliseconds (long enough for a stack): what the chunk needs so
     * that reading a wait, a wake-up, a stack and a task's timeline is among what gets compiled. Their
     * few waits are in the recording too, under the two threads' names ({@code blockscope-junit warm-up}).
     */
    private static void handOffs() throws InterruptedException {
        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        Thread task = Thread.ofVirtual().name("blockscope-junit warm-up task").start(() -> {
            try {
                for (int i = 0; i < HAND_OFFS; i++) {
                    q.put(i);
                }
                Thread.sleep(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < HAND_OFFS; i++) {
            q.take();
        }
        task.join();
    }

    /** A gated test's analysis was made (it warms the same code as the warm-up's). */
    static void analyzed() {
        ANALYSES.incrementAndGet();
    }

    /** Waits for the warm-up to end; whether it ended within the timeout. */
    static boolean await(long timeoutMillis) throws InterruptedException {
        return DONE.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** How many analyses the warm-up made (fewer than {@link #RUNS} when gated tests ran meanwhile). */
    static int runs() {
        return runs;
    }

    /** The suspensions of the warm-up's own tasks in its window, as its analysis found them. */
    static int suspensions() {
        return suspensions;
    }

    /** How the warm-up ended: {@code done}, or why it did nothing. */
    static String outcome() {
        return outcome;
    }
}
