package dev.blockscope.bench.jetty;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The soak's server, run in a child JVM: Jetty 12 on loopback, each request handled on a virtual
 * thread (Jetty's {@code QueuedThreadPool} with a virtual-thread executor for blocking handlers).
 * {@code /work} sleeps 1 ms on every other request, takes a shared lock, hashes a little and
 * answers; {@code /stats} answers the requests served so far and, after a GC, the heap in use and
 * the process's resident memory (the agent's memory is what grows with it). Prints
 * {@code PORT n}, then {@code GROUND-TRUTH served=N} when stopped (SIGTERM).
 */
public final class JettyServer {
    private static final AtomicLong SERVED = new AtomicLong();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static long shared;

    public static void main(String[] args) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool();
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() { // BLOCKING: runs on a virtual thread
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                String body;
                if (path.equals("/stats")) {
                    System.gc();
                    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    body = "served=" + SERVED.get() + " heap=" + heap + " rss=" + rss();
                } else {
                    long n = SERVED.incrementAndGet();
                    if ((n & 1) == 0) {
                        Thread.sleep(1);
                    }
                    long h = n;
                    for (int i = 0; i < 200; i++) {
                        h = h * 0x9E3779B97F4A7C15L + i;
                    }
                    LOCK.lock();
                    try {
                        shared += h;
                    } finally {
                        LOCK.unlock();
                    }
                    body = "ok " + n;
                }
                response.setStatus(200);
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.out.println("stop failed: " + e);
            }
            System.out.println("GROUND-TRUTH served=" + SERVED.get());
            System.out.flush();
        }));
        server.start();
        System.out.println("PORT " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }

    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
