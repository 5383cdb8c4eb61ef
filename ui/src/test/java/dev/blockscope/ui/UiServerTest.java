package dev.blockscope.ui;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve}: the server answers on 127.0.0.1, serves the page, the summary and windows, and
 * nothing else; the page in a real browser loads windows as the view changes.
 */
class UiServerTest {

    static SyntheticAnalysis source;
    static UiServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        source = new SyntheticAnalysis(20, 200, 4, 7);
        server = UiServer.start(source, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bindsToLoopbackOnAFreePort() {
        assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.uri().getPort()).isPositive();
    }

    @Test
    void servesThePageWithoutInlineData() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<canvas id=\"timeline\"", "<script type=\"application/json\" id=\"blockscope-data\"></script>");
        assertThat(get("/index.html").body()).isEqualTo(page.body());
    }

    @Test
    void servesTheSummaryAndWindows() throws Exception {
        HttpResponse<String> summary = get("/api/summary");
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.body()).isEqualTo(new String(source.summaryJson(), StandardCharsets.UTF_8));
        HttpResponse<String> window = get("/api/window?start=0&end=2000000&max=10");
        assertThat(window.statusCode()).isEqualTo(200);
        assertThat(window.body()).isEqualTo(new String(source.windowJson(0, 2_000_000, 10), StandardCharsets.UTF_8))
                .contains("\"truncated\":true");
    }

    /** /api/live is a live source's ({@code serve --attach}); a recording's answers 404, which the page takes for "not live". */
    @Test
    void answersLiveOnlyForALiveSource() throws Exception {
        HttpResponse<String> notLive = get("/api/live");
        assertThat(notLive.statusCode()).isEqualTo(404);
        assertThat(notLive.body()).contains("not a live view");
        byte[] live = "{\"live\":{\"version\":3},\"analysis\":null}".getBytes(StandardCharsets.UTF_8);
        AnalysisSource following = new AnalysisSource() {
            @Override public byte[] summaryJson() { return source.summaryJson(); }
            @Override public byte[] windowJson(long s, long e, int max) { return source.windowJson(s, e, max); }
            @Override public byte[] rangeJson(long s, long e) { return source.rangeJson(s, e); }
            @Override public byte[] liveJson() { return live; }
        };
        try (UiServer liveServer = UiServer.start(following, "127.0.0.1", 0)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(liveServer.uri().resolve("/api/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).isEqualTo(new String(live, StandardCharsets.UTF_8));
        }
    }

    /** /api/task answers a source's row of the task, 404 when it has none (the default: a summary of whole rows), 400 for no id. */
    @Test
    void answersATasksRowFromItsSource() throws Exception {
        assertThat(get("/api/task?id=3").statusCode()).isEqualTo(404);
        byte[] row = "{\"id\":3,\"longest\":[]}".getBytes(StandardCharsets.UTF_8);
        AnalysisSource rows = new AnalysisSource() {
            @Override public byte[] summaryJson() { return source.summaryJson(); }
            @Override public byte[] windowJson(long s, long e, int max) { return source.windowJson(s, e, max); }
            @Override public byte[] rangeJson(long s, long e) { return source.rangeJson(s, e); }
            @Override public byte[] taskJson(long id) { return id == 3 ? row : null; }
        };
        try (UiServer rowServer = UiServer.start(rows, "127.0.0.1", 0)) {
            java.util.function.Function<String, HttpResponse<String>> ask = path -> {
                try {
                    return http.send(HttpRequest.newBuilder(rowServer.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            HttpResponse<String> r = ask.apply("/api/task?id=3");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(r.body()).isEqualTo(new String(row, StandardCharsets.UTF_8));
            assertThat(ask.apply("/api/task?id=4").statusCode()).isEqualTo(404);
            assertThat(ask.apply("/api/task?id=4").body()).isEqualTo("no task 4 in this analysis\n");
            for (String bad : new String[] {"/api/task", "/api/task?id=x", "/api/task?id=99999999999999999999"}) {
                assertThat(ask.apply(bad).statusCode()).as(bad).isEqualTo(400);
            }
        }
    }

    /**
     * {@code of=preview} asks the source's preview for the analysis paths (a page that opened on a
     * preview keeps asking it once the whole is ready); 410 when there is none; the status is the
     * source's own.
     */
    @Test
    void ofPreviewAsksThePreview() throws Exception {
        assertThat(get("/api/summary?of=preview").statusCode()).isEqualTo(410);
        assertThat(get("/api/window?start=0&end=10&max=5&of=preview").body()).contains("a preview that is no longer served");
        SyntheticAnalysis first = new SyntheticAnalysis(3, 10, 2, 11);
        byte[] row = "{\"id\":1,\"longest\":[]}".getBytes(StandardCharsets.UTF_8);
        AnalysisSource preview = new AnalysisSource() {
            @Override public byte[] summaryJson() { return first.summaryJson(); }
            @Override public byte[] windowJson(long s, long e, int max) { return first.windowJson(s, e, max); }
            @Override public byte[] rangeJson(long s, long e) { return first.rangeJson(s, e); }
            @Override public byte[] taskJson(long id) { return row; }
        };
        AnalysisSource whole = new AnalysisSource() {
            @Override public byte[] summaryJson() { return source.summaryJson(); }
            @Override public byte[] windowJson(long s, long e, int max) { return source.windowJson(s, e, max); }
            @Override public byte[] rangeJson(long s, long e) { return source.rangeJson(s, e); }
            @Override public AnalysisSource preview() { return preview; }
        };
        try (UiServer both = UiServer.start(whole, "127.0.0.1", 0)) {
            java.util.function.Function<String, String> ask = path -> {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(both.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path).isIn(200, 404);
                    return r.statusCode() + " " + r.body();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            String utf8 = "200 ";
            assertThat(ask.apply("/api/summary?of=preview")).isEqualTo(utf8 + new String(first.summaryJson(), StandardCharsets.UTF_8));
            assertThat(ask.apply("/api/summary")).isEqualTo(utf8 + new String(source.summaryJson(), StandardCharsets.UTF_8));
            assertThat(ask.apply("/api/window?start=0&end=2000000&max=10&of=preview"))
                    .isEqualTo(utf8 + new String(first.windowJson(0, 2_000_000, 10), StandardCharsets.UTF_8));
            assertThat(ask.apply("/api/range?start=0&end=2000000&of=preview"))
                    .isEqualTo(utf8 + new String(first.rangeJson(0, 2_000_000), StandardCharsets.UTF_8));
            assertThat(ask.apply("/api/task?id=1&of=preview")).isEqualTo(utf8 + new String(row, StandardCharsets.UTF_8));
            assertThat(ask.apply("/api/task?id=1")).startsWith("404 ");
        }
    }

    @Test
    void rejectsBadWindowParameters() throws Exception {
        assertThat(get("/api/window?start=x&end=1").statusCode()).isEqualTo(400);
        assertThat(get("/api/window?start=5&end=1").statusCode()).isEqualTo(400);
        assertThat(get("/api/window?start=0&end=1&max=0").body()).contains("max > 0");
    }

    @Test
    void refusesEverythingOutsideItsAssets() throws Exception {
        for (String path : new String[] {"/etc/passwd", "/app.js", "/page.html", "/style.css", "/dev/blockscope/ui/app.js",
                "/api", "/api/summary/x", "/favicon.ico", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fpom.xml"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        // raw request lines, as a client that does not normalize ../ would send them
        assertThat(raw("GET /../../../../etc/passwd HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(raw("GET /../pom.xml HTTP/1.1")).startsWith("HTTP/1.1 404");
        assertThat(raw("GET /./index.html/../../ui/pom.xml HTTP/1.1")).startsWith("HTTP/1.1 404");
    }

    @Test
    void refusesOtherMethodsAndForeignHosts() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.uri().resolve("/api/summary"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        // a page on another site that rebinds its name to 127.0.0.1 sends its own Host header
        assertThat(raw("GET /api/summary HTTP/1.1", "Host: attacker.example:" + server.uri().getPort())).startsWith("HTTP/1.1 403");
        assertThat(raw("GET /api/summary HTTP/1.1", "Host: localhost:" + server.uri().getPort())).startsWith("HTTP/1.1 200");
    }

    @Test
    void thePageLoadsTheSummaryThenWindowsAsTheViewChanges() {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Page page = chromium.open(server.uri().toString());
            assertThat(page.evaluate("() => blockscope.mode")).isEqualTo("serve");
            assertThat(((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue()).isEqualTo(20);
            page.waitForFunction("() => blockscope.fetches >= 1 && blockscope.intervalCount > 0");
            int first = ((Number) page.evaluate("() => blockscope.fetches")).intValue();
            // zoom far in: the loaded window is now too coarse, a new one is fetched for the view
            double end = source.duration / 1000.0;
            page.evaluate("e => blockscope.setView(0, e)", end);
            page.waitForFunction("n => blockscope.fetches > n", first);
            page.waitForFunction("e => blockscope.intervalCount > 0 && blockscope.intervalCount < " + source.n, end);
            assertThat(page.getByTestId("status").textContent()).doesNotContain("Could not");
        }
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri().toString().replaceAll("/$", "") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request line as given (no client-side path normalization) and returns the status line. */
    static String raw(String requestLine, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            StringBuilder request = new StringBuilder(requestLine).append("\r\n");
            if (headers.length == 0) request.append("Host: 127.0.0.1:").append(server.uri().getPort()).append("\r\n");
            for (String h : headers) request.append(h).append("\r\n");
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }
}
