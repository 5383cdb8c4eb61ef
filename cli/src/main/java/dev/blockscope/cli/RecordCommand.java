package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.SummaryText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blockscope record -- <java command>}: run a program under the agent, then summarize. */
@Command(name = "record", mixinStandardHelpOptions = true, description = "Run a Java program with the blockscope agent and print the summary when it ends.")
final class RecordCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Recording to write (default: a new file in the temp directory)") Path out;
    @Option(names = "--json", description = "Print the analysis as JSON instead of the summary") boolean json;
    @Option(names = "--profile", paramLabel = "WHAT", description = "Also sample with async-profiler inside the agent: cpu, wall,"
            + " itimer, lock, alloc, joined with + (the agent's profile=)") String profile;
    @Option(names = "--interval", paramLabel = "DURATION", description = "async-profiler's sampling interval with --profile (e.g. 1ms;"
            + " default 10ms)") String interval;
    @Parameters(paramLabel = "JAVA-ARGS", arity = "1..*", description = "After '--': the java command line (e.g. -cp app.jar app.Main)")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path file = out != null ? out : Files.createTempFile("blockscope-", ".jfr");
        try {
            return record(file, err);
        } finally {
            // the temporary file made for a recording that never came (a usage error, a JVM that
            // wrote nothing) goes; one the program wrote stays, and the lines above name it
            if (out == null && Files.isRegularFile(file) && Files.size(file) == 0) {
                Files.deleteIfExists(file);
            }
        }
    }

    private Integer record(Path file, PrintWriter err) throws Exception {
        String unwritable = OutputFile.unwritable(file);
        if (unwritable != null) {
            // said before the program runs: the agent would refuse the file and the program run unrecorded
            throw new CommandFailure.Failed("cannot write " + file + ": " + unwritable);
        }
        List<String> javaCommand;
        try {
            javaCommand = AgentRun.command(command, file, AgentRun.profileOptions(profile, interval), err);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // with --json this process's stdout is the JSON: the program's own output goes to stderr
        int exit = AgentRun.run(javaCommand, json ? err : null);
        if (exit != 0) {
            // a JVM that failed (a main class not found, an exception out of main) is not the program's
            // behaviour to summarize: its recording holds the JVM starting and stopping
            throw new CommandFailure.Failed("the program exited with code " + exit + "; not summarized"
                    + (Files.isRegularFile(file) && Files.size(file) > 0 ? " (its recording: " + file + "; 'blockscope summary "
                    + file + "' shows it)" : ""));
        }
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            throw new CommandFailure.Failed("no recording was written to " + file + " (did the agent start? see the lines above)");
        }
        PrintWriter out = spec.commandLine().getOut();
        AnalysisRun.report(file, AnalysisOptions.DEFAULT, err, a -> {
            if (json) {
                AnalysisJson.write(a, out, false);
            } else {
                SummaryText.write(a, out);
                out.println();
                out.println("recording: " + file);
                out.flush();
            }
        });
        return FailureHandler.OK;
    }
}
