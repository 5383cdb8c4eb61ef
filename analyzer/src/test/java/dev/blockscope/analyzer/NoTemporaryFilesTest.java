package dev.blockscope.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An analysis writes nothing to the temporary directory: only {@code analyzeFull} (serve's, which
 * reaches every interval in its windows) keeps every interval in a file there, 56 bytes each, a few
 * times the recording's size. Forked with a temporary directory that does not exist, the analysis
 * must still work (with a budget small enough to truncate the timeline), and analyzeFull must fail
 * naming that directory.
 */
class NoTemporaryFilesTest {
    static final Path DEMO = Path.of("src/test/resources/golden/demo.jfr").toAbsolutePath();

    /** Analyzes the file in {@code args[0]} with a budget of {@code args[1]} intervals, the heap-only way or ({@code full}) analyzeFull. */
    public static void main(String[] args) throws Exception {
        AnalysisOptions options = new AnalysisOptions(Integer.parseInt(args[1]), null, 0, Long.MAX_VALUE);
        if (args.length > 2 && args[2].equals("full")) {
            try (RecordingAnalyzer.Full full = RecordingAnalyzer.analyzeFull(Path.of(args[0]), options, RecordingReader.Progress.NONE)) {
                System.out.println("RESULT full " + full.intervals().size());
            }
            return;
        }
        Analysis a = RecordingAnalyzer.analyze(Path.of(args[0]), options);
        System.out.println("RESULT intervals=" + a.timeline().size() + " truncated=" + a.timeline().truncated());
    }

    private static String fork(Path tmp, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + tmp, "-cp",
                System.getProperty("java.class.path"), NoTemporaryFilesTest.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return out;
    }

    @Test
    void anAnalysisNeedsNoTemporaryDirectory(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-directory");
        String out = fork(missing, DEMO.toString(), "300");
        assertThat(out).as(out).containsPattern("RESULT intervals=\\d+ truncated=true");
        assertThat(missing).doesNotExist();

        // the file of every interval does go there: the same fork fails for it
        String full = fork(missing, DEMO.toString(), "300", "full");
        assertThat(full).as(full).doesNotContain("RESULT").contains("cannot create the timeline's file in " + missing);
    }
}
