package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.TimelineWindow;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import dev.blockscope.ui.AnalysisSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve --attach}: the last {@code windowNanos} of a running JVM's live stream, as the UI
 * server asks for it. Each second's chunk is written to a file of its own; a thread of its own
 * ({@code blockscope live window}) keeps the chunks of the window (and at most
 * {@link #MAX_WINDOW_BYTES} of them: past that the oldest go first, and the page says the window
 * is shorter), analyzes them as one recording whenever new ones came, narrows the analysis to the
 * window ({@link WindowedAnalysis}), and swaps it in whole, so every answer comes from one
 * analysis. Memory: one analysis of the window (bounded by the analyzer's timeline budget) and the
 * one being made; the chunks are on disk, deleted as they leave the window.
 *
 * <p>Times in the answers are relative to the start of each analysis, which moves with the
 * window: {@code /api/live} answers the window's bounds and its analysis together, and the page
 * draws only what came with them.
 */
final class LiveWindow implements AnalysisSource, AutoCloseable {
    /** Most bytes of chunks the window keeps on disk; past it the oldest chunks leave early. */
    static final long MAX_WINDOW_BYTES = 256L << 20;
    /** Most intervals the page gets with each window (neighbours of a task merged past it). */
    static final int PAGE_INTERVALS = 100_000;

    private record Chunk(Path file, long startEpochNanos, long bytes) {}

    /**
     * One analysis of the window and everything answered from it, with the work it took: the
     * chunks that came since the one before, and the events read for it (today every event of
     * the window, as the whole window is analyzed again).
     */
    private record Snapshot(long version, ServeCommand.Source source, long fromNanos, long toNanos, int chunks, long bytes,
                            boolean shortened, byte[] page, int freshChunks, long eventsRead, long analysisNanos) {}

    private final String pid;
    private final long windowNanos;
    private final Path dir;
    private final PrintWriter err;
    private final LinkedBlockingQueue<Path> arrived = new LinkedBlockingQueue<>();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final Thread analyzer;
    private volatile Snapshot current;
    private volatile String ended;
    private volatile boolean closed;
    private long written;
    private long windowBytes;

    LiveWindow(String pid, long windowNanos, Path dir, PrintWriter err) {
        this.pid = pid;
        this.windowNanos = windowNanos;
        this.dir = dir;
        this.err = err;
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

    /** Waits until the first analysis is ready; false if it is not within the timeout. */
    boolean awaitFirst(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (current == null && System.nanoTime() < deadline && ended == null) {
            Thread.sleep(20);
        }
        return current != null;
    }

    private void run() {
        Path window = dir.resolve("window.jfr");
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
            try {
                for (Path f : fresh) {
                    long start;
                    try (RecordingReader r = RecordingReader.open(f)) {
                        start = r.headerStartNanos();
                    }
                    long size = Files.size(f);
                    chunks.addLast(new Chunk(f, start, size));
                    windowBytes += size;
                }
                boolean shortened = trim();
                long began = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(window)) {
                    for (Chunk c : chunks) {
                        Files.copy(c.file(), out);
                    }
                }
                Analysis a = RecordingAnalyzer.analyze(window, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
                long to = a.window().durationNanos();
                long from = Math.max(0, Math.max(chunks.getFirst().startEpochNanos() - a.window().startEpochNanos(), to - windowNanos));
                Analysis narrowed = named(WindowedAnalysis.of(a, new WindowedAnalysis.Filter(from, Long.MAX_VALUE, null)));
                byte[] page = AnalysisJson.bytes(narrowed.withTimeline(TimelineWindow.window(narrowed, from, to, PAGE_INTERVALS)));
                current = new Snapshot(++version, new ServeCommand.Source(narrowed), from, to, chunks.size(), windowBytes, shortened, page,
                        fresh.size(), a.source().events(), System.nanoTime() - began);
            } catch (IOException | RuntimeException e) {
                // the window stays as it was; the next chunk tries again
                err.println("blockscope: serve --attach: could not analyze the window: " + e.getMessage());
                err.flush();
            }
        }
    }

    /** The analysis as the page names it: the process, not the temporary file of its window. */
    private Analysis named(Analysis a) {
        Analysis.Source s = a.source();
        return a.withSource(new Analysis.Source("process " + pid + " (live)", s.kind(), s.jvm(), s.events(), s.eventsByType(),
                s.skipped(), s.limits(), s.fileBytes()));
    }

    /** Drops the chunks that left the window, and the oldest past the byte bound; whether the bound cut it. */
    private boolean trim() throws IOException {
        long newest = chunks.getLast().startEpochNanos();
        boolean shortened = false;
        while (chunks.size() > 1) {
            Chunk second = chunks.stream().skip(1).findFirst().orElseThrow();
            boolean old = second.startEpochNanos() <= newest - windowNanos;
            boolean tooMany = windowBytes > MAX_WINDOW_BYTES;
            if (!old && !tooMany) {
                break;
            }
            shortened |= !old;
            Chunk gone = chunks.removeFirst();
            windowBytes -= gone.bytes();
            Files.deleteIfExists(gone.file());
        }
        return shortened;
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
        live.put("windowBytes", s == null ? 0 : s.bytes());
        live.put("maxWindowBytes", MAX_WINDOW_BYTES);
        live.put("shortened", s != null && s.shortened());
        live.put("ended", ended);
        live.put("freshChunks", s == null ? 0 : s.freshChunks());
        live.put("eventsRead", s == null ? 0 : s.eventsRead());
        live.put("analysisNanos", s == null ? 0 : s.analysisNanos());
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
        for (Chunk c : chunks) {
            Files.deleteIfExists(c.file());
        }
        for (Path p : arrived) {
            Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir.resolve("window.jfr"));
    }
}
