package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.CollapsedExport;
import dev.blockscope.analyzer.report.PprofExport;
import dev.blockscope.analyzer.report.Profiles;
import dev.blockscope.analyzer.report.TraceEventExport;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import dev.blockscope.analyzer.summary.TimelineRecorder;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blockscope export FILE --format json|chrome|perfetto|collapsed|pprof}. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write the analysis as JSON, a Chrome/Perfetto trace, collapsed stacks or a pprof profile.")
final class ExportCommand implements Callable<Integer> {
    enum Format { json, chrome, perfetto, collapsed, pprof }

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "json (the analysis), chrome (trace-event JSON), perfetto (the same with carrier tracks and waker arrows), collapsed (blocking profile for flame graphs), pprof (gzipped profile.proto: the blocking,"
                    + " scheduler-latency and per-task CPU profiles, for go tool pprof, Pyroscope, Parca)")
    Format format;
    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Output file (default: stdout)") Path outFile;
    @Mixin ReportFilter filter;
    @Mixin TaskRowsOption rows;
    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "collapsed: one family profile instead of all blocked time: sync (locks, monitors, hand-offs), net, file (files and"
                    + " processes), or sched (the time woken but waiting for a carrier, by the wait it was woken from)") String profile;
    @Option(names = "--max-intervals", paramLabel = "N", defaultValue = "" + TimelineRecorder.DEFAULT_BUDGET,
            description = "Timeline budget (default 2000000)") int maxIntervals;
    @Option(names = "--json", description = "Same as --format json") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        // the filters narrow the blocking profile (collapsed), counted while reading: exact however large the file
        WindowedAnalysis.Filter window = filter.filter();
        if (profile != null && !Profiles.names().contains(profile)) {
            throw new ParameterException(spec.commandLine(), "--profile: unknown profile '" + profile + "' (use "
                    + String.join(", ", Profiles.names()) + ")");
        }
        if (profile != null && (json ? Format.json : format) != Format.collapsed) {
            throw new ParameterException(spec.commandLine(), "--profile goes with --format collapsed");
        }
        if (maxIntervals < 0) {
            throw new ParameterException(spec.commandLine(), "--max-intervals must be 0 or more");
        }
        if ((json ? Format.json : format) == Format.pprof && outFile == null) {
            throw new ParameterException(spec.commandLine(), "--format pprof writes a binary file: give it -o FILE");
        }
        AnalysisRun.report(file, rows.apply(new AnalysisOptions(maxIntervals, window.task(), window.from(), window.to())), err,
                a -> write(a, json ? Format.json : format, err));
        return FailureHandler.OK;
    }

    private void write(Analysis a, Format f, PrintWriter err) throws java.io.IOException {
        OutputStream os = outFile == null ? null : OutputFile.open(outFile);
        try {
            PrintWriter out = os == null ? spec.commandLine().getOut()
                    : new PrintWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            switch (f) {
                case json -> AnalysisJson.write(a, out, false);
                case collapsed -> CollapsedExport.write(a, profile, out);
                case pprof -> PprofExport.write(a, os);
                case chrome, perfetto -> {
                    if (os != null) {
                        TraceEventExport.write(a, os, f == Format.perfetto);
                    } else {
                        java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
                        TraceEventExport.write(a, buffer, f == Format.perfetto);
                        out.println(buffer.toString(StandardCharsets.UTF_8));
                    }
                }
            }
            out.flush();
        } finally {
            if (os != null) {
                os.close();
            }
        }
        if (outFile != null) {
            err.println("blockscope: wrote " + outFile + (f == Format.perfetto || f == Format.chrome
                    ? " (open it in https://ui.perfetto.dev or chrome://tracing)"
                    : f == Format.pprof ? " (go tool pprof -sample_index=delay|sched_delay|cpu " + outFile + ")" : ""));
        }
    }
}
