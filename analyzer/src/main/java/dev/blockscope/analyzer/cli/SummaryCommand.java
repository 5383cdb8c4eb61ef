package dev.blockscope.analyzer.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.SummaryText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code blockscope summary FILE}: the 20-second report. */
@Command(name = "summary", mixinStandardHelpOptions = true, description = "Worst waits, pinning, scheduler latency and overhead of a recording.")
final class SummaryCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--json", description = "Print the whole analysis as JSON (docs/analysis-json.md)") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Analysis a = AnalyzedFile.load(file, AnalysisOptions.DEFAULT, err);
        if (a == null) {
            return 1;
        }
        if (json) {
            AnalysisJson.write(a, out, false);
        } else {
            SummaryText.write(a, out);
        }
        return AnalyzedFile.damage(a, err);
    }
}
