package dev.blockscope.cli;

import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.ui.AnalysisSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What {@code serve FILE} serves from the moment it listens: the analysis' progress until it is
 * ready, then the analysis ({@link ServedRecording}), or the line saying why there is none; for a
 * large file, a preview of its beginning meanwhile (status {@code preview}). It is the one place
 * the server's threads and the analysis' thread meet: the analysis publishes the preview and then
 * the whole, each once, through volatile fields, and the server only reads.
 */
final class ServedFile implements AnalysisSource {
    private final String fileName;
    private final long fileBytes;
    private final long startNanos = System.nanoTime();
    private volatile AnalysisProgress progress;
    private volatile String phase = "starting";
    private volatile ServedRecording served;
    /** The analysis of the recording's beginning, shown while the whole is analyzed (serve's {@code --preview}); then closed. */
    private volatile ServedRecording preview;
    private volatile String error;
    private volatile boolean polled;
    private final CountDownLatch failureShown = new CountDownLatch(1);

    ServedFile(java.nio.file.Path file) {
        this.fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        long size;
        try {
            size = java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            size = 0; // the analysis says what is wrong with it
        }
        this.fileBytes = size;
    }

    /** The analysis runs, reporting through {@code p}. */
    void analyzing(AnalysisProgress p) {
        progress = p;
    }

    /** What happens now when no reading is reported (opening the saved analysis). */
    void phase(String now) {
        AnalysisProgress p = progress;
        if (p != null) {
            p.phase(now);
        } else {
            phase = now;
        }
    }

    /**
     * A preview is ready (the analysis of the recording's beginning): the page shows it, and every path answers
     * from it, until the whole file's analysis is.
     */
    void preview(ServedRecording p) {
        preview = p;
    }

    /**
     * The analysis is ready: from now on every path answers from it, but for a page that opened on
     * the preview, which asks the preview ({@code of=preview}) until it is reloaded: the preview
     * stays open until serve ends (its file of intervals is small, the preview's size).
     */
    void ready(ServedRecording s) {
        served = s;
    }

    /** Whether a preview was shown before the whole. */
    boolean previewed() {
        return preview != null;
    }

    @Override
    public AnalysisSource preview() {
        synchronized (this) {
            return previewClosed ? null : preview;
        }
    }

    /** Closes the preview, if any (its file of intervals goes), when serve ends; at most once. */
    synchronized void closePreview() {
        ServedRecording p = preview;
        if (p != null && !previewClosed) {
            previewClosed = true;
            p.close();
        }
    }

    private boolean previewClosed;

    /** The analysis failed: {@code line} is what the command prints for it. */
    void failed(String line) {
        error = line;
    }

    /** The analysis once ready, else null. */
    ServedRecording served() {
        return served;
    }

    /**
     * After a failure: when a page has asked for the status, waits (at most {@code millis}) until it
     * has been told of the failure, so the page shows the line before the server goes away. With no
     * page open there is nobody to wait for.
     */
    void awaitFailureShown(long millis) throws InterruptedException {
        if (polled && failureShown.await(millis, TimeUnit.MILLISECONDS)) {
            // counted when the answer was made, not sent: closing the server at once cut it off
            Thread.sleep(ANSWER_MILLIS);
        }
    }

    /** Time the last status answer has to go out before the server closes. */
    private static final long ANSWER_MILLIS = 500;

    @Override
    public boolean ready() {
        return served != null || preview != null;
    }

    @Override
    public byte[] statusJson() {
        polled = true;
        Map<String, Object> status = new LinkedHashMap<>();
        String failure = error;
        if (served != null) {
            status.put("state", "ready");
        } else if (failure != null) {
            status.put("state", "failed");
            status.put("error", failure);
            failureShown.countDown();
        } else {
            ServedRecording shown = preview;
            // a preview is on the page meanwhile: the page tells the two apart, and learns when the whole is ready
            status.put("state", shown != null ? "preview" : "analyzing");
            AnalysisProgress p = progress;
            if (p == null) {
                status.put("file", fileName);
                status.put("phase", phase);
                status.put("bytesRead", 0);
                status.put("bytesTotal", fileBytes);
                status.put("percent", 0);
                status.put("elapsedMillis", (System.nanoTime() - startNanos) / 1_000_000);
            } else {
                AnalysisProgress.Status s = p.status();
                status.put("file", s.file());
                status.put("phase", s.phase());
                status.put("bytesRead", s.bytesRead());
                status.put("bytesTotal", s.bytesTotal());
                status.put("percent", s.percent());
                status.put("elapsedMillis", s.elapsedMillis());
            }
        }
        return AnalysisJson.bytes(status);
    }

    @Override
    public byte[] summaryJson() {
        return require().summaryJson();
    }

    @Override
    public byte[] windowJson(long startNanos, long endNanos, int maxIntervals) {
        return require().windowJson(startNanos, endNanos, maxIntervals);
    }

    @Override
    public byte[] rangeJson(long startNanos, long endNanos) {
        return require().rangeJson(startNanos, endNanos);
    }

    @Override
    public byte[] taskJson(long id) {
        return require().taskJson(id);
    }

    /** The server asks only once {@link #ready()}; this guards the contract. */
    private ServedRecording require() {
        ServedRecording s = served;
        if (s == null) {
            s = preview;
        }
        if (s == null) {
            throw new IllegalStateException("the analysis is not ready");
        }
        return s;
    }
}
