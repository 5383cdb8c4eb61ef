package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.PinningText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blockscope pinning FILE}: pinning sites, their cost and fix. */
@Command(name = "pinning", mixinStandardHelpOptions = true, description = "Waits that held a carrier: by stack and pin reason, with the fix.")
final class PinningCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--json", description = "Print {pinning, stacks} as JSON") boolean json;
    @picocli.CommandLine.Mixin TaskRowsOption rows;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AnalysisRun.report(file, rows.apply(AnalysisOptions.DEFAULT), err, a -> {
            if (json) {
                // in this order every time: Map.of's order changes from one JVM to the next
                Map<String, Object> json = new java.util.LinkedHashMap<>();
                json.put("pinning", a.pinning());
                json.put("stacks", a.stacks());
                AnalysisJson.write(json, out, false);
            } else {
                PinningText.write(a, out);
            }
        });
        return FailureHandler.OK;
    }
}
