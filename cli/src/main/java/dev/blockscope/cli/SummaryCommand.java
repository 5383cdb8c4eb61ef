package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.SummaryText;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import dev.blockscope.analyzer.report.WorstWaits;
import java.util.Locale;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code blockscope summary FILE}: the 20-second report. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Worst waits, pinning, scheduler latency and overhead of a recording.")
final class SummaryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--json", description = "Print the whole analysis as JSON (docs/analysis-json.md)") boolean json;
    @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "Worst waits to show (default 5)") int top;
    @Option(names = {"--group-by", "--by"}, paramLabel = "GROUPING", defaultValue = "site",
            description = "Group the worst waits by call site (default), first application frame, or reason: site, frame, reason") String by;
    @Mixin ReportFilter filter;
    @Mixin TaskRowsOption rows;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (top < 1) {
            throw new ParameterException(spec.commandLine(), "--top must be 1 or more, was " + top);
        }
        WorstWaits.By grouping;
        try {
            grouping = WorstWaits.By.valueOf(by.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--group-by: unknown grouping '" + by + "' (use site, frame or reason)");
        }
        WindowedAnalysis.Filter window = filter.filter();
        AnalysisRun.report(file, rows.apply(AnalysisOptions.DEFAULT), err, a -> {
            Analysis shown = filter.active() ? WindowedAnalysis.of(a, window) : a;
            if (json) {
                AnalysisJson.write(shown, out, false);
            } else {
                SummaryText.write(shown, out, new SummaryText.Options(top, grouping));
            }
        });
        return FailureHandler.OK;
    }
}
