package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.TopText;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code blockscope top PID}: a view of a running JVM, refreshed every second. It loads the agent
 * into the JVM with {@code live=SOCKET} (a running blockscope agent serves its stream; otherwise
 * the agent starts a recording for this view alone, and stops it, its file deleted, when the view
 * goes), reads one standalone JFR chunk a second from that Unix socket, analyzes it with the
 * analyzer, narrowed to the interval, and prints {@link TopText}. In a terminal the screen is
 * redrawn and {@code q} quits; otherwise, or with {@code --iterations}, plain snapshots follow one
 * another.
 */
@Command(name = "top", mixinStandardHelpOptions = true, description = "Watch a running JVM's tasks wait, refreshed every second (q quits).")
final class TopCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "PID", description = "Process id of a JVM (JDK 21+)") String pid;
    @Option(names = "--iterations", paramLabel = "N", description = "Print N snapshots as plain text, then quit (0: until q or the JVM ends)")
    int iterations;
    @Option(names = "--top", paramLabel = "N", defaultValue = "8", description = "Wait rows shown (default 8)") int rows;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!pid.matches("\\d+")) {
            throw new ParameterException(spec.commandLine(), "PID must be a process id (digits), was '" + pid + "'");
        }
        try (LiveStream stream = LiveStream.open(pid)) {
            return view(stream, out);
        }
    }

    /** Reads and shows one interval a second until {@code q}, the iterations, or the JVM's end. */
    private int view(LiveStream stream, PrintWriter out) throws IOException {
        boolean screen = iterations == 0 && System.console() != null;
        Terminal terminal = screen ? Terminal.raw() : null;
        Path file = stream.dir().resolve("interval.jfr");
        // Ctrl-C ends the JVM without running the finally below: the terminal would stay without
        // echo, and the last second's chunk and the stream's directory would stay in /tmp
        Thread onInterrupt = new Thread(() -> {
            if (terminal != null) {
                terminal.restore();
            }
            try {
                Files.deleteIfExists(file);
                stream.deleteFiles(); // not close(): the main thread may still be reading from it
            } catch (IOException e) {
                // the JVM is ending; a file in the temporary directory
            }
        }, "blockscope-top-exit");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            for (int n = 0; iterations == 0 || n < iterations; n++) {
                byte[] chunk = stream.next();
                if (chunk == null) {
                    out.println(stream.endedLine());
                    out.flush();
                    return FailureHandler.OK;
                }
                Files.write(file, chunk);
                Analysis a = interval(file);
                if (screen) {
                    out.print("\033[H\033[2J");
                } else if (n > 0) {
                    out.println();
                }
                TopText.write(a, pid, rows, out);
                if (screen) {
                    out.println("(q quits)");
                    out.flush();
                    if (terminal.quit()) {
                        return FailureHandler.OK;
                    }
                }
            }
            return FailureHandler.OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
            Files.deleteIfExists(file);
            if (terminal != null) {
                terminal.restore();
            }
        }
    }

    /** The chunk's analysis narrowed to its own interval (a wait begun earlier counts from the interval's start). */
    static Analysis interval(Path file) throws IOException {
        long start;
        try (RecordingReader r = RecordingReader.open(file)) {
            start = r.headerStartNanos();
        }
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        long from = Math.max(0, start - a.window().startEpochNanos());
        return WindowedAnalysis.of(a, new WindowedAnalysis.Filter(from, Long.MAX_VALUE, null));
    }

    /** The terminal in character mode ({@code stty}), so {@code q} needs no Enter; restored at the end. */
    private static final class Terminal {
        private final InputStream in = System.in;
        private final boolean raw;

        private Terminal(boolean raw) {
            this.raw = raw;
        }

        static Terminal raw() {
            return new Terminal(stty("-icanon min 1 -echo"));
        }

        boolean quit() throws IOException {
            while (in.available() > 0) {
                int c = in.read();
                if (c == 'q' || c == 'Q' || c < 0) {
                    return true;
                }
            }
            return false;
        }

        void restore() {
            if (raw) {
                stty("icanon echo");
            }
        }

        private static boolean stty(String args) {
            try {
                Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty").redirectErrorStream(true).start();
                return p.waitFor() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
