package dev.blockscope.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The UI over HTTP ({@code blockscope serve}): the same page as {@link ReportPage}, without inline
 * data; the page loads {@code /api/summary} and then {@code /api/window?start=&end=&max=} for the
 * part of the timeline on screen, and {@code /api/range?start=&end=} for the panels of a selection.
 *
 * <p>It answers only a fixed list of paths and never maps a request path to a file, so nothing
 * outside its own assets and data can be read through it. Requests whose {@code Host} header
 * names another host are refused when bound to a loopback address, so a web page cannot reach
 * the data through DNS rebinding.
 */
public final class UiServer implements AutoCloseable {

    /** Upper bound for {@code max}: a window larger than this is no faster to draw than to page. */
    static final int MAX_WINDOW_INTERVALS = 2_000_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final AnalysisSource source;
    private final byte[] page;
    private final URI uri;
    private final boolean loopback;

    private UiServer(HttpServer server, ExecutorService executor, AnalysisSource source, URI uri, boolean loopback) {
        this.server = server;
        this.executor = executor;
        this.source = source;
        this.page = PageTemplate.get().servedPage();
        this.uri = uri;
        this.loopback = loopback;
    }

    /**
     * Starts serving on {@code host:port}.
     *
     * @param source where the analysis comes from
     * @param host   the address to bind, e.g. {@code 127.0.0.1} (the CLI's default)
     * @param port   the TCP port, or 0 for any free one (see {@link #uri()})
     * @throws IOException when the address cannot be bound (in use, unknown host)
     */
    public static UiServer start(AnalysisSource source, String host, int port) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        InetAddress address = InetAddress.getByName(host);
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "blockscope-ui-http");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        int bound = http.getAddress().getPort();
        String hostPart = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        UiServer ui = new UiServer(http, executor, source, URI.create("http://" + hostPart + ":" + bound + "/"),
                address.isLoopbackAddress());
        http.createContext("/", ui::handle);
        http.start();
        return ui;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:43123/}. */
    public URI uri() {
        return uri;
    }

    /** Stops listening at once; requests in flight are cut. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain", text("method not allowed: " + method));
                return;
            }
            if (loopback && !hostAllowed(exchange.getRequestHeaders().getFirst("Host"))) {
                send(exchange, 403, "text/plain", text("refused: Host header does not name this loopback server"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            switch (path) {
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", page);
                case "/api/summary" -> send(exchange, 200, "application/json", source.summaryJson());
                case "/api/window" -> window(exchange);
                case "/api/range" -> range(exchange);
                default -> send(exchange, 404, "text/plain", text("not found"));
            }
        } catch (RuntimeException e) {
            // A failing source must not kill the server thread; the page shows the message.
            sendQuietly(exchange, 500, text("analysis source failed: " + e));
        }
    }

    private void window(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long start;
        long end;
        int max;
        try {
            start = Long.parseLong(query.getOrDefault("start", ""));
            end = Long.parseLong(query.getOrDefault("end", ""));
            max = Integer.parseInt(query.getOrDefault("max", "100000"));
        } catch (NumberFormatException e) {
            send(exchange, 400, "text/plain", text("/api/window needs integer start, end (nanoseconds) and max"));
            return;
        }
        if (end < start || max <= 0) {
            send(exchange, 400, "text/plain", text("/api/window needs start <= end and max > 0"));
            return;
        }
        send(exchange, 200, "application/json", source.windowJson(start, end, Math.min(max, MAX_WINDOW_INTERVALS)));
    }

    private void range(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long start;
        long end;
        try {
            start = Long.parseLong(query.getOrDefault("start", ""));
            end = Long.parseLong(query.getOrDefault("end", ""));
        } catch (NumberFormatException e) {
            send(exchange, 400, "text/plain", text("/api/range needs integer start and end (nanoseconds)"));
            return;
        }
        if (end < start) {
            send(exchange, 400, "text/plain", text("/api/range needs start <= end"));
            return;
        }
        send(exchange, 200, "application/json", source.rangeJson(start, end));
    }

    private boolean hostAllowed(String hostHeader) {
        if (hostHeader == null) {
            return true; // HTTP/1.0 clients; browsers always send Host
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            host = host.substring(0, colon);
        }
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || host.equals(uri.getHost().toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : (body.length == 0 ? -1 : body.length));
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sendQuietly(HttpExchange exchange, int status, byte[] body) {
        try {
            send(exchange, status, "text/plain", body);
        } catch (IOException | RuntimeException ignored) {
            // headers already sent or the client went away: nothing more to tell it
        }
    }

    private static byte[] text(String message) {
        return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
