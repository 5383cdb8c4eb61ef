package dev.blockscope.bench.analyzer;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis' heap and time against the number of tasks: for each count, a recording of that
 * many short virtual threads ({@link ManyTasksRecordingWriter}, written when absent) analyzed in a
 * JVM of its own with the given heap, at the default row bound and, for comparison, with a row
 * for every task ({@code --max-tasks 0}, which grows with tasks). Each run checks the task and
 * suspension counts against what was written and prints one row.
 *
 * <pre>
 * java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.analyzer.TaskScaleBenchmark
 *      [--tasks 100000,400000,1000000] [--waits 2] [--heap 256m] [--all-rows-heap 2g] [--dir /tmp]
 * </pre>
 */
public final class TaskScaleBenchmark {
    private TaskScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--run")) {
            run(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int waits = Integer.parseInt(opts.getOrDefault("waits", "2"));
        String heap = opts.getOrDefault("heap", "256m");
        String allRowsHeap = opts.getOrDefault("all-rows-heap", "2g");
        Path dir = Path.of(opts.getOrDefault("dir", "/tmp"));
        System.out.printf("%10s %9s %12s %13s %8s %10s %10s %s%n", "tasks", "max-tasks", "heap limit", "suspensions", "seconds",
                "peak heap", "peak RSS", "");
        for (String n : opts.getOrDefault("tasks", "100000,400000,1000000").split(",")) {
            int tasks = Integer.parseInt(n.strip());
            Path file = dir.resolve("blockscope-tasks-" + tasks + "x" + waits + ".jfr");
            if (!Files.exists(file)) {
                System.err.println("writing " + file + " (" + tasks + " virtual threads)...");
                ManyTasksRecordingWriter.write(file, tasks, waits);
            }
            for (int maxTasks : new int[] {AnalysisOptions.DEFAULT_MAX_TASKS, 0}) {
                String limit = maxTasks == 0 ? allRowsHeap : heap;
                String line = child(file, maxTasks, limit);
                if (line == null || !line.startsWith("RESULT ")) {
                    System.out.printf("%10d %9d %12s failed: %s%n", tasks, maxTasks, limit, line);
                    continue;
                }
                String[] f = line.split(" ");
                long found = Long.parseLong(f[1]);
                long suspensions = Long.parseLong(f[2]);
                String check = found == tasks && suspensions == (long) tasks * waits ? "counts right"
                        : "WRONG: expected " + tasks + " tasks, " + (long) tasks * waits + " suspensions, found " + found;
                System.out.printf("%10d %9d %12s %13d %8.1f %8d MB %8d MB %s%n", tasks, maxTasks, limit, suspensions,
                        Long.parseLong(f[3]) / 1e9, Long.parseLong(f[4]) >> 20, Long.parseLong(f[5]) >> 20, check);
            }
        }
    }

    private static String child(Path file, int maxTasks, String heap) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), TaskScaleBenchmark.class.getName(), "--run",
                file.toString(), String.valueOf(maxTasks)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        String other = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (other == null && !line.isBlank() && !line.contains("WARNING")) {
                    other = line;
                }
            }
        }
        int exit = p.waitFor();
        return exit == 0 && result != null ? result : "exit " + exit + (other == null ? "" : ": " + other);
    }

    /** In the child: analyzes, and prints {@code RESULT tasks suspensions nanos peakHeap peakRss}. */
    private static void run(Path file, int maxTasks) throws Exception {
        long[] peak = new long[1];
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT.withMaxTasks(maxTasks), RecordingReader.Progress.NONE);
        long nanos = System.nanoTime() - t0;
        sampler.interrupt();
        sampler.join();
        long app = a.tasks().stream().filter(t -> !t.carrier() && !t.service() && t.virtual()).count()
                + a.taskGroups().stream().filter(g -> !g.service() && g.virtual()).mapToLong(Analysis.TaskGroup::tasks).sum();
        long suspensions = a.tasks().stream().filter(t -> t.virtual() && !t.service()).mapToLong(Analysis.TaskRow::suspensions).sum()
                + a.taskGroups().stream().filter(g -> g.virtual() && !g.service()).mapToLong(Analysis.TaskGroup::suspensions).sum();
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        System.out.println("RESULT " + app + " " + suspensions + " " + nanos + " " + peak[0] + " " + rss);
    }
}
