package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.LiveAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.TimelineWindow;
import dev.blockscope.ui.AnalysisSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve --attach}: the last {@code windowNanos} of a running JVM's live stream, as the UI
 * server asks for it. Each second's chunk is written to a file of its own; a thread of its own
 * ({@code blockscope live window}) reads each chunk once into one pass that never ends
 * ({@link LiveAnalyzer}), deletes it, and whenever new ones came takes the pass' view of the window
 * (as the one-shot analysis of every chunk since the attach, narrowed by
 * {@link dev.blockscope.analyzer.report.WindowedAnalysis}) and swaps it in whole, so every answer
 * comes from one view. A refresh costs the fresh chunks' events and a view of the window's
 * intervals, not a new reading of the window. Memory: the pass (each live task's state, the
 * window's intervals within the analyzer's timeline budget: past it the window starts later and
 * the page says so) and the view on screen.
 *
 * <p>Times in the answers are relative to the pass' origin (the first chunk's start);
 * {@code /api/live} answers the window's bounds and its analysis together, and the page draws only
 * what came with them.
 */
final class LiveWindow implements AnalysisSource, AutoCloseable {
    /** Most intervals the page gets with each window (neighbours of a task merged past it). */
    static final int PAGE_INTERVALS = 100_000;

    /**
     * One view of the window and everything answered from it, with the work it took: the chunks
     * that came since the one before, the events read for it (theirs alone), and the time the
     * reading took, and the whole refresh (the reading, the view and the page's JSON).
     */
    private record Snapshot(long version, ServeCommand.Source source, long fromNanos, long toNanos, long chunks,
                            boolean shortened, byte[] page, int freshChunks, long eventsRead, long eventsTotal,
                            long readNanos, long analysisNanos, int tasksHeld, int intervalsHeld) {}

    private final String pid;
    private final long windowNanos;
    private final Path dir;
    private final PrintWriter err;
    private final LinkedBlockingQueue<Path> arrived = new LinkedBlockingQueue<>();
    private final LiveAnalyzer pass;
    private final Thread analyzer;
    private volatile Snapshot current;
    private volatile String ended;
    private volatile boolean closed;
    private long written;
    private long chunksRead;
    private long eventsTotal;

    LiveWindow(String pid, long windowNanos, Path dir, PrintWriter err) {
        this.pid = pid;
        this.windowNanos = windowNanos;
        this.dir = dir;
        this.err = err;
        this.pass = new LiveAnalyzer("process " + pid + " (live)", AnalysisOptions.DEFAULT);
        this.analyzer = new Thread(this::run, "blockscope live window");
        analyzer.setDaemon(true);
        analyzer.start();
    }

    /** A chunk from the stream (the stream's reading thread). */
    void add(byte[] chunk) throws IOException {
        Path file = dir.resolve("chunk-" + (written++) + ".jfr");
        Files.write(file, chunk);
        arrived.add(file);
    }

    /** The JVM ended its stream: the page keeps the last window and says so. */
    void ended(String line) {
        ended = line;
    }

    /** Waits until the first view is ready; false if it is not within the timeout. */
    boolean awaitFirst(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (current == null && System.nanoTime() < deadline && ended == null) {
            Thread.sleep(20);
        }
        return current != null;
    }

    private void run() {
        long version = 0;
        while (!closed) {
            List<Path> fresh = new ArrayList<>();
            try {
                Path first = arrived.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                fresh.add(first);
                arrived.drainTo(fresh);
            } catch (InterruptedException e) {
                return;
            }
            long began = System.nanoTime();
            long read = 0;
            for (Path f : fresh) {
                try {
                    read += pass.add(f);
                    chunksRead++;
                } catch (IOException | RuntimeException e) {
                    // that chunk is lost to the view (its time shows as gaps); the next ones are read
                    err.println("blockscope: serve --attach: could not read a chunk of the stream: " + e.getMessage());
                    err.flush();
                } finally {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException ignored) {
                        // the temporary directory: deleted by the system in the end
                    }
                }
            }
            eventsTotal += read;
            long readNanos = System.nanoTime() - began;
            if (!pass.started()) {
                continue;
            }
            try {
                LiveAnalyzer.View v = pass.window(windowNanos);
                Analysis narrowed = v.analysis();
                byte[] page = AnalysisJson.bytes(narrowed.withTimeline(TimelineWindow.window(narrowed, v.fromNanos(), v.toNanos(),
                        PAGE_INTERVALS)));
                current = new Snapshot(++version, new ServeCommand.Source(narrowed), v.fromNanos(), v.toNanos(), chunksRead,
                        v.shortened(), page, fresh.size(), read, eventsTotal, readNanos, System.nanoTime() - began, pass.tasksHeld(),
                        pass.intervalsHeld());
            } catch (RuntimeException e) {
                // the window stays as it was; the next chunk tries again
                err.println("blockscope: serve --attach: could not analyze the window: " + e.getMessage());
                err.flush();
            }
        }
    }

    private ServeCommand.Source source() {
        Snapshot s = current;
        if (s == null) {
            throw new IllegalStateException("no analysis of process " + pid + "'s stream yet");
        }
        return s.source();
    }

    @Override
    public byte[] summaryJson() {
        return source().summaryJson();
    }

    @Override
    public byte[] windowJson(long startNanos, long endNanos, int maxIntervals) {
        return source().windowJson(startNanos, endNanos, maxIntervals);
    }

    @Override
    public byte[] rangeJson(long startNanos, long endNanos) {
        return source().rangeJson(startNanos, endNanos);
    }

    /** {@code {"live": {...}, "analysis": {...}}}: the window's bounds and state with the analysis they belong to. */
    @Override
    public byte[] liveJson() {
        Snapshot s = current;
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("pid", Long.parseLong(pid));
        live.put("windowNanos", windowNanos);
        live.put("version", s == null ? 0 : s.version());
        live.put("fromNanos", s == null ? 0 : s.fromNanos());
        live.put("toNanos", s == null ? 0 : s.toNanos());
        live.put("chunks", s == null ? 0 : s.chunks());
        live.put("shortened", s != null && s.shortened());
        live.put("ended", ended);
        live.put("freshChunks", s == null ? 0 : s.freshChunks());
        live.put("eventsRead", s == null ? 0 : s.eventsRead());
        live.put("eventsTotal", s == null ? 0 : s.eventsTotal());
        live.put("readNanos", s == null ? 0 : s.readNanos());
        live.put("analysisNanos", s == null ? 0 : s.analysisNanos());
        live.put("tasksHeld", s == null ? 0 : s.tasksHeld());
        live.put("intervalsHeld", s == null ? 0 : s.intervalsHeld());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"live\":".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(AnalysisJson.bytes(live));
        out.writeBytes(",\"analysis\":".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(s == null ? "null".getBytes(StandardCharsets.UTF_8) : s.page());
        out.writeBytes("}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Stops analyzing and deletes the window's files. */
    @Override
    public void close() throws IOException {
        closed = true;
        analyzer.interrupt();
        try {
            analyzer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Path p : arrived) {
            Files.deleteIfExists(p);
        }
    }
}
