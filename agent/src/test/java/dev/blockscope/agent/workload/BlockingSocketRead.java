package dev.blockscope.agent.workload;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;

/**
 * A reader (virtual, then platform) reads one byte from a socket whose peer writes it only after
 * 100 ms after the reader connected, so each read blocks about that long. Prints the reader thread ids.
 */
public final class BlockingSocketRead {
    public static void main(String[] args) throws Exception {
        long virtualReader = readOnce(Thread.ofVirtual());
        long platformReader = readOnce(Thread.ofPlatform());
        System.out.println("GROUND-TRUTH virtual=" + virtualReader + " platform=" + platformReader + " delayMs=100");
    }

    private static long readOnce(Thread.Builder builder) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch connected = new CountDownLatch(1);
            Thread reader = builder.name("reader").start(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                     InputStream in = s.getInputStream()) {
                    connected.countDown();
                    if (in.read() != 42) {
                        throw new IllegalStateException("wrong byte");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket peer = server.accept(); OutputStream out = peer.getOutputStream()) {
                connected.await();
                Thread.sleep(100);
                out.write(42);
                out.flush();
                reader.join();
            }
            return reader.threadId();
        }
    }
}
