package dev.blockscope.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run behind the launcher's start-up cache: the commands people run most, on one
 * small recording, in one JVM, so that a JDK 25+ run with {@code -XX:AOTCacheOutput} saves the
 * classes they load and link and the profiles of the methods they run (JEP 483, 515). A later
 * run of the CLI with {@code -XX:AOTCache} then starts with those classes in memory and compiles
 * its hot methods sooner. The commands' output is discarded; each one's exit code is checked, so
 * a training run that failed says so (exit 1) and the launcher keeps no cache from it.
 *
 * <p>Usage: {@code java -XX:AOTCacheOutput=CACHE -cp blockscope.jar dev.blockscope.cli.StartupTraining FILE.jfr}
 */
public final class StartupTraining {
    private StartupTraining() {}

    /**
     * What {@code serve FILE} does between its address and the page's first answers (it runs until
     * Ctrl-C, so not as a command): the analysis with its file of every interval, ordered by task,
     * the summary, a window and a range. A preview's first open is mostly these, on a cold JVM.
     */
    private static void serve(Path file) throws Exception {
        dev.blockscope.analyzer.RecordingAnalyzer.Full full = dev.blockscope.analyzer.RecordingAnalyzer.analyzeFull(file,
                dev.blockscope.analyzer.AnalysisOptions.DEFAULT, dev.blockscope.analyzer.read.RecordingReader.Progress.NONE);
        try (ServedRecording served = ServedRecording.from(full, null, phase -> { })) {
            long d = full.analysis().window().durationNanos();
            served.summaryJson();
            served.windowJson(0, d, 200_000);
            served.windowJson(d / 3, d / 2, 1_000);
            served.rangeJson(0, d);
            served.statusJson();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StartupTraining FILE.jfr");
            System.exit(2);
        }
        String file = args[0];
        Path dir = Files.createTempDirectory("blockscope-training");
        try {
            List<List<String>> commands = List.of(
                    List.of("summary", file),
                    List.of("tasks", file),
                    List.of("pinning", file),
                    List.of("report", file, "-o", dir.resolve("report.html").toString()),
                    List.of("export", "--format", "json", file, "-o", dir.resolve("analysis.json").toString()));
            PrintStream out = System.out;
            PrintStream err = System.err;
            PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
            int failed = 0;
            for (List<String> command : commands) {
                int exit;
                System.setOut(discard);
                System.setErr(discard);
                try {
                    exit = BlockscopeCommand.commandLine().execute(command.toArray(String[]::new));
                } finally {
                    System.setOut(out);
                    System.setErr(err);
                }
                if (exit != 0) {
                    err.println("blockscope: start-up training: '" + String.join(" ", command) + "' exited with " + exit);
                    failed++;
                }
            }
            try {
                serve(Path.of(file));
            } catch (Exception | Error e) {
                err.println("blockscope: start-up training: serve's analysis of " + file + " failed: " + e);
                failed++;
            }
            if (failed > 0) {
                System.exit(1);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
