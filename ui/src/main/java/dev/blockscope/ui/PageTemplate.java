package dev.blockscope.ui;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The one HTML page of the UI, assembled from the classpath assets: the page skeleton, the
 * stylesheet and the script files (concatenated in a fixed order inside one function scope).
 * The same page serves both modes; only the data block differs (the analysis inline, or empty so
 * the page fetches {@code /api/summary}).
 */
final class PageTemplate {

    /** Script files in load order: each may use what the ones before it define. */
    static final List<String> SCRIPTS = List.of(
            "palette.js", "format.js", "columns.js", "model.js", "overview.js", "window-loader.js", "timeline.js", "tooltips.js",
            "flame.js", "cpu.js", "panels.js", "pool.js", "detail.js", "search.js", "tasktable.js", "urlstate.js", "app.js");

    /**
     * The exact columns are decoded in a Worker started from a Blob of this source (the page's
     * own code, held as a string inside the hashed inline script), so the page stays responsive.
     */
    private static final List<String> WORKER_SCRIPTS = List.of("palette.js", "columns.js", "columns-worker.js");

    private static final String PAGE = "page.html";
    private static final String STYLE = "style.css";

    private static volatile PageTemplate loaded;

    private final String head;
    private final String middle;
    private final String tail;

    private PageTemplate(String head, String middle, String tail) {
        this.head = head;
        this.middle = middle;
        this.tail = tail;
    }

    /** The assets are read once per class loader; they never change while the JVM runs. */
    static PageTemplate get() {
        PageTemplate template = loaded;
        if (template == null) {
            template = load();
            loaded = template;
        }
        return template;
    }

    /**
     * Above this size the timeline's columns go into a binary block ({@link TimelineColumns}) and
     * what is left of the JSON, if still this large, is gzip + base64: the browser's HTML parser
     * then reads a fraction of the bytes and JSON.parse no longer sees millions of numbers; the
     * page inflates the blocks with the built-in DecompressionStream (docs/ui.md has the figures).
     */
    static final int COMPRESS_ABOVE = 4 << 20;

    /** Writes the page with {@code analysisJson} (possibly null: serve mode) in its data block. */
    void write(byte[] analysisJson, OutputStream out) throws IOException {
        write(analysisJson, out, COMPRESS_ABOVE);
    }

    /** As {@link #write(byte[], OutputStream)}, with the size above which blocks are binary (tests). */
    void write(byte[] analysisJson, OutputStream out, int compressAbove) throws IOException {
        out.write(head.getBytes(StandardCharsets.UTF_8));
        TimelineColumns.Split split = null;
        if (analysisJson == null) {
            out.write(ascii("<script type=\"application/json\" id=\"blockscope-data\"></script>"));
        } else if (analysisJson.length <= compressAbove) {
            writeJsonBlock(analysisJson, out, "");
        } else {
            split = TimelineColumns.split(analysisJson);
            if (split == null) {
                writeGzipBlock("blockscope-data", "", out, gzip -> gzip.write(analysisJson));
            } else {
                byte[] rest = split.json();
                String follows = " data-columns=\"after\"";
                if (rest.length <= compressAbove) {
                    writeJsonBlock(rest, out, follows);
                } else {
                    writeGzipBlock("blockscope-data", follows, out, gzip -> gzip.write(rest));
                }
                TimelineOverview overview = TimelineOverview.of(split);
                if (overview != null) writeGzipBlock("blockscope-overview", "", out, overview::writeBinary);
            }
        }
        out.write(middle.getBytes(StandardCharsets.UTF_8));
        if (split != null) {
            // after the script: the page is drawn from the overview while the parser reads these bytes
            writeGzipBlock("blockscope-columns", " data-count=\"" + split.count() + "\" data-names=\""
                    + String.join(",", split.present()) + "\"", out, split::writeBinary, PART_CHARS);
        }
        out.write(tail.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeJsonBlock(byte[] json, OutputStream out, String attributes) throws IOException {
        out.write(ascii("<script type=\"application/json\" id=\"blockscope-data\"" + attributes + ">"));
        writeEscaped(json, out);
        out.write(ascii("</script>"));
    }

    /** What goes into a gzip stream. */
    private interface Content {
        void writeTo(OutputStream gzip) throws IOException;
    }

    /** A gzip + base64 block: base64 has no '<', so it cannot end its element early either. */
    private static void writeGzipBlock(String id, String attributes, OutputStream out, Content content) throws IOException {
        writeGzipBlock(id, attributes, out, content, Long.MAX_VALUE);
    }

    /**
     * Base64 characters per element of the columns block. The page reads the columns while the
     * parser still reads them; one text node of 30 MB made the parser hold the main thread for
     * 100-200 ms at a time, while 1 MB elements let it yield between them (docs/ui.md).
     */
    static final long PART_CHARS = 1 << 20;

    /** As above, with the base64 text cut into sibling elements of partChars (a multiple of 4) each. */
    private static void writeGzipBlock(String id, String attributes, OutputStream out, Content content, long partChars) throws IOException {
        String part = "<script type=\"application/octet-stream\" data-part-of=\"" + id + "\">";
        out.write(ascii("<script type=\"application/octet-stream\" id=\"" + id + "\" data-encoding=\"gzip+base64\"" + attributes + ">"));
        OutputStream kept = new FilterOutputStream(out) {
            long written;

            @Override public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (written == partChars) {
                        out.write(ascii("</script>" + part));
                        written = 0;
                    }
                    int n = (int) Math.min(len, partChars - written);
                    out.write(b, off, n);
                    written += n;
                    off += n;
                    len -= n;
                }
            }

            @Override public void close() throws IOException { flush(); }
        };
        try (OutputStream gzip = new GZIPOutputStream(Base64.getEncoder().wrap(kept), 1 << 16) {
            { def.setLevel(Deflater.BEST_SPEED); }
        }) {
            content.writeTo(gzip);
        }
        out.write(ascii("</script>"));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Copies JSON into a script data block. A '<' byte can only occur inside a JSON string (it is
     * no JSON token) and never inside a multi-byte UTF-8 sequence, so replacing each one with the
     * JSON escape {@code \u003c} keeps the JSON equal while no recording string can close the
     * {@code <script>} element or open a comment in it.
     */
    static void writeEscaped(byte[] json, OutputStream out) throws IOException {
        byte[] escape = "\\u003c".getBytes(StandardCharsets.US_ASCII);
        int from = 0;
        for (int i = 0; i < json.length; i++) {
            if (json[i] == '<') {
                out.write(json, from, i - from);
                out.write(escape);
                from = i + 1;
            }
        }
        out.write(json, from, json.length - from);
    }

    private static PageTemplate load() {
        String page = asset(PAGE);
        String style = asset(STYLE);
        StringBuilder worker = new StringBuilder("\"use strict\";\n");
        for (String name : WORKER_SCRIPTS) worker.append(asset(name)).append('\n');
        StringBuilder script = new StringBuilder("(() => {\n\"use strict\";\n");
        script.append("const WORKER_SOURCE = ").append(jsString(worker.toString())).append(";\n");
        for (String name : SCRIPTS) {
            script.append("// ---- ").append(name).append('\n').append(asset(name)).append('\n');
        }
        script.append("})();\n");
        String code = script.toString();
        if (code.toLowerCase(java.util.Locale.ROOT).contains("</script")
                || style.toLowerCase(java.util.Locale.ROOT).contains("</style")) {
            throw new IllegalStateException("a UI asset contains a closing </script> or </style> tag");
        }
        // A hash-based policy allows exactly our script: even if a string from a recording ever
        // became markup, an injected handler or script element could not run.
        String policy = "default-src 'none'; script-src 'sha256-" + sha256(code) + "'; "
                + "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                // only a script that already runs (ours, by hash) can make a blob: URL to start a worker
                + "worker-src blob:";
        String filled = page.replace("{{CSP}}", policy).replace("{{STYLE}}", style).replace("{{SCRIPT}}", code);
        String marker = "{{DATA}}", columns = "{{COLUMNS}}";
        int at = filled.indexOf(marker), columnsAt = filled.indexOf(columns);
        if (at < 0 || columnsAt < at) {
            throw new IllegalStateException(PAGE + " has no " + marker + " placeholder followed by " + columns);
        }
        return new PageTemplate(filled.substring(0, at), filled.substring(at + marker.length(), columnsAt),
                filled.substring(columnsAt + columns.length()));
    }

    /** A JavaScript string literal; '<' is escaped too, so the literal cannot close the script element. */
    static String jsString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16).append('"');
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }

    private static String asset(String name) {
        try (InputStream in = PageTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("UI asset missing from the classpath: dev/blockscope/ui/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read UI asset " + name, e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** The page as bytes, for the server (serve mode: no inline data). */
    byte[] servedPage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            write(null, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
