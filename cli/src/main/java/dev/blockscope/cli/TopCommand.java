package dev.blockscope.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.TopText;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
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
        Path dir = Files.createTempDirectory("blockscope-top-");
        Path socket = dir.resolve("live.sock");
        try {
            VirtualMachine vm;
            try {
                vm = VirtualMachine.attach(pid);
            } catch (AttachNotSupportedException | IOException e) {
                throw new CommandFailure.Failed("cannot attach to process " + pid + ": " + e.getMessage()
                        + " (is it a JVM of this user, started with JDK 21+?)");
            }
            try {
                vm.loadAgent(Home.agentJar().toString(), "live=" + socket);
            } catch (AgentLoadException e) {
                throw new CommandFailure.Failed("process " + pid + " refused the agent: " + e.getMessage());
            } finally {
                vm.detach();
            }
            try (SocketChannel channel = connect(socket, 30_000)) {
                if (channel == null) {
                    throw new CommandFailure.Failed("process " + pid + " did not open its stream within 30 s (its stderr says why)");
                }
                return view(channel, dir, out);
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static SocketChannel connect(Path socket, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(socket)) {
                try {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    c.connect(UnixDomainSocketAddress.of(socket));
                    return c;
                } catch (IOException notYet) {
                    // bound but not accepting yet
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** Reads and shows one interval a second until {@code q}, the iterations, or the JVM's end. */
    private int view(SocketChannel channel, Path dir, PrintWriter out) throws IOException {
        boolean screen = iterations == 0 && System.console() != null;
        Terminal terminal = screen ? Terminal.raw() : null;
        DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
        Path file = dir.resolve("interval.jfr");
        try {
            for (int n = 0; iterations == 0 || n < iterations; n++) {
                int length;
                try {
                    length = in.readInt();
                } catch (EOFException e) {
                    out.println("blockscope: process " + pid + " ended its stream (the JVM exited, or its recording stopped)");
                    out.flush();
                    return FailureHandler.OK;
                }
                if (length <= 0 || length > (256 << 20)) {
                    throw new IOException("stream from process " + pid + ": a chunk of " + length + " bytes");
                }
                byte[] chunk = in.readNBytes(length);
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
