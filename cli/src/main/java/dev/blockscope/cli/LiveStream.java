package dev.blockscope.cli;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A running JVM's live stream ({@code top}, {@code serve --attach}): the agent is loaded into the
 * JVM with {@code live=SOCKET} (an agent already recording there serves its own stream; otherwise
 * it starts a recording for this client alone and stops it, its file deleted, when the client
 * goes), and one standalone JFR chunk a second comes over that Unix socket, each a 4-byte length
 * and the chunk. Closing the stream is what detaches: the agent sees its client gone at its next
 * send.
 */
final class LiveStream implements AutoCloseable {
    /** A chunk larger than this is taken for a broken stream (the agent's tap keeps at most 64 MB a listener). */
    static final int MAX_CHUNK = 256 << 20;

    private final String pid;
    private final Path dir;
    private final Path socket;
    private final SocketChannel channel;
    private final DataInputStream in;

    private LiveStream(String pid, Path dir, Path socket, SocketChannel channel) {
        this.pid = pid;
        this.dir = dir;
        this.socket = socket;
        this.channel = channel;
        this.in = new DataInputStream(Channels.newInputStream(channel));
    }

    /** Attaches to {@code pid} and connects to its stream; a JVM that refuses is a {@link CommandFailure.Failed}. */
    static LiveStream open(String pid) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        deleteStaleDirs(tmp);
        // this process' id in the name: a view killed with SIGKILL leaves it, and the next one tidies it
        Path dir = Files.createTempDirectory(tmp, "blockscope-live-" + ProcessHandle.current().pid() + "-");
        Path socket = dir.resolve("live.sock");
        boolean opened = false;
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
            SocketChannel channel = connect(socket, 30_000);
            if (channel == null) {
                throw new CommandFailure.Failed("process " + pid + " did not open its stream within 30 s (its stderr says why)");
            }
            opened = true;
            return new LiveStream(pid, dir, socket, channel);
        } finally {
            if (!opened) {
                Files.deleteIfExists(socket);
                Files.deleteIfExists(dir);
            }
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

    /** The directory this stream may keep files in (deleted, when empty, at {@link #close()}). */
    Path dir() {
        return dir;
    }

    /** The next second's chunk, or null when the JVM ended its stream (it exited, or its recording stopped). */
    byte[] next() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length <= 0 || length > MAX_CHUNK) {
            throw new IOException("stream from process " + pid + ": a chunk of " + length + " bytes");
        }
        return in.readNBytes(length);
    }

    /** The line said when the JVM ends the stream. */
    String endedLine() {
        return "blockscope: process " + pid + " ended its stream (the JVM exited, or its recording stopped)";
    }

    /** Detaches: the agent stops what it started for this client when it next sends. */
    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            deleteFiles();
        }
    }

    private static final java.util.regex.Pattern VIEW_DIR = java.util.regex.Pattern.compile("blockscope-live-(\\d{1,18})-\\d+");

    /**
     * Deletes the directories of views whose blockscope process no longer runs (killed with
     * SIGKILL, no shutdown hook ran): {@code blockscope-live-PID-N} with what is in it. Best
     * effort; another user's, or one going as it is looked at, stays.
     */
    static void deleteStaleDirs(Path tmp) {
        try (java.nio.file.DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "blockscope-live-*-*")) {
            for (Path d : dirs) {
                java.util.regex.Matcher m = VIEW_DIR.matcher(d.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || ProcessHandle.of(Long.parseLong(m.group(1))).isPresent()) {
                    continue;
                }
                try (java.util.stream.Stream<Path> tree = Files.walk(d)) {
                    for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException | RuntimeException e) {
                    // left as it is
                }
            }
        } catch (IOException | RuntimeException e) {
            // the temporary directory unreadable: nothing to tidy
        }
    }

    /** Deletes the stream's socket and its directory (once empty), leaving the connection as it is: for a JVM that is ending. */
    void deleteFiles() throws IOException {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }
}
