package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The one path from a recording to a command's report: analyze the file (with a progress line on
 * stderr for large files), write the report, and then say whether the recording was whole. Every
 * way it can fail is a {@link CommandFailure}, which {@link FailureHandler} turns into its line
 * and exit code: a file that cannot be read at all before any report, a damaged one after it
 * (what could be read is reported; the line says what was skipped).
 */
final class AnalysisRun {
    /** What a command writes of the analysis. */
    @FunctionalInterface
    interface Report {
        void write(Analysis a) throws Exception;
    }

    private AnalysisRun() {}

    /**
     * Analyzes {@code file}, writes {@code report} of it, then fails with {@link CommandFailure.Damaged}
     * when parts of the file were skipped. A failure of the report itself ends the run before that.
     *
     * @return the analysis, for a command that has more to say once the report is written
     */
    static Analysis report(Path file, AnalysisOptions options, PrintWriter err, Report report) throws Exception {
        Analysis a = load(file, options, err);
        report.write(a);
        requireWhole(a);
        return a;
    }

    /** The analysis of {@code file}. */
    static Analysis load(Path file, AnalysisOptions options, PrintWriter err) throws CommandFailure.Unreadable {
        try {
            return RecordingAnalyzer.analyze(file, options, progress(file, err)); // nothing on disk: only serve needs every interval
        } catch (IOException e) {
            throw new CommandFailure.Unreadable(e);
        }
    }

    /** Fails when parts of the analysis' recording were skipped as damaged. */
    static void requireWhole(Analysis a) throws CommandFailure.Damaged {
        CommandFailure.Damaged damaged = CommandFailure.Damaged.of(a);
        if (damaged != null) {
            throw damaged;
        }
    }

    private static RecordingReader.Progress progress(Path file, PrintWriter err) {
        return AnalysisProgress.of(file, err);
    }
}
