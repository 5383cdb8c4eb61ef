package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server started before its analysis is done ({@code serve FILE}): it answers the progress at
 * {@code /api/status} and 503 with {@code Retry-After} for the analysis' paths until the source is
 * ready, keeps its Host check there too, and the page shows the progress and then the timeline
 * without a reload; a failed analysis is the page's one error line.
 */
class UiServerProgressTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The synthetic analysis behind a switch, with the progress the test sets. */
    static final class Analyzing implements AnalysisSource {
        final SyntheticAnalysis analysis = new SyntheticAnalysis(20, 200, 4, 7);
        volatile boolean ready;
        volatile String status = "{\"state\":\"analyzing\",\"file\":\"soak.jfr\",\"phase\":\"reading\",\"bytesRead\":99614720,"
                + "\"bytesTotal\":237502464,\"percent\":41,\"elapsedMillis\":31400}";

        @Override public boolean ready() { return ready; }
        @Override public byte[] statusJson() { return (ready ? "{\"state\":\"ready\"}" : status).getBytes(StandardCharsets.UTF_8); }
        @Override public byte[] summaryJson() { return analysis.summaryJson(); }
        @Override public byte[] windowJson(long s, long e, int max) { return analysis.windowJson(s, e, max); }
        @Override public byte[] rangeJson(long s, long e) { return analysis.rangeJson(s, e); }
    }

    @Test
    void answersTheProgressAndServiceUnavailableUntilReady() throws Exception {
        Analyzing source = new Analyzing();
        try (UiServer server = UiServer.start(source, "127.0.0.1", 0)) {
            HttpResponse<String> status = get(server, "/api/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(status.body()).isEqualTo(source.status);
            for (String path : List.of("/api/summary", "/api/window?start=0&end=10&max=5", "/api/range?start=0&end=10", "/api/task?id=1")) {
                HttpResponse<String> r = get(server, path);
                assertThat(r.statusCode()).as(path).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).as(path).hasValue("1");
                assertThat(r.body()).as(path).isEqualTo(source.status);
            }
            assertThat(get(server, "/").statusCode()).isEqualTo(200);
            assertThat(get(server, "/api/live").statusCode()).isEqualTo(404);
            assertThat(raw(server, "Host: attacker.example:" + server.uri().getPort())).startsWith("HTTP/1.1 403");

            source.ready = true;
            assertThat(get(server, "/api/status").body()).isEqualTo("{\"state\":\"ready\"}");
            HttpResponse<String> summary = get(server, "/api/summary");
            assertThat(summary.statusCode()).isEqualTo(200);
            assertThat(summary.body()).isEqualTo(new String(source.analysis.summaryJson(), StandardCharsets.UTF_8));
        }
    }

    /** A source that is always ready (a report's, {@code serve --attach}'s) says so. */
    @Test
    void aReadySourceSaysReady() throws Exception {
        try (UiServer server = UiServer.start(new SyntheticAnalysis(2, 20, 1, 3), "127.0.0.1", 0)) {
            assertThat(get(server, "/api/status").body()).isEqualTo("{\"state\":\"ready\"}");
        }
    }

    @Test
    void thePageShowsTheProgressThenTheTimeline() {
        HeadlessChromium.assumeAvailable();
        Analyzing source = new Analyzing();
        try (UiServer server = UiServer.start(source, "127.0.0.1", 0); HeadlessChromium chromium = new HeadlessChromium()) {
            Page page = chromium.newPage();
            page.navigate(server.uri().toString());
            page.waitForFunction("() => document.getElementById('status').textContent.startsWith('Analyzing')");
            assertThat(page.getByTestId("status").textContent()).isEqualTo("Analyzing soak.jfr: 41% (95.0 MiB of 226.5 MiB read, 31 s)");
            assertThat(page.evaluate("() => !!(window.blockscope && window.blockscope.ready)")).isEqualTo(false);
            source.ready = true;
            page.waitForFunction("() => window.blockscope && window.blockscope.ready");
            assertThat(((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue()).isEqualTo(20);
            assertThat(page.getByTestId("status").textContent()).doesNotContain("Analyzing");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file's preview (5 tasks) while the whole (20) is analyzed, until the test makes the preview go (a restarted serve). */
    static final class Previewing implements AnalysisSource {
        final SyntheticAnalysis whole = new SyntheticAnalysis(20, 200, 4, 7);
        volatile SyntheticAnalysis shown = new SyntheticAnalysis(5, 50, 2, 7);

        private AnalysisSource current() {
            SyntheticAnalysis p = shown;
            return p != null ? p : whole;
        }

        @Override public boolean ready() { return true; }
        @Override public byte[] statusJson() {
            return (shown != null ? "{\"state\":\"preview\",\"file\":\"soak.jfr\",\"phase\":\"reading\",\"bytesRead\":99614720,"
                    + "\"bytesTotal\":237502464,\"percent\":41,\"elapsedMillis\":31400}" : "{\"state\":\"ready\"}").getBytes(StandardCharsets.UTF_8);
        }
        @Override public byte[] summaryJson() { return current().summaryJson(); }
        @Override public byte[] windowJson(long s, long e, int max) { return current().windowJson(s, e, max); }
        @Override public byte[] rangeJson(long s, long e) { return current().rangeJson(s, e); }
        @Override public AnalysisSource preview() { return shown; }
    }

    /**
     * A page showing a preview whose server no longer has it (serve restarted and reopened the
     * saved analysis): its requests with {@code of=preview} get 410, and it reloads onto the
     * analysis served now, once, rather than saying an error on every view change.
     */
    @Test
    void aPageWhosePreviewIsNoLongerServedReloadsOntoTheWhole() {
        HeadlessChromium.assumeAvailable();
        Previewing source = new Previewing();
        try (UiServer server = UiServer.start(source, "127.0.0.1", 0); HeadlessChromium chromium = new HeadlessChromium()) {
            Page page = chromium.newPage();
            page.navigate(server.uri().toString());
            page.waitForFunction("() => window.blockscope && window.blockscope.ready");
            assertThat(page.getByTestId("preview").isVisible()).isTrue();
            assertThat(((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue()).isEqualTo(5);
            page.evaluate("() => { window.beforeTheReload = true; }");

            source.shown = null;
            // zoomed in far enough that the page asks a finer window, of the preview it shows
            page.evaluate("() => { const v = blockscope.view, m = (v.start + v.end) / 2, w = (v.end - v.start) / 50;"
                    + " blockscope.setView(m - w, m + w); }");
            page.waitForFunction("() => !window.beforeTheReload && window.blockscope && window.blockscope.ready", null,
                    new Page.WaitForFunctionOptions().setTimeout(10_000));
            assertThat(((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue()).isEqualTo(20);
            assertThat(page.getByTestId("preview").isVisible()).isFalse();
            assertThat(page.getByTestId("status").textContent()).doesNotContain("Could not", "answered 410");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void thePageShowsTheFailureLine() {
        HeadlessChromium.assumeAvailable();
        Analyzing source = new Analyzing();
        source.status = "{\"state\":\"failed\",\"error\":\"blockscope: /tmp/x.jfr: not a JFR recording (no \\\"FLR\\\" magic at byte 0)\"}";
        try (UiServer server = UiServer.start(source, "127.0.0.1", 0); HeadlessChromium chromium = new HeadlessChromium()) {
            Page page = chromium.newPage();
            page.navigate(server.uri().toString());
            page.waitForFunction("() => document.getElementById('status').classList.contains('error')");
            assertThat(page.getByTestId("status").textContent())
                    .isEqualTo("Cannot show this analysis: blockscope: /tmp/x.jfr: not a JFR recording (no \"FLR\" magic at byte 0)");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static HttpResponse<String> get(UiServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.uri().toString().replaceAll("/$", "") + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET /api/status with the given Host header; the status line. */
    static String raw(UiServer server, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.uri().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/status HTTP/1.1\r\n" + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }
}
