package dev.blockscope.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The head of one HTTP/1.x request (request line and headers) as {@link UiServer} reads it:
 * bounded in size ({@link #MAX_BYTES}) and in time (a deadline for the whole head, so a client
 * that sends a byte now and then cannot hold its connection open either).
 *
 * @param method   "GET", "HEAD", ...
 * @param target   the request target as sent ("/api/window?start=0&end=1")
 * @param headers  header values by lower-case name (the first of each)
 */
record HttpRequestHead(String method, String target, Map<String, String> headers) {
    /** Largest request head read; browsers send well under 8 KB. */
    static final int MAX_BYTES = 16 * 1024;

    /** A request that cannot be answered as sent: the status to answer with, and why. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        Malformed(int status, String why) {
            super(why);
            this.status = status;
        }
    }

    /** The path of the target, without the query. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query of the target, or null. */
    String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** A request body's length as declared (0 when none). */
    long contentLength() throws Malformed {
        String v = headers.get("content-length");
        try {
            return v == null ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new Malformed(400, "bad Content-Length");
        }
    }

    /**
     * Reads a request head from {@code socket} until {@code deadlineNanos} ({@link System#nanoTime}).
     * Returns null when the client closed the connection before sending anything.
     *
     * @throws SocketTimeoutException when the head is not complete by the deadline
     * @throws Malformed              when it is too large or not HTTP
     */
    static HttpRequestHead read(Socket socket, InputStream in, long deadlineNanos) throws IOException {
        byte[] buf = new byte[MAX_BYTES];
        int n = 0;
        while (n < 4 || !(buf[n - 4] == '\r' && buf[n - 3] == '\n' && buf[n - 2] == '\r' && buf[n - 1] == '\n')) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("request head not complete in time");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            int b = in.read();
            if (b < 0) {
                if (n == 0) {
                    return null;
                }
                throw new Malformed(400, "connection closed inside the request head");
            }
            if (n == buf.length) {
                throw new Malformed(431, "request head larger than " + MAX_BYTES + " bytes");
            }
            buf[n++] = (byte) b;
        }
        String[] lines = new String(buf, 0, n - 4, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new Malformed(400, "not an HTTP/1.x request line");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new Malformed(400, "bad header line");
            }
            headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new HttpRequestHead(requestLine[0], requestLine[1], Map.copyOf(headers));
    }
}
