package dev.blockscope.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The service of {@link ServiceHarness}: a small HTTP service of the kind users move onto
 * virtual threads, run in a child JVM with and without the agent. The JDK's HTTP server hands
 * each request to a virtual thread of its own ({@code newVirtualThreadPerTaskExecutor}), and a
 * request to {@code /order?id=N}:
 *
 * <ol>
 *   <li>takes a connection from a pool of connections to a backend (a blocking queue: it waits
 *       when all are in use),
 *   <li>sends the backend one line and reads its reply (a blocking socket read; the backend,
 *       in the harness's JVM, answers after a set delay),
 *   <li>hashes a 4 KB payload four times (SHA-256: about the CPU of rendering a small response),
 *   <li>counts the order under a shared lock,
 *   <li>answers with a small JSON body.
 * </ol>
 *
 * <p>{@code /cpu} answers the process's CPU time in nanoseconds (JFR's and the agent's threads
 * included), {@code /jit} the JIT compiler threads' CPU time in milliseconds (so the harness can
 * tell a JVM still compiling from one at its steady state), {@code /quit} ends the JVM, so the
 * agent writes its recording.
 *
 * <p>Arguments: {@code backend-port pool-size}. Prints {@code port=<n>} once it serves, and at
 * {@code /quit} {@code GROUND-TRUTH exchanges=<n>}: the requests it served, each on a virtual
 * thread of its own (the harness compares them with the virtual threads the agent recorded).
 */
public final class OrderService {
    private OrderService() {}

    private static final ReentrantLock ORDERS_LOCK = new ReentrantLock();
    private static final Map<Integer, Long> ORDERS = new HashMap<>();
    private static final byte[] PAYLOAD = new byte[4096];
    private static final java.util.concurrent.atomic.LongAdder EXCHANGES = new java.util.concurrent.atomic.LongAdder();

    /** One pooled connection to the backend. */
    record Backend(Socket socket, BufferedReader in, OutputStream out) {}

    public static void main(String[] args) throws Exception {
        int backendPort = Integer.parseInt(args[0]);
        int poolSize = Integer.parseInt(args[1]);
        HandOff.awaitAgentRecording(); // with the agent, measure once its recording runs
        BlockingQueue<Backend> pool = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), backendPort);
            s.setTcpNoDelay(true);
            pool.add(new Backend(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)),
                    s.getOutputStream()));
        }
        CountDownLatch quit = new CountDownLatch(1);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/order", exchange -> {
            EXCHANGES.increment();
            order(exchange, pool);
        });
        server.createContext("/cpu", exchange -> {
            EXCHANGES.increment();
            respond(exchange, Long.toString(os.getProcessCpuTime()));
        });
        server.createContext("/jit", exchange -> {
            EXCHANGES.increment();
            respond(exchange, Long.toString(compilerCpuMillis()));
        });
        server.createContext("/quit", exchange -> {
            EXCHANGES.increment();
            respond(exchange, "bye");
            quit.countDown();
        });
        server.start();
        System.out.println("port=" + server.getAddress().getPort());
        System.out.flush();
        quit.await();
        System.out.println("GROUND-TRUTH exchanges=" + EXCHANGES.sum());
        System.out.flush();
        server.stop(0);
        System.exit(0);
    }

    /**
     * The CPU time of the JIT compiler threads (C1 and C2), from {@code /proc/self/task}, in
     * milliseconds. Not the {@code CompilationMXBean}'s total: that is the compilations' elapsed
     * time, which on two saturated cores counts a compiler thread's waits for a core as well.
     */
    private static long compilerCpuMillis() {
        long ticks = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                try {
                    String comm = java.nio.file.Files.readString(t.resolve("comm")).trim();
                    if (!comm.startsWith("C1 Compiler") && !comm.startsWith("C2 Compiler")) {
                        continue;
                    }
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                } catch (IOException | RuntimeException gone) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private static void order(HttpExchange exchange, BlockingQueue<Backend> pool) throws IOException {
        String query = exchange.getRequestURI().getQuery();
        int id = query != null && query.startsWith("id=") ? Integer.parseInt(query.substring(3)) : 0;
        String reply;
        try {
            Backend b = pool.take();
            try {
                b.out().write(("order " + id + "\n").getBytes(StandardCharsets.US_ASCII));
                b.out().flush();
                reply = b.in().readLine();
            } finally {
                pool.put(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        byte[] digest;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] payload = PAYLOAD.clone();
            payload[0] = (byte) id;
            for (int i = 0; i < 4; i++) {
                sha.update(payload);
                sha.update(reply.getBytes(StandardCharsets.US_ASCII));
                payload[i + 1] = sha.digest()[0];
            }
            digest = sha.digest(payload);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long count;
        ORDERS_LOCK.lock();
        try {
            count = ORDERS.merge(id % 64, 1L, Long::sum);
        } finally {
            ORDERS_LOCK.unlock();
        }
        respond(exchange, "{\"id\":" + id + ",\"count\":" + count + ",\"digest\":\""
                + HexFormat.of().formatHex(digest, 0, 8) + "\"}");
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
