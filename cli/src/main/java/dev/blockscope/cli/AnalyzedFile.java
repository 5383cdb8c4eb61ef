package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads a recording for a command: shows progress on stderr for large files, and turns a
 * damaged or unreadable file into one clear line (the file and what is wrong) instead of a trace.
 */
final class AnalyzedFile {
    /** Files at least this large get a progress line on stderr. */
    static final long PROGRESS_BYTES = 64L << 20;

    private AnalyzedFile() {}

    /** The analysis, or null after printing why there is none. */
    static Analysis load(Path file, AnalysisOptions options, PrintWriter err) {
        try (RecordingAnalyzer.Full full = loadFull(file, options, err)) {
            return full == null ? null : full.analysis();
        }
    }

    /** The analysis and the file of every interval (the caller closes it), or null after printing why there is none. */
    static RecordingAnalyzer.Full loadFull(Path file, AnalysisOptions options, PrintWriter err) {
        RecordingReader.Progress progress = RecordingReader.Progress.NONE;
        try {
            if (Files.size(file) >= PROGRESS_BYTES) {
                progress = (done, total) -> {
                    err.printf(Locale.ROOT, "\rblockscope: reading %s: %d%%", file.getFileName(), total == 0 ? 100 : done * 100 / total);
                    if (done >= total) {
                        err.println();
                    }
                    err.flush();
                };
            }
        } catch (IOException ignored) {
            // A missing file is reported by the analyzer just below, with its name.
        }
        try {
            return RecordingAnalyzer.analyzeFull(file, options, progress);
        } catch (IOException e) {
            err.println("blockscope: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** After a report of a damaged file: one line saying what was skipped; returns the exit code (1 if damaged). */
    static int damage(Analysis a, PrintWriter err) {
        if (a.source().skipped().isEmpty()) {
            return 0;
        }
        err.println("blockscope: " + a.source().file() + ": damaged recording, analyzed what could be read; skipped: "
                + String.join("; ", a.source().skipped().stream().map(Analysis.Skipped::what).toList()));
        err.flush();
        return 1;
    }
}
