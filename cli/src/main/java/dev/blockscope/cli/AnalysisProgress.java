package dev.blockscope.cli;

import dev.blockscope.analyzer.read.RecordingReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How far the analysis of one file is: the bytes read as the reader reports them, and what it
 * does after reading. Every command's stderr line for a large file comes from here, and
 * {@code serve FILE}'s {@code /api/status} reads the same figures (from the server's threads,
 * hence the volatile fields), so the page and the terminal never disagree.
 */
final class AnalysisProgress implements RecordingReader.Progress {
    /** Files at least this large get a progress line on stderr. */
    static final long PROGRESS_BYTES = 64L << 20;

    private final Path file;
    private final PrintWriter err;
    private final long startNanos = System.nanoTime();
    private volatile long done;
    private volatile long total;
    private volatile String phase = "reading";

    /** {@code err}: where the line goes, or null for none. */
    private AnalysisProgress(Path file, PrintWriter err) {
        this.file = file;
        this.err = err;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            total = 0; // a missing file is reported by the analyzer, with its name
        }
    }

    /** The progress of {@code file}, with the stderr line when it is large enough to take a while. */
    static AnalysisProgress of(Path file, PrintWriter err) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0;
        }
        return new AnalysisProgress(file, size >= PROGRESS_BYTES ? err : null);
    }

    @Override
    public void update(long bytesDone, long bytesTotal) {
        done = bytesDone;
        total = bytesTotal;
        if (bytesDone >= bytesTotal && phase.equals("reading")) {
            phase = "finishing the analysis"; // the timelines' last work, after the last chunk
        }
        if (err != null) {
            err.printf(Locale.ROOT, "\rblockscope: reading %s: %d%%", file.getFileName(), percent());
            if (bytesDone >= bytesTotal) {
                err.println();
            }
            err.flush();
        }
    }

    /** What the analysis does once the file is read (e.g. "ordering the intervals by task"). */
    void phase(String now) {
        phase = now;
    }

    /** The bytes read so far, a percent of the file. */
    int percent() {
        long t = total;
        return t == 0 ? 100 : (int) Math.min(100, done * 100 / t);
    }

    /** The figures as {@code /api/status} gives them while analyzing. */
    Status status() {
        return new Status(file.getFileName().toString(), phase, done, total, percent(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** One reading of the progress. */
    record Status(String file, String phase, long bytesRead, long bytesTotal, int percent, long elapsedMillis) {}
}
