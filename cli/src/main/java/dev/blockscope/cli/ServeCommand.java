package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.summary.IntervalFile;
import java.util.List;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.TimelineWindow;
import dev.blockscope.ui.AnalysisSource;
import dev.blockscope.ui.RangeSummary;
import dev.blockscope.ui.UiServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blockscope serve FILE}: the web UI over HTTP, loading the timeline window by window. It
 * listens before the analysis is done (the page shows its progress, and for a large file a preview
 * of its beginning meanwhile, {@code --preview}), and saves the analysis in
 * {@link ServeCache}, so the next serve of the same file maps it instead of analyzing again.
 * {@code serve --attach PID}: the web UI following a running JVM, the last {@code --window} of its
 * live stream ({@link LiveStream}, {@link LiveWindow}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the web UI for a recording, or follow a running JVM"
        + " (--attach PID), until interrupted (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    /** Intervals in the summary the page loads first; the rest come window by window. */
    static final int SUMMARY_INTERVALS = 20_000;

    @Spec CommandSpec spec;
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--attach", paramLabel = "PID", description = "Follow this running JVM (JDK 21+) instead of a file") String attach;
    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "60s",
            description = "With --attach: the last this long is shown, scrolling (default 60s)") String window;
    @Option(names = "--port", defaultValue = "0", description = "TCP port (default: any free port)") int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default 127.0.0.1)") String host;
    @Option(names = "--cache", paramLabel = "DIR", description = "Where analyses are saved for the next serve of the same file"
            + " (default: $XDG_CACHE_HOME/blockscope/serve, else ~/.cache/blockscope/serve)") Path cacheDir;
    @Option(names = "--no-cache", description = "Analyze the file every time and save nothing") boolean noCache;
    @Option(names = "--cache-limit", paramLabel = "SIZE", defaultValue = "4g", description = "The cache's bound, least recently used"
            + " analyses evicted first (default 4g; never more than half of the disk space free without it)") String cacheLimit;
    @Option(names = "--preview", paramLabel = "SIZE", defaultValue = "4m", description = "A recording of more than six times SIZE"
            + " is shown first from its beginning (up to where its chunks hold about SIZE, a second at least) while the whole file is"
            + " analyzed (default 4m; 0: wait for the whole)") String preview;

    /**
     * The analysis as the UI server asks for it (from several request threads: it only reads):
     * windows and ranges from the analysis' own timeline, or, when {@code byTask} is not null, from
     * the file of every interval of the recording ordered by task, so every interval is reachable
     * at any zoom however many the analysis' timeline kept.
     */
    record Source(Analysis analysis, TimelineWindow.Index index, RangeSummary.Intervals columns, IntervalFile byTask,
                  java.util.concurrent.atomic.AtomicReference<byte[]> summary) implements AnalysisSource {
        Source(Analysis analysis) {
            this(analysis, new TimelineWindow.Index(analysis), columns(analysis), null, new java.util.concurrent.atomic.AtomicReference<>());
        }

        /** Over the file of every interval (ordered by task, see {@link IntervalFile#byTask()}). */
        Source(Analysis analysis, IntervalFile byTask) {
            this(everyInterval(analysis, byTask.size()), null, new FileIntervals(analysis, byTask), byTask,
                    new java.util.concurrent.atomic.AtomicReference<>());
        }

        private static RangeSummary.Timeline columns(Analysis a) {
            Analysis.Timeline tl = a.timeline();
            String partial = tl.truncated() ? String.format(java.util.Locale.ROOT, "the analyzer kept the %,d longest intervals"
                    + " of the recording (its interval budget): shorter waits and wake-ups in the range are not counted", tl.size()) : null;
            return new RangeSummary.Timeline(tl.states(), tl.reasons(), tl.task(), tl.start(), tl.end(), tl.state(), tl.reason(),
                    tl.carrier(), tl.stack(), carrierTasks(a), partial);
        }

        static java.util.Set<Long> carrierTasks(Analysis a) {
            return a.tasks().stream().filter(Analysis.TaskRow::carrier).map(Analysis.TaskRow::id)
                    .collect(java.util.stream.Collectors.toSet());
        }

        /**
         * The analysis as serve shows it: the limit saying the timeline kept only its budget no
         * longer holds for the windows, which come from every interval.
         */
        private static Analysis everyInterval(Analysis a, long all) {
            if (!a.timeline().truncated()) {
                return a;
            }
            List<String> limits = new java.util.ArrayList<>();
            for (String l : a.source().limits()) {
                limits.add(l.startsWith("timeline truncated: ") ? String.format(java.util.Locale.ROOT, "timeline: the analysis kept"
                        + " %,d of its %,d intervals in memory; serve reads every one of them, window by window, from a file of its"
                        + " own, so the lanes and selections are whole", a.timeline().size(), all) : l);
            }
            Analysis.Source s = a.source();
            // withSource keeps the rest whole (the CPU profile and the task groups too)
            return a.withSource(new Analysis.Source(s.file(), s.kind(), s.jvm(), s.events(), s.eventsByType(), s.skipped(),
                    List.copyOf(limits), s.fileBytes()));
        }

        private Analysis.Timeline window(long startNanos, long endNanos, int max) {
            return byTask != null ? TimelineWindow.window(analysis, byTask, startNanos, endNanos, max)
                    : TimelineWindow.window(analysis, index, startNanos, endNanos, max);
        }

        /** Computed once (the whole recording's window is the costly one), then the same bytes for every page load. */
        @Override
        public byte[] summaryJson() {
            byte[] json = summary.get();
            if (json == null) {
                json = AnalysisJson.bytes(analysis.withTimeline(window(0, analysis.window().durationNanos(), SUMMARY_INTERVALS)));
                summary.compareAndSet(null, json);
            }
            return json;
        }

        @Override
        public byte[] rangeJson(long startNanos, long endNanos) {
            return RangeSummary.json(columns, startNanos, endNanos);
        }

        @Override
        public byte[] windowJson(long startNanos, long endNanos, int maxIntervals) {
            return AnalysisJson.bytes(window(startNanos, endNanos, maxIntervals));
        }
    }

    /** Every interval of the recording, from its file, for a range's panels. */
    record FileIntervals(List<String> states, List<String> reasons, java.util.Set<Long> carrierTasks, IntervalFile f)
            implements RangeSummary.Intervals {
        FileIntervals(Analysis a, IntervalFile f) {
            this(a.timeline().states(), a.timeline().reasons(), Source.carrierTasks(a), f);
        }

        @Override public String partial() { return null; }
        @Override public long size() { return f.size(); }
        @Override public long task(long i) { return f.task(i); }
        @Override public long start(long i) { return f.start(i); }
        @Override public long end(long i) { return f.end(i); }
        @Override public int state(long i) { return f.state(i); }
        @Override public int reason(long i) { return f.reason(i); }
        @Override public long carrier(long i) { return f.carrier(i); }
        @Override public int stack(long i) { return f.stack(i); }

        /** Per task, from its first interval ending in the range to its last starting in it. */
        @Override
        public void candidates(long from, long to, java.util.function.LongConsumer visit) {
            for (int t = 0; t < f.tasks(); t++) {
                long hi = f.taskStart(t + 1);
                for (long i = f.firstEndingAtOrAfter(t, from); i < hi && f.start(i) <= to; i++) {
                    visit.accept(i);
                }
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        if ((file == null) == (attach == null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "serve takes a FILE or --attach PID (one of the two)");
        }
        if (attach != null) {
            return follow(err);
        }
        ServeCache cache = null;
        if (!noCache) {
            long limit;
            try {
                limit = ServeCache.parseSize(cacheLimit);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--cache-limit: " + e.getMessage());
            }
            cache = new ServeCache(cacheDir != null ? cacheDir : ServeCache.defaultDir(), limit);
        } else if (cacheDir != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--cache and --no-cache: one of the two");
        }
        try {
            previewBytes = ServeCache.parseSize(preview);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--preview: " + e.getMessage());
        }
        if (!java.nio.file.Files.exists(file)) {
            // a mistyped name: said at once, as before serve listened first, with no address to open
            throw new CommandFailure.Unreadable(new dev.blockscope.analyzer.read.RecordingException(file, "no such file"));
        }
        return serveFile(cache, err);
    }

    /**
     * {@code serve FILE}: listens at once and says where, then opens the saved analysis or analyzes
     * the file on a thread of its own; the page shows the progress meanwhile ({@link ServedFile}).
     * When the file cannot be analyzed, the server stays until a page that asked for the progress has
     * been told (at most {@link #FAILURE_GRACE_MILLIS}), then the command fails as every report
     * command does, with the same line and exit code.
     */
    private int serveFile(ServeCache cache, PrintWriter err) throws Exception {
        ServedFile served = new ServedFile(file);
        java.util.concurrent.CompletableFuture<ServedRecording> result = new java.util.concurrent.CompletableFuture<>();
        try (UiServer server = UiServer.start(served, host, port)) {
            spec.commandLine().getOut().println("blockscope: serving " + file + " at " + server.uri() + " (Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            Thread.ofPlatform().daemon().name("blockscope serve analysis").start(() -> {
                try {
                    result.complete(load(served, cache, err));
                } catch (Throwable t) {
                    served.failed(t instanceof Exception e ? FailureHandler.line(e, spec.name()) : "blockscope " + spec.name() + ": " + t);
                    result.completeExceptionally(t);
                }
            });
            ServedRecording ready;
            try {
                ready = result.get();
            } catch (java.util.concurrent.ExecutionException e) {
                served.awaitFailureShown(FAILURE_GRACE_MILLIS);
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) {
                    throw ex;
                }
                throw (Error) cause;
            }
            try (ready) {
                new CountDownLatch(1).await();
            }
        } finally {
            served.closePreview();
        }
        return FailureHandler.OK;
    }

    /** How long a failed serve waits for an open page to show why (it polls four times a second). */
    static final long FAILURE_GRACE_MILLIS = 5_000;

    /** How serve analyzes a file: {@link RecordingAnalyzer#analyzeFull}; tests count the calls and hold them. */
    @FunctionalInterface
    interface Analyzer {
        RecordingAnalyzer.Full analyze(RecordingReader.Input in, AnalysisOptions options, RecordingReader.Progress progress)
                throws java.io.IOException;
    }

    Analyzer analyzer = RecordingAnalyzer::analyzeFull;

    /** How serve analyzes a preview: {@link RecordingAnalyzer#analyzePreview}; tests count the calls and hold them. */
    @FunctionalInterface
    interface Previewer {
        RecordingAnalyzer.Full preview(RecordingReader.Input in, AnalysisOptions options, long bytes) throws java.io.IOException;
    }

    Previewer previewer = RecordingAnalyzer::analyzePreview;

    /** {@code --preview} in bytes (0: none). */
    private long previewBytes;

    /**
     * Shows the beginning of a large file while the whole is analyzed: the page opens on it in
     * a second or two where the whole takes a minute. Whatever goes wrong with the preview only
     * means there is none: the whole file's analysis then says what is wrong with the file.
     */
    private void preview(ServedFile served, RecordingReader.Input in, PrintWriter err) {
        long size;
        try {
            size = in.bytes(); // a gzipped file's expansion, a directory's chunks joined: made once for both analyses
        } catch (java.io.IOException e) {
            return;
        }
        // a smaller file's whole analysis comes about as soon as a preview would (24 MB at the default: a few seconds)
        if (previewBytes <= 0 || size <= 6 * previewBytes) {
            return;
        }
        served.phase("analyzing the beginning for a preview");
        try {
            RecordingAnalyzer.Full full = previewer.preview(in, AnalysisOptions.DEFAULT, previewBytes);
            if (full == null) {
                return; // one chunk, or chunks of unknown start: nothing short of the whole
            }
            ServedRecording shown = ServedRecording.from(full, null, phase -> { });
            served.phase("starting"); // the preview's own phase is over: the page now tells of the whole
            served.preview(shown);
            say(err, String.format(java.util.Locale.ROOT, "blockscope: showing the first %.1f s of %s while the whole file is analyzed",
                    full.analysis().window().durationNanos() / 1e9, file));
        } catch (java.io.IOException | RuntimeException e) {
            say(err, "blockscope: no preview of " + file + " (" + e.getMessage() + "): the whole file is analyzed");
        }
    }

    /**
     * The file made readable once for the preview and the whole analysis (a gzipped one expanded,
     * a directory's chunks joined), deleted when both are done: a failure to delete it is no
     * failure of serve (the expansion is also deleted at exit).
     */
    private record Readable(RecordingReader.Input in) implements AutoCloseable {
        @Override
        public void close() {
            try {
                in.close();
            } catch (java.io.IOException e) {
                // the temporary file stays: nothing the user asked for is lost
            }
        }
    }

    private Readable readable(ServedFile served) throws java.io.IOException {
        if (java.nio.file.Files.isDirectory(file)) {
            served.phase("joining the directory's chunk files");
        } else if (gzipped(file)) {
            served.phase("expanding the gzipped file");
        }
        return new Readable(RecordingReader.Input.of(file));
    }

    /** Whether {@code f} begins with gzip's magic bytes. */
    private static boolean gzipped(Path f) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(f)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (java.io.IOException e) {
            return false; // the analysis says what is wrong with it
        }
    }

    /**
     * The analysis to serve: the cache's entry for the file as it is now, else a fresh analysis,
     * published to the server as soon as it is ready and then saved (one line says which).
     */
    private ServedRecording load(ServedFile served, ServeCache cache, PrintWriter err) throws Exception {
        String key = null;
        if (cache != null && !java.nio.file.Files.isDirectory(file)) { // a directory of chunks: its key would need every chunk
            try {
                key = ServeCache.key(file);
            } catch (java.io.IOException e) {
                key = null; // an unreadable file: the analysis says what is wrong with it
            }
            if (key != null) {
                served.phase("opening the saved analysis");
                ServedRecording saved = cache.open(key, err);
                if (saved != null) {
                    say(err, "blockscope: analysis reopened from the cache " + cache.entry(key));
                    publish(served, saved, err);
                    return saved;
                }
            }
        }
        RecordingAnalyzer.Full full;
        AnalysisProgress progress = AnalysisProgress.of(file, err);
        try (Readable readable = readable(served)) {
            preview(served, readable.in, err);
            served.analyzing(progress);
            full = analyzer.analyze(readable.in, AnalysisOptions.DEFAULT, progress);
        } catch (java.io.IOException e) {
            throw new CommandFailure.Unreadable(e);
        }
        CommandFailure.Damaged damaged = CommandFailure.Damaged.of(full.analysis());
        ServedRecording fresh = ServedRecording.from(full, damaged == null ? null : FailureHandler.line(damaged, spec.name()),
                progress::phase);
        publish(served, fresh, err);
        if (served.previewed()) {
            // the page keeps the preview until asked: the terminal says the whole is there to ask for
            say(err, "blockscope: the whole of " + file + " is analyzed: the page offers it (\"Show the whole recording\")");
        }
        if (cache != null && key != null) {
            save(cache, key, fresh, err);
        }
        return fresh;
    }

    /** Says what of a damaged recording was skipped (served all the same), then hands the analysis to the server. */
    private static void publish(ServedFile served, ServedRecording s, PrintWriter err) {
        if (s.damaged() != null) {
            // served all the same, as every report of a damaged file shows what could be read
            say(err, s.damaged());
        }
        served.ready(s);
    }

    /** Saves a fresh analysis, unless the file changed while it was analyzed (its entry would then not match it). */
    private void save(ServeCache cache, String key, ServedRecording fresh, PrintWriter err) {
        try {
            if (!key.equals(ServeCache.key(file))) {
                say(err, "blockscope: analysis not saved to the cache: " + file + " changed while it was analyzed");
                return;
            }
            Path entry = cache.save(key, fresh, err);
            if (entry != null) {
                say(err, "blockscope: analysis saved to the cache " + entry);
            }
        } catch (java.io.IOException | RuntimeException e) {
            say(err, "blockscope: analysis not saved to the cache " + cache.dir() + ": " + e.getMessage());
        }
    }

    private static void say(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }

    /**
     * {@code --attach PID}: reads the JVM's stream into a {@link LiveWindow} and serves it. Ctrl-C
     * detaches (the agent stops what it started for this view); when the JVM ends its stream, one
     * line says so and the page keeps the last window until Ctrl-C.
     */
    private int follow(PrintWriter err) throws Exception {
        if (!attach.matches("\\d+")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--attach takes a process id (digits), was '" + attach + "'");
        }
        long windowNanos;
        try {
            windowNanos = dev.blockscope.analyzer.report.Durations.parse(window);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--window: " + e.getMessage());
        }
        if (windowNanos < 1_000_000_000L) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--window must be at least 1s (the stream comes a second"
                    + " at a time), was " + window);
        }
        PrintWriter out = spec.commandLine().getOut();
        LiveStream stream = LiveStream.open(attach);
        LiveWindow live = new LiveWindow(attach, windowNanos, stream.dir(), err);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable detach = () -> {
            if (done.compareAndSet(false, true)) {
                try {
                    live.close();
                    stream.close();
                } catch (java.io.IOException e) {
                    // the temporary directory: deleted by the system in the end
                }
            }
        };
        Thread hook = new Thread(() -> {
            detach.run();
            out.println("blockscope: detached from process " + attach);
            out.flush();
        }, "blockscope serve detach");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            byte[] first = stream.next();
            if (first == null) {
                throw new CommandFailure.Failed(stream.endedLine());
            }
            live.add(first);
            if (!live.awaitFirst(60_000)) {
                throw new CommandFailure.Failed("no analysis of process " + attach + "'s stream within 60 s");
            }
            try (UiServer server = UiServer.start(live, host, port)) {
                out.println("blockscope: serving process " + attach + " live (the last " + window + ") at " + server.uri()
                        + " (Ctrl-C to stop)");
                out.flush();
                for (byte[] chunk = stream.next(); chunk != null; chunk = stream.next()) {
                    live.add(chunk);
                }
                live.ended(stream.endedLine());
                out.println(stream.endedLine() + "; the page keeps its last window (Ctrl-C to stop)");
                out.flush();
                new CountDownLatch(1).await();
            }
        } catch (java.io.IOException e) {
            if (done.get()) {
                new CountDownLatch(1).await(); // Ctrl-C closed the stream under the reader: the hook ends the JVM
            }
            throw e;
        } finally {
            if (!done.get()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs
                }
                detach.run();
            }
        }
        return FailureHandler.OK;
    }
}
