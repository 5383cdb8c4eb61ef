package dev.blockscope.junit;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.Durations;
import dev.blockscope.analyzer.report.Gates;
import dev.blockscope.analyzer.report.PinningText;
import dev.blockscope.analyzer.report.Printable;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Holds each annotated test to its limits ({@link NoPinning}, {@link MaxPinned}, {@link MaxBlocked},
 * {@link MaxSchedLatency}, {@link MaxUnknown}; a method's annotation of a kind replaces its class's),
 * from the blockscope agent's own events: before the test it registers a listener with the agent's
 * live tap, after it (its {@code @AfterEach} methods included) it asks for the records since, one
 * standalone JFR chunk, and analyzes it with the analyzer, narrowed to the test's window and tasks,
 * and the gates of {@code blockscope check} ({@link Gates}).
 *
 * <p>The test's tasks are the thread that runs it and every thread that thread started during the
 * test, directly or through others it started: waits of the JVM's threads, of the test framework's
 * and of pools started before the test are not the test's.
 *
 * <p>Without the agent the annotated tests fail with one line saying how to add it.
 */
public final class BlockscopeExtension implements BeforeEachCallback, AfterEachCallback {
    /** The one line a test without the agent fails with. */
    static final String NO_AGENT = "blockscope: this test's limits need the blockscope agent on the test JVM:"
            + " add -javaagent:/path/to/blockscope-agent.jar to it (Maven: surefire's <argLine>; Gradle: test { jvmArgs }),"
            + " see the README's \"Test gates\"";
    /** How long a test's end waits for the agent's chunk writer to cut its records. */
    static final long CUT_TIMEOUT_MILLIS = 10_000;

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BlockscopeExtension.class);

    /** A running test: its listener, limits, thread and start (epoch nanos). */
    private record Window(AgentTap tap, Object listener, Gates.Limits limits, long threadId, long startEpochNanos) {}

    /** Made by JUnit for the first annotated class; starts the analyzer's warm-up unless a session listener did. */
    public BlockscopeExtension() {
        AnalyzerWarmup.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Gates.Limits limits = limitsOf(context);
        if (!limits.any()) {
            return;
        }
        AgentTap tap = AgentTap.find();
        Object listener = tap == null || !tap.recording() ? null : tap.open();
        if (listener == null) {
            throw new ExtensionConfigurationException(NO_AGENT);
        }
        context.getStore(NS).put(Window.class, new Window(tap, listener, limits, Thread.currentThread().threadId(), epochNanos()));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        Window w = context.getStore(NS).remove(Window.class, Window.class);
        if (w == null) {
            return;
        }
        long end = epochNanos();
        byte[] chunk;
        try {
            chunk = w.tap().cut(w.listener(), CUT_TIMEOUT_MILLIS);
        } finally {
            w.tap().close(w.listener());
        }
        if (chunk == null) {
            throw new AssertionFailedError("blockscope: the agent did not hand over this test's events within "
                    + CUT_TIMEOUT_MILLIS / 1000 + " s (its recording stopped?): its limits could not be checked");
        }
        Analysis test = testAnalysis(chunk, w.threadId(), w.startEpochNanos(), end);
        AnalyzerWarmup.analyzed();
        String unknownReason = Gates.unknownReason(test, w.limits());
        if (unknownReason != null) {
            throw new ExtensionConfigurationException("blockscope: @MaxBlocked" + unknownReason.substring("--max-blocked".length()));
        }
        List<Gates.Result> results = Gates.evaluate(test, w.limits());
        if (!results.stream().allMatch(Gates.Result::passed)) {
            throw new AssertionFailedError(message(test, w.limits(), results));
        }
    }

    /**
     * The analysis of {@code chunk} narrowed to [{@code from}, {@code to}] (epoch nanos) and to the
     * test's tasks: thread {@code threadId} and those it started, transitively.
     */
    static Analysis testAnalysis(byte[] chunk, long threadId, long from, long to) throws IOException {
        Path file = Files.createTempFile("blockscope-test-", ".jfr");
        Analysis a;
        try {
            Files.write(file, chunk);
            // every task's row: the test's tasks are found by their parents, and a task summed into a
            // group (past AnalysisOptions.maxTasks) has neither its parent nor its intervals' row
            a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT.withMaxTasks(0), RecordingReader.Progress.NONE);
        } finally {
            Files.deleteIfExists(file);
        }
        // The chunk comes from the agent, which records every suspension; one with no event of its
        // own (a test that never waited) would otherwise read as a plain JDK recording.
        Analysis.Source s = a.source();
        a = a.withSource(new Analysis.Source("the test's events from the blockscope agent", "blockscope", s.jvm(),
                s.events(), s.eventsByType(), s.skipped(), s.limits(), null));
        long origin = a.window().startEpochNanos();
        Set<Long> tasks = new HashSet<>();
        tasks.add(threadId);
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Analysis.TaskRow t : a.tasks()) {
                // started during the test: a thread its class's @BeforeAll started is not this test's
                if (t.parent() != null && tasks.contains(t.parent()) && t.start() >= from - origin && tasks.add(t.id())) {
                    grew = true;
                }
            }
        }
        Analysis test = WindowedAnalysis.of(a, new WindowedAnalysis.Filter(Math.max(0, from - origin), Math.max(0, to - origin), null,
                tasks));
        // A window has no figure for the others' wait for a carrier while a site pinned (a timeline
        // does not hold it); the chunk's is that of the test and the sweep before it (at most 100 ms).
        java.util.Map<String, Long> others = new java.util.HashMap<>();
        a.pinning().forEach(p -> others.put(p.stack() + "|" + p.reason(), p.latencyOthers()));
        List<Analysis.PinSite> pins = test.pinning().stream().map(p -> new Analysis.PinSite(p.stack(), p.reason(), p.pinReason(),
                p.count(), p.total(), p.max(), p.tasks(), others.getOrDefault(p.stack() + "|" + p.reason(), 0L), p.fix())).toList();
        return new Analysis(test.schema(), test.source(), test.window(), test.tasks(), test.timeline(), test.stacks(), test.carriers(),
                test.blocking(), test.schedLatency(), pins, test.overhead(), test.scheduler(), test.regions(), test.logs(),
                test.reasonFamilies());
    }

    /** The failure: each limit, and for a breached one where it happened. */
    private static String message(Analysis a, Gates.Limits limits, List<Gates.Result> results) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        long failed = results.stream().filter(r -> !r.passed()).count();
        long tasks = a.tasks().size();
        out.printf(Locale.ROOT, "blockscope: %d limit(s) exceeded by this test's %d task(s)%n", failed, tasks);
        for (Gates.Result r : results) {
            String status = r.measured() ? (r.passed() ? "ok" : "FAIL") : r.passed() ? "skipped" : "NOT MEASURED";
            out.printf(Locale.ROOT, "%-4s %-24s %s (limit %s)%n", status, r.check(), r.actual(), r.limit());
        }
        boolean pinning = results.stream().anyMatch(r -> !r.passed() && r.check().startsWith("pinned"));
        if (pinning) {
            out.println();
            PinningText.write(a, out);
        }
        for (String reason : limits.maxBlocked().keySet()) {
            boolean breached = results.stream().anyMatch(r -> !r.passed() && r.check().equals("blocked " + reason));
            if (breached) {
                out.println();
                out.println("waits for " + reason + ", longest in total first:");
                a.blocking().byStack().stream().filter(row -> Gates.matches(reason, row.reason())).limit(5).forEach(row -> {
                    out.printf(Locale.ROOT, "  %s: %,d wait(s), %s in total, max %s%n", Printable.of(row.reason()), row.count(),
                            Durations.format(row.total()), Durations.format(row.max()));
                    if (row.stack() >= 0) {
                        a.stacks().get(row.stack()).stream().limit(8).forEach(f -> out.println("     at " + Printable.of(f)));
                    } else {
                        out.println("     (no stack: shorter than the agent's stacks= threshold, or over its stackrate=)");
                    }
                });
            }
        }
        out.flush();
        return text.toString().stripTrailing();
    }

    /** The limits of the test: its method's annotations, else its class's (and enclosing classes'). */
    static Gates.Limits limitsOf(ExtensionContext context) {
        List<AnnotatedElement> where = new ArrayList<>();
        context.getTestMethod().ifPresent(where::add);
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
            where.add(c.get());
        }
        String pinned = null;
        String p99 = null;
        String unknown = null;
        List<String> blocked = new ArrayList<>();
        Set<String> blockedReasons = new HashSet<>();
        for (AnnotatedElement e : where) {
            if (pinned == null) {
                pinned = AnnotationSupport.findAnnotation(e, MaxPinned.class).map(MaxPinned::value)
                        .orElse(AnnotationSupport.isAnnotated(e, NoPinning.class) ? "0" : null);
            }
            if (p99 == null) {
                p99 = AnnotationSupport.findAnnotation(e, MaxSchedLatency.class).map(MaxSchedLatency::p99).orElse(null);
            }
            if (unknown == null) {
                unknown = AnnotationSupport.findAnnotation(e, MaxUnknown.class).map(MaxUnknown::value).orElse(null);
            }
            for (MaxBlocked b : AnnotationSupport.findRepeatableAnnotations(e, MaxBlocked.class)) {
                if (blockedReasons.add(b.reason())) {
                    blocked.add(b.reason() + ":" + b.max());
                }
            }
        }
        try {
            // a gate with nothing to measure in a test (no task was woken) passes: it cannot have been exceeded
            return Gates.Limits.parse(pinned, p99, blocked, unknown, true);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("blockscope: " + e.getMessage());
        }
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
