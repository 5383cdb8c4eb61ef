package dev.blockscope.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code blockscope} command line. Exit codes: 0 ok, 1 bad data or a failed check, 2 bad usage,
 * 3 out of memory (one line saying how to give it more).
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

    /** Exit code when the heap was too small for the recording. */
    static final int OUT_OF_MEMORY = 3;

    /**
     * Made before anything runs: once the heap is exhausted, building a message may fail too. The
     * launcher chooses the heap from the machine's memory, or takes {@code BLOCKSCOPE_HEAP}.
     */
    private static final String OUT_OF_MEMORY_LINE = "blockscope: out of memory: the analysis needs more than this JVM's heap of "
            + (Runtime.getRuntime().maxMemory() >> 20) + " MB; give it more with BLOCKSCOPE_HEAP=4g ./blockscope ... "
            + "(or java -Xmx4g -jar blockscope.jar ...)";

    /** Runs the CLI. */
    public static void main(String[] args) {
        // an analysis thread other than main (a chunk reader, a serve connection) that runs out:
        // the same line, not the JVM's stack trace
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                outOfMemory();
            }
            System.err.print("Exception in thread \"" + thread.getName() + "\" "); // as the JVM's own handler
            e.printStackTrace();
        });
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            outOfMemory();
            return;
        }
        System.exit(exit);
    }

    private static void outOfMemory() {
        System.err.println(OUT_OF_MEMORY_LINE);
        System.err.flush();
        System.exit(OUT_OF_MEMORY); // the shutdown hooks delete the timeline's temporary file
    }
}
