package dev.blockscope.analyzer.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code blockscope} command line. Exit codes: 0 ok, 1 bad data or a failed check, 2 bad usage.
 */
@Command(name = "blockscope", mixinStandardHelpOptions = true, version = "blockscope 0.1.0",
        description = "Shows where Java tasks wait: timelines, blocking profiles, pinning and scheduler latency from .jfr recordings.",
        subcommands = {SummaryCommand.class, TasksCommand.class, PinningCommand.class, ExportCommand.class,
                CheckCommand.class, RecordCommand.class, AttachCommand.class, TopCommand.class, ReportCommand.class, ServeCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class BlockscopeCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    /** A configured command line: usage errors exit 2, any other failure prints one line and exits 1. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BlockscopeCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            // a file-system exception's message is only its path: say what is wrong with it
            String msg = ex instanceof java.nio.file.FileSystemException fs && fs.getFile() != null
                    ? fs.getFile() + ": " + OutputFile.why(java.nio.file.Path.of(fs.getFile()), fs)
                    : ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println("blockscope " + commandLine.getCommandName() + ": " + msg);
            err.flush();
            return 1;
        });
        return cl;
    }

    /** Runs the CLI. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
