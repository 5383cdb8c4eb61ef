package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serve} with clients that misbehave: four connections that sent half a request took the
 * whole fixed pool of four threads, and every other request waited as long as they stayed open.
 */
class UiServerStallTest {
    static final SyntheticAnalysis SOURCE = new SyntheticAnalysis(20, 200, 4, 7);
    final List<Socket> sockets = new ArrayList<>();
    UiServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** A connection that sends the first half of a request and then nothing. */
    Socket stall() throws IOException {
        Socket s = new Socket("127.0.0.1", server.uri().getPort());
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write("GET /api/summary HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    static HttpResponse<String> get(HttpClient http, UiServer server, String path, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri().toString().replaceAll("/$", "") + path)).timeout(timeout)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stalledClientsDoNotKeepOthersWaiting() throws Exception {
        server = UiServer.start(SOURCE, "127.0.0.1", 0);
        for (int i = 0; i < 16; i++) {
            stall();
        }
        Thread.sleep(200); // the server has read what they sent and waits for the rest
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> summary = get(http, server, "/api/summary", Duration.ofSeconds(5));
            assertThat(summary.statusCode()).isEqualTo(200);
            assertThat(summary.body()).isEqualTo(new String(SOURCE.summaryJson(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void keepsServingUnderAFloodWithStalledClients() throws Exception {
        server = UiServer.start(SOURCE, "127.0.0.1", 0);
        for (int i = 0; i < 64; i++) {
            stall();
        }
        int clients = 200;
        String expected = new String(SOURCE.windowJson(0, 2_000_000, 50), StandardCharsets.UTF_8);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
             HttpClient http = HttpClient.newBuilder().executor(pool).build()) {
            List<Future<Integer>> flood = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                flood.add(pool.submit(() -> {
                    HttpResponse<String> r = get(http, server, "/api/window?start=0&end=2000000&max=50", Duration.ofSeconds(30));
                    assertThat(r.body()).isEqualTo(expected);
                    return r.statusCode();
                }));
            }
            long started = System.nanoTime();
            assertThat(get(http, server, "/", Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            for (Future<Integer> f : flood) {
                assertThat(f.get()).isEqualTo(200);
            }
        }
    }

    @Test
    void aStalledRequestIsAnsweredWith408AndClosedAtItsDeadline() throws Exception {
        server = UiServer.start(SOURCE, "127.0.0.1", 0, Duration.ofMillis(500), Duration.ofSeconds(5));
        Socket half = stall();
        long started = System.nanoTime();
        String answer = readUntilClosed(half, Duration.ofSeconds(10));
        assertThat(answer).startsWith("HTTP/1.1 408");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aClientSendingAByteNowAndThenIsCutOffAtTheDeadlineToo() throws Exception {
        server = UiServer.start(SOURCE, "127.0.0.1", 0, Duration.ofMillis(800), Duration.ofSeconds(5));
        Socket drip = stall();
        long started = System.nanoTime();
        OutputStream out = drip.getOutputStream();
        try {
            for (int i = 0; i < 40; i++) {
                Thread.sleep(100);
                out.write('x'); // each byte well within any per-read timeout
                out.flush();
            }
        } catch (IOException closedByServer) {
            // expected: the server gave up on this request
        }
        assertThat(readUntilClosed(drip, Duration.ofSeconds(10))).startsWith("HTTP/1.1 408");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aClientThatDoesNotReadTheAnswerIsCutOffAtTheResponseDeadline() throws Exception {
        // A summary larger than the socket buffers, so writing it blocks until the client reads.
        SyntheticAnalysis large = new SyntheticAnalysis(400, 2_000, 8, 7);
        server = UiServer.start(large, "127.0.0.1", 0, Duration.ofSeconds(5), Duration.ofMillis(700));
        Socket s = new Socket("127.0.0.1", server.uri().getPort());
        sockets.add(s);
        s.setReceiveBufferSize(4096);
        s.getOutputStream().write(("GET /api/summary HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        long started = System.nanoTime();
        while (server.openConnections() > 0 && System.nanoTime() - started < 10_000_000_000L) {
            Thread.sleep(50);
        }
        assertThat(server.openConnections()).isZero();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(get(http, server, "/", Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestHeadTooLargeIsRefused() throws Exception {
        server = UiServer.start(SOURCE, "127.0.0.1", 0);
        Socket s = new Socket("127.0.0.1", server.uri().getPort());
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        try {
            out.write(("GET / HTTP/1.1\r\nX-Padding: " + "a".repeat(HttpRequestHead.MAX_BYTES) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closedByServer) {
            // the server may close before all of it is sent
        }
        assertThat(readUntilClosed(s, Duration.ofSeconds(10))).startsWith("HTTP/1.1 431");
    }

    /** Reads what the server sends until it closes the connection (or {@code limit} passes). */
    static String readUntilClosed(Socket s, Duration limit) throws IOException {
        s.setSoTimeout((int) limit.toMillis());
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
