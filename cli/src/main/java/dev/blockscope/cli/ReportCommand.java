package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.ui.ReportPage;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blockscope report FILE -o report.html}: one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write a self-contained HTML report (timeline, carriers, blocking profile, pinning).")
final class ReportCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = {"-o", "--out"}, paramLabel = "HTML", defaultValue = "blockscope-report.html",
            description = "Output file (default blockscope-report.html)") Path out;
    @Option(names = "--max-intervals", paramLabel = "N", defaultValue = "200000",
            description = "Timeline intervals embedded in the page (default 200000; the page stays small)") int maxIntervals;
    @Option(names = "--json", description = "Print {report, recording} paths as JSON instead of a sentence") boolean json;
    @picocli.CommandLine.Mixin TaskRowsOption rows;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        AnalysisRun.report(file, rows.apply(new AnalysisOptions(Math.max(0, maxIntervals), null, 0, Long.MAX_VALUE)), err, a -> {
            write(a, out);
            if (json) {
                java.util.Map<String, String> paths = new java.util.LinkedHashMap<>(); // Map.of's order changes from one JVM to the next
                paths.put("report", out.toAbsolutePath().toString());
                paths.put("recording", file.toString());
                AnalysisJson.write(paths, spec.commandLine().getOut(), false);
            } else {
                spec.commandLine().getOut().println("wrote " + out + " (open it in a browser; it needs no network)");
                spec.commandLine().getOut().flush();
            }
        });
        return FailureHandler.OK;
    }

    static void write(Analysis a, Path html) throws java.io.IOException {
        try (OutputStream os = OutputFile.open(html)) {
            ReportPage.write(AnalysisJson.bytes(a), os);
        }
    }
}
