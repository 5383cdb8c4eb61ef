package dev.blockscope.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code blockscope} command line. Exit codes: 0 ok, 1 bad data or a failed check, 2 bad usage,
 * 3 out of memory (one line saying how to give it more).
 */
@Command(name = "blockscope", mixinStandardHelpOptions = true, versionProvider = BlockscopeCommand.BuildVersion.class,
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

    /** {@code --version}: the version the build wrote ({@link dev.blockscope.analyzer.Version}), not a string kept by hand. */
    static final class BuildVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"blockscope " + dev.blockscope.analyzer.Version.number()};
        }
    }

    /** A configured command line: {@link FailureHandler} maps every way a command can end to its exit code and line. */
    public static CommandLine commandLine() {
        return FailureHandler.install(new CommandLine(new BlockscopeCommand()));
    }

    /** Runs the CLI. */
    public static void main(String[] args) {
        FailureHandler.onUncaught();
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            FailureHandler.outOfMemory();
            return;
        }
        System.exit(exit);
    }
}
