package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.SummaryText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code blockscope demo}: records the bundled demo under the agent, summarizes it and writes the HTML report. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Record the bundled demo program, print its summary and write blockscope-demo.html.")
final class DemoCommand implements Callable<Integer> {
    static final String DEMO_CLASS = "dev.blockscope.samples.Demo";

    @Spec CommandSpec spec;
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".", description = "Where to write blockscope-demo.jfr and .html (default: here)") Path dir;
    @Option(names = "--json", description = "Print the analysis as JSON instead of the summary") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path samples = Home.root().resolve("samples/target/blockscope-samples.jar");
        if (!Files.isRegularFile(samples)) {
            throw new CommandFailure.Failed("the demo program is not built: " + samples + " is missing (build with './mvnw -B -DskipTests install')");
        }
        Files.createDirectories(dir);
        Path jfr = dir.resolve("blockscope-demo.jfr").toAbsolutePath().normalize();
        Path html = dir.resolve("blockscope-demo.html").toAbsolutePath().normalize();
        Files.deleteIfExists(jfr);
        int exit = AgentRun.run(AgentRun.command(List.of("-cp", samples.toString(), DEMO_CLASS), jfr, err), json ? err : null);
        if (exit != 0 || !Files.isRegularFile(jfr)) {
            throw new CommandFailure.Failed("the demo exited with code " + exit + (Files.isRegularFile(jfr) ? "" : " and wrote no recording")
                    + " (is " + DEMO_CLASS + " in " + samples + "?)");
        }
        AnalysisRun.report(jfr, AnalysisOptions.DEFAULT, err, a -> {
            ReportCommand.write(a, html);
            if (json) {
                AnalysisJson.write(a, out, false);
            } else {
                SummaryText.write(a, out);
                out.println();
                out.println("recording: " + jfr);
                out.println("report:    " + html + "  (open it in a browser)");
                out.println("next:      ./blockscope tasks " + jfr + "   ./blockscope pinning " + jfr + "   ./blockscope serve " + jfr);
                out.flush();
            }
        });
        return FailureHandler.OK;
    }
}
