package dev.blockscope.analyzer.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
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

/** {@code blockscope serve FILE}: the web UI over HTTP, loading the timeline window by window. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the web UI for a recording until interrupted (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {
    /** Intervals in the summary the page loads first; the rest come window by window. */
    static final int SUMMARY_INTERVALS = 20_000;

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--port", defaultValue = "0", description = "TCP port (default: any free port)") int port;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default 127.0.0.1)") String host;

    /** The analysis as the UI server asks for it (from several request threads: it only reads). */
    record Source(Analysis analysis, TimelineWindow.Index index, RangeSummary.Timeline columns) implements AnalysisSource {
        Source(Analysis analysis) {
            this(analysis, new TimelineWindow.Index(analysis), columns(analysis));
        }

        private static RangeSummary.Timeline columns(Analysis a) {
            Analysis.Timeline tl = a.timeline();
            java.util.Set<Long> carrierTasks = a.tasks().stream().filter(Analysis.TaskRow::carrier).map(Analysis.TaskRow::id)
                    .collect(java.util.stream.Collectors.toSet());
            String partial = tl.truncated() ? String.format(java.util.Locale.ROOT, "the analyzer kept the %,d longest intervals"
                    + " of the recording (its interval budget): shorter waits and wake-ups in the range are not counted", tl.size()) : null;
            return new RangeSummary.Timeline(tl.states(), tl.reasons(), tl.task(), tl.start(), tl.end(), tl.state(), tl.reason(),
                    tl.carrier(), tl.stack(), carrierTasks, partial);
        }

        @Override
        public byte[] summaryJson() {
            Analysis a = analysis;
            Analysis.Timeline coarse = TimelineWindow.window(a, index, 0, a.window().durationNanos(), SUMMARY_INTERVALS);
            return AnalysisJson.bytes(a.withTimeline(coarse));
        }

        @Override
        public byte[] rangeJson(long startNanos, long endNanos) {
            return RangeSummary.json(columns, startNanos, endNanos);
        }

        @Override
        public byte[] windowJson(long startNanos, long endNanos, int maxIntervals) {
            return AnalysisJson.bytes(TimelineWindow.window(analysis, index, startNanos, endNanos, maxIntervals));
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        Analysis a = AnalyzedFile.load(file, AnalysisOptions.DEFAULT, err);
        if (a == null) {
            return 1;
        }
        AnalyzedFile.damage(a, err);
        try (UiServer server = UiServer.start(new Source(a), host, port)) {
            spec.commandLine().getOut().println("blockscope: serving " + file + " at " + server.uri() + " (Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            new CountDownLatch(1).await();
        }
        return 0;
    }
}
