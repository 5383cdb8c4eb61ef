package dev.blockscope.ui;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI over HTTP ({@code blockscope serve}): the same page as {@link ReportPage}, without inline
 * data; the page loads {@code /api/summary} and then {@code /api/window?start=&end=&max=} for the
 * part of the timeline on screen, and {@code /api/range?start=&end=} for the panels of a selection.
 * It may listen before the analysis is done ({@link AnalysisSource#ready()}): the page then polls
 * {@code /api/status} for the progress, and the analysis paths answer 503 until then.
 * {@code /api/task?id=} gives one task's whole row, where the summary leaves part of it out. With
 * {@code of=preview}, the analysis paths answer from the source's {@link AnalysisSource#preview()}
 * (410 when it has none): a page that opened on a preview keeps asking it after the whole is ready.
 * A live source ({@code serve --attach}) also answers {@code /api/live}, which the page polls.
 *
 * <p>It answers only a fixed list of paths and never maps a request path to a file, so nothing
 * outside its own assets and data can be read through it. Requests whose {@code Host} header
 * names another host are refused when bound to a loopback address, so a web page cannot reach
 * the data through DNS rebinding.
 *
 * <p>Each connection is served on its own virtual thread, one request per connection
 * ({@code Connection: close}): a client that sends half a request and stalls holds only its own
 * thread, not a pool's, and only until the request deadline; a client that stops reading the
 * response is cut off at the response deadline. (It replaced the JDK's HttpServer on a pool of
 * four threads, which four such clients stopped, and whose only request timeout is a JVM-wide
 * system property.)
 */
public final class UiServer implements AutoCloseable {

    /** Upper bound for {@code max}: a window larger than this is no faster to draw than to page. */
    static final int MAX_WINDOW_INTERVALS = 2_000_000;
    /** Time a client has to send a whole request head. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Time a client has to take the whole response (the summary of a large recording is megabytes). */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(120);
    private static final long REAPER_GRACE_NANOS = 1_000_000_000L;
    /** Request bodies (GET and HEAD have none) are read and dropped up to this, so the answer is not cut by a reset. */
    private static final long MAX_DRAINED_BODY = 1 << 20;
    /** The paths that need the analysis: answered 503 until {@link AnalysisSource#ready()}. */
    private static final Set<String> ANALYSIS_PATHS = Set.of("/api/summary", "/api/window", "/api/range", "/api/task");

    private final ServerSocket listener;
    private final AnalysisSource source;
    private final byte[] page;
    private final URI uri;
    private final boolean loopback;
    private final Duration requestTimeout;
    private final Duration responseTimeout;
    /** Open connections and the time (System.nanoTime) by which each must be done, for the reaper. */
    private final Map<Socket, Long> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private UiServer(ServerSocket listener, AnalysisSource source, URI uri, boolean loopback, Duration requestTimeout,
                     Duration responseTimeout) {
        this.listener = listener;
        this.source = source;
        this.page = PageTemplate.get().servedPage();
        this.uri = uri;
        this.loopback = loopback;
        this.requestTimeout = requestTimeout;
        this.responseTimeout = responseTimeout;
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
        return start(source, host, port, REQUEST_TIMEOUT, RESPONSE_TIMEOUT);
    }

    /** As {@link #start(AnalysisSource, String, int)}, with the deadlines given (tests shorten them). */
    static UiServer start(AnalysisSource source, String host, int port, Duration requestTimeout, Duration responseTimeout)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        InetAddress address = InetAddress.getByName(host);
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(address, port), 1024);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        int bound = listener.getLocalPort();
        String hostPart = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        UiServer ui = new UiServer(listener, source, URI.create("http://" + hostPart + ":" + bound + "/"), address.isLoopbackAddress(),
                requestTimeout, responseTimeout);
        Thread.ofPlatform().daemon().name("blockscope-ui-accept").start(ui::accept);
        Thread.ofPlatform().daemon().name("blockscope-ui-reaper").start(ui::reap);
        return ui;
    }

    /** The page's address, e.g. {@code http://127.0.0.1:43123/}. */
    public URI uri() {
        return uri;
    }

    /** Stops listening at once; requests in flight are cut. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket s : Set.copyOf(open.keySet())) {
            closeQuietly(s);
        }
    }

    /** Connections currently open (for tests). */
    int openConnections() {
        return open.size();
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // Out of file descriptors under a flood: the connections open now end by their
                // deadlines at the latest, so wait a little and accept again.
                sleep(10);
                continue;
            }
            open.put(socket, System.nanoTime() + requestTimeout.toNanos());
            try {
                Thread.ofVirtual().name("blockscope-ui-http").start(() -> serve(socket));
            } catch (RuntimeException | OutOfMemoryError e) {
                // no thread for it now: this client is turned away, the server goes on
                open.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    /**
     * Closes connections past their deadline: that ends a write blocked on a client that does not
     * read. A request head past its deadline is answered (408) by its own thread, whose reads time
     * out, so the reaper gives it a second more.
     */
    private void reap() {
        while (!closed) {
            sleep(Math.max(10, Math.min(1000, requestTimeout.toMillis() / 4)));
            long now = System.nanoTime();
            open.forEach((s, deadline) -> {
                if (now - deadline > REAPER_GRACE_NANOS) {
                    closeQuietly(s);
                    open.remove(s);
                }
            });
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            HttpRequestHead request;
            try {
                request = HttpRequestHead.read(socket, in, open.getOrDefault(socket, System.nanoTime()));
            } catch (HttpRequestHead.Malformed m) {
                respond(socket, out, false, m.status, "text/plain", text(m.getMessage()), Map.of());
                lingerClose(socket, in);
                return;
            } catch (SocketTimeoutException slow) {
                respond(socket, out, false, 408, "text/plain", text("request not complete within "
                        + requestTimeout.toMillis() + " ms"), Map.of());
                lingerClose(socket, in);
                return;
            }
            if (request == null) {
                return;
            }
            // from here the server works for the client: the answer may take a while to compute
            open.computeIfPresent(socket, (s, d) -> System.nanoTime() + responseTimeout.toNanos());
            drainBody(socket, in, request);
            handle(socket, out, request);
        } catch (IOException | RuntimeException e) {
            // the client went away, or was cut off at its deadline: nothing more to tell it
        } finally {
            open.remove(socket);
        }
    }

    /**
     * Ends a connection whose request was not read whole: the answer is sent, then what the client
     * still sends is read for a moment, because closing with unread input resets the connection
     * and the client may lose the answer.
     */
    private static void lingerClose(Socket socket, InputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(200);
        long until = System.nanoTime() + 500_000_000L;
        byte[] sink = new byte[8192];
        while (System.nanoTime() < until && in.read(sink) >= 0) {
            // dropped
        }
    }

    private void drainBody(Socket socket, InputStream in, HttpRequestHead request) throws IOException {
        long left = Math.min(request.contentLength(), MAX_DRAINED_BODY);
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return;
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private void handle(Socket socket, OutputStream out, HttpRequestHead request) throws IOException {
        String method = request.method();
        boolean head = method.equals("HEAD");
        if (!method.equals("GET") && !head) {
            respond(socket, out, false, 405, "text/plain", text("method not allowed: " + method), Map.of("Allow", "GET, HEAD"));
            return;
        }
        if (loopback && !hostAllowed(request.headers().get("host"))) {
            respond(socket, out, head, 403, "text/plain", text("refused: Host header does not name this loopback server"), Map.of());
            return;
        }
        byte[] body;
        String type;
        int status = 200;
        try {
            String path = request.path();
            if (ANALYSIS_PATHS.contains(path) && !source.ready()) {
                // still analyzing (or failed): say so at once; the page polls /api/status meanwhile
                respond(socket, out, head, 503, "application/json", source.statusJson(), Map.of("Retry-After", "1"));
                return;
            }
            AnalysisSource answering = source;
            if (ANALYSIS_PATHS.contains(path) && "preview".equals(query(request.query()).get("of"))) {
                // a page showing the preview asks the preview, whose stack indexes and tasks its summary holds
                answering = source.preview();
                if (answering == null) {
                    respond(socket, out, head, 410, "text/plain", text("this page shows a preview that is no longer served: reload it"),
                            Map.of());
                    return;
                }
            }
            switch (path) {
                case "/", "/index.html" -> {
                    type = "text/html; charset=utf-8";
                    body = page;
                }
                case "/api/status" -> {
                    type = "application/json";
                    body = source.statusJson();
                }
                case "/api/summary" -> {
                    type = "application/json";
                    body = answering.summaryJson();
                }
                case "/api/live" -> {
                    byte[] live = source.liveJson();
                    status = live == null ? 404 : 200;
                    type = live == null ? "text/plain" : "application/json";
                    body = live == null ? text("not a live view (serve FILE)") : live;
                }
                case "/api/window" -> {
                    Window w = window(request.query());
                    type = w.error == null ? "application/json" : "text/plain";
                    status = w.error == null ? 200 : 400;
                    body = w.error == null ? answering.windowJson(w.start, w.end, w.max) : text(w.error);
                }
                case "/api/task" -> {
                    Long id = taskId(request.query());
                    byte[] row = id == null ? null : answering.taskJson(id);
                    status = row != null ? 200 : id != null ? 404 : 400;
                    type = row != null ? "application/json" : "text/plain";
                    body = row != null ? row : text(id == null ? "/api/task needs an integer id" : "no task " + id + " in this analysis");
                }
                case "/api/range" -> {
                    Window r = range(request.query());
                    type = r.error == null ? "application/json" : "text/plain";
                    status = r.error == null ? 200 : 400;
                    body = r.error == null ? answering.rangeJson(r.start, r.end) : text(r.error);
                }
                default -> {
                    status = 404;
                    type = "text/plain";
                    body = text("not found");
                }
            }
        } catch (RuntimeException e) {
            // A failing source must not kill the server; the page shows the message.
            status = 500;
            type = "text/plain";
            body = text("analysis source failed: " + e);
        }
        respond(socket, out, head, status, type, body, Map.of());
    }

    private record Window(long start, long end, int max, String error) {}

    private static Window window(String rawQuery) {
        Map<String, String> query = query(rawQuery);
        long start;
        long end;
        int max;
        try {
            start = Long.parseLong(query.getOrDefault("start", ""));
            end = Long.parseLong(query.getOrDefault("end", ""));
            max = Integer.parseInt(query.getOrDefault("max", "100000"));
        } catch (NumberFormatException e) {
            return new Window(0, 0, 0, "/api/window needs integer start, end (nanoseconds) and max");
        }
        if (end < start || max <= 0) {
            return new Window(0, 0, 0, "/api/window needs start <= end and max > 0");
        }
        return new Window(start, end, Math.min(max, MAX_WINDOW_INTERVALS), null);
    }

    /** The {@code id} of {@code /api/task?id=}, or null when it is not an integer. */
    private static Long taskId(String rawQuery) {
        try {
            return Long.parseLong(query(rawQuery).getOrDefault("id", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The bounds of {@code /api/range?start=&end=}: the panels of a selection, from every interval held. */
    private static Window range(String rawQuery) {
        Map<String, String> query = query(rawQuery);
        long start;
        long end;
        try {
            start = Long.parseLong(query.getOrDefault("start", ""));
            end = Long.parseLong(query.getOrDefault("end", ""));
        } catch (NumberFormatException e) {
            return new Window(0, 0, 0, "/api/range needs integer start and end (nanoseconds)");
        }
        if (end < start) {
            return new Window(0, 0, 0, "/api/range needs start <= end");
        }
        return new Window(start, end, 0, null);
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

    private void respond(Socket socket, OutputStream out, boolean head, int status, String type, byte[] body,
                         Map<String, String> extra) throws IOException {
        open.computeIfPresent(socket, (s, d) -> System.nanoTime() + responseTimeout.toNanos());
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: ").append(type).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("X-Content-Type-Options: nosniff\r\n")
                .append("Cache-Control: no-store\r\n")
                .append("Connection: close\r\n");
        extra.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing what is going away anyway
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] text(String message) {
        return (message + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
