package dev.blockscope.agent.live;

import dev.blockscope.agent.bridge.LiveTap;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The agent's events for a process outside the JVM ({@code blockscope top}): a thread
 * ({@code blockscope live server}) listens on a Unix domain socket only the user can reach,
 * accepts one client, registers a {@link LiveTap} listener and sends it one cut a second, each as
 * a 4-byte big-endian length and one standalone JFR chunk. When the client goes (it closes, or a
 * write fails), the listener is closed, the socket file removed, and {@code onClose} runs (the
 * agent stops a recording it started only for this client). Memory: the listener's records of one
 * second (bounded by {@link LiveTap}), and one chunk being written.
 */
public final class LiveServer {
    private final Path socket;
    private final long intervalMillis;
    private final Runnable onClose;
    private final Consumer<String> log;
    private final Thread thread;

    public LiveServer(Path socket, long intervalMillis, Runnable onClose, Consumer<String> log) {
        this.socket = socket;
        this.intervalMillis = intervalMillis;
        this.onClose = onClose;
        this.log = log;
        this.thread = new Thread(this::run, "blockscope live server");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        Object listener = null;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.deleteIfExists(socket);
            server.bind(UnixDomainSocketAddress.of(socket));
            try {
                Files.setPosixFilePermissions(socket, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException | IOException e) {
                // not a POSIX file system: the directory's permissions apply
            }
            try (SocketChannel client = server.accept()) {
                listener = LiveTap.open();
                if (listener == null) {
                    log.accept("live: the agent does not record; nothing to send");
                    return;
                }
                ByteBuffer eof = ByteBuffer.allocate(1);
                client.configureBlocking(true);
                while (true) {
                    Thread.sleep(intervalMillis);
                    byte[] chunk = LiveTap.cut(listener, 10_000);
                    if (chunk == null) {
                        return; // the recording stopped
                    }
                    ByteBuffer frame = ByteBuffer.allocate(4 + chunk.length).putInt(chunk.length).put(chunk).flip();
                    while (frame.hasRemaining()) {
                        client.write(frame);
                    }
                    // the client sends nothing: a readable byte or an end means it is going
                    client.configureBlocking(false);
                    int n = client.read(eof);
                    client.configureBlocking(true);
                    if (n != 0) {
                        return;
                    }
                }
            }
        } catch (IOException e) {
            log.accept("live: the client went (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.accept("live: " + e);
        } finally {
            if (listener != null) {
                LiveTap.close(listener);
            }
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                // a socket file in the temporary directory
            }
            onClose.run();
        }
    }
}
