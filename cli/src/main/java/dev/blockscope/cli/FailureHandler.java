package dev.blockscope.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The one place where the end of a command becomes its exit code and, when it failed, one line on
 * stderr, never a stack trace. The codes are docs/cli.md's: 0 done, 1 bad data or a failed
 * command ({@link CommandFailure}), 2 bad usage (picocli's {@code ParameterException}, with the
 * usage), 3 out of memory. Anything else a command throws is unexpected: one line naming the
 * command and what happened, exit 1.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IExitCodeExceptionMapper {
    static final int OK = 0;
    /** A recording that cannot be read, or was read only in part. */
    static final int BAD_DATA = 1;
    /** A failed check, a program that failed under record or demo, a JVM that refused the agent. */
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int OUT_OF_MEMORY = 3;

    /**
     * Made before anything runs: once the heap is exhausted, building a message may fail too. The
     * launcher chooses the heap from the machine's memory, or takes {@code BLOCKSCOPE_HEAP}.
     */
    private static final String OUT_OF_MEMORY_LINE = outOfMemoryLine(Runtime.getRuntime().maxMemory());

    /**
     * The out-of-memory line for a heap of {@code maxBytes}: it suggests twice that, in whole GB (it
     * suggested 4g whatever the heap, also to a 12 GB JVM that had run out).
     */
    static String outOfMemoryLine(long maxBytes) {
        long gb = Math.max(1, (2 * maxBytes + (1L << 30) - 1) >> 30);
        return "blockscope: out of memory: the analysis needs more than this JVM's heap of " + (maxBytes >> 20)
                + " MB; give it more with BLOCKSCOPE_HEAP=" + gb + "g ./blockscope ... (or java -Xmx" + gb
                + "g -jar blockscope.jar ...)";
    }

    /** The heap this JVM was given (-Xmx, or the JVM's choice), in bytes. */
    static long givenHeap() {
        var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return Long.parseLong(hotspot.getVMOption("MaxHeapSize").getValue());
    }

    /** Installs the handler on a command line (and so on its subcommands). */
    static CommandLine install(CommandLine cl) {
        FailureHandler handler = new FailureHandler();
        return cl.setExecutionExceptionHandler(handler).setExitCodeExceptionMapper(handler);
    }

    @Override
    public int getExitCode(Throwable t) {
        return switch (t) {
            case CommandLine.ParameterException e -> USAGE;
            case CommandFailure f -> f.exitCode();
            case OutOfMemoryError e -> OUT_OF_MEMORY;
            default -> FAILED;
        };
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        String line = line(ex, commandLine.getCommandName());
        if (line != null) {
            err.println(line);
        }
        err.flush();
        return getExitCode(ex);
    }

    /** The line {@code ex} is reported with by {@code command}, or null when the command's output already said it. */
    static String line(Exception ex, String command) {
        if (ex instanceof CommandFailure f) {
            return f.getMessage() == null ? null : "blockscope: " + f.getMessage();
        }
        // a file-system exception's message is only its path: say what is wrong with it
        String msg = ex instanceof FileSystemException fs && fs.getFile() != null
                ? fs.getFile() + ": " + OutputFile.why(Path.of(fs.getFile()), fs)
                : ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return "blockscope " + command + ": " + msg;
    }

    /**
     * For threads other than main (a chunk reader, a serve connection): running out of memory
     * there is the same line and exit code as on main, not the JVM's stack trace.
     */
    static void onUncaught() {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                outOfMemory();
            }
            System.err.print("Exception in thread \"" + thread.getName() + "\" "); // as the JVM's own handler
            e.printStackTrace();
        });
    }

    /**
     * Says the heap was too small and how to give it more, and exits 3. The heap is named as it was
     * given (the parallel collector, which the launcher runs a file's analysis on, leaves a
     * survivor space out of {@code Runtime.maxMemory()}: "heap of 10923 MB" for -Xmx12g); the
     * line made at start stands in where that cannot be read now.
     */
    static void outOfMemory() {
        String line = OUT_OF_MEMORY_LINE;
        try {
            line = outOfMemoryLine(givenHeap());
        } catch (Throwable t) { // the heap may still be full: the line made at start
            // nothing: line stays
        }
        System.err.println(line);
        System.err.flush();
        System.exit(OUT_OF_MEMORY); // the shutdown hooks delete the timeline's temporary file
    }
}
