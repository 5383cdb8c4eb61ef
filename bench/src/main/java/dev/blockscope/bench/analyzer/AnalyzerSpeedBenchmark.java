package dev.blockscope.bench.analyzer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analyzer's speed and heap against the JDK's RecordingFile and JMC's parser, in one run, on
 * a generated recording and on real agent recordings: each contender runs in a JVM of its own,
 * rounds are interleaved (the build machine is shared, so a contender's rounds meet the same load
 * as the others'), and the table shows the median of the rounds, per file.
 *
 * <pre>
 * java -cp CLASSPATH dev.blockscope.bench.analyzer.AnalyzerSpeedBenchmark
 *      [--file F.jfr] [--events 10000000] [--rounds 3] [--heap 256m] [--jmc-heap 6g] [--jfr-print-events 1000000|0]
 *      [--agent agent/target/blockscope-agent.jar --pingpong P.jfr --pingpong-rounds 2500000
 *       --soak S.jfr --soak-threads 10000 --soak-sleep 1-10 --soak-seconds 60]
 *      [--contenders blockscope,blockscope-1thread,jmc,...] [--warm 0]
 * </pre>
 *
 * The generated recording is written first when FILE does not exist ({@code --file none} leaves it
 * out), and the agent recordings are made with the agent when their files do not exist.
 * {@code --jfr-print-events N} also times {@code jfr print --json} on an N-event recording of the
 * generated kind (output discarded). A contender that fails (out of memory in its heap) is shown
 * as failed in its row, with its exit status, and the others go on.
 *
 * <p>Each run also gives the process' CPU time over the read (every thread's: on 2 cores the
 * compilers and the collector share them with the analysis). {@code --warm N} has each contender
 * read its file N times more in the same JVM after the first and adds the median time and CPU of
 * those: the code's own speed once compiled, where a first run also pays the JIT's compilations.
 * "JVM s" is the contender's whole JVM, its warm reads included.
 */
public final class AnalyzerSpeedBenchmark {
    private AnalyzerSpeedBenchmark() {}

    /** {@code --name value} pairs, each name one of {@link #OPTIONS}. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            String name = args[i].substring(2);
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            opts.put(name, args[i + 1]);
        }
        return opts;
    }

    /** One contender: its name for {@link Contender} and the JVM options it runs with. */
    private record Entry(String name, List<String> jvmOptions) {}

    /** One run of one contender; {@code failure} null when it finished. */
    private record Run(long events, long nanos, long peakHeap, long peakRss, long wallNanos, long cpuNanos, long warmNanos,
                       long warmCpuNanos, String failure) {}

    /** The options {@link #main} reads; any other is a mistake, not a reason to run for minutes. */
    static final java.util.Set<String> OPTIONS = java.util.Set.of("agent", "contenders", "events", "file", "heap",
            "jfr-print-events", "jmc-heap", "pingpong", "pingpong-rounds", "rounds", "soak", "soak-seconds", "soak-sleep",
            "soak-threads", "warm");

    public static void main(String[] args) throws Exception {
        Map<String, String> opts;
        try {
            opts = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\nusage: AnalyzerSpeedBenchmark [--option value]..., options "
                    + new java.util.TreeSet<>(OPTIONS) + " (see the class's comment)");
            System.exit(2);
            return;
        }
        long events = Long.parseLong(opts.getOrDefault("events", "10000000"));
        String fileOption = opts.getOrDefault("file", "/tmp/blockscope-bench-" + events + ".jfr");
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        String heap = opts.getOrDefault("heap", "256m");
        String jmcHeap = opts.getOrDefault("jmc-heap", "6g");
        long printEvents = Long.parseLong(opts.getOrDefault("jfr-print-events", "0"));
        int warm = Integer.parseInt(opts.getOrDefault("warm", "0"));
        List<Path> files = new ArrayList<>();
        if (!fileOption.equals("none")) {
            Path file = Path.of(fileOption);
            if (!Files.exists(file)) {
                System.err.println("writing " + file + " (" + events + " events)...");
                LargeRecordingWriter.write(file, events);
            }
            files.add(file);
        }
        Path agent = Path.of(opts.getOrDefault("agent", "agent/target/blockscope-agent.jar"));
        if (opts.containsKey("pingpong")) {
            files.add(dev.blockscope.bench.AgentRecordings.pingPong(agent, Path.of(opts.get("pingpong")),
                    Integer.parseInt(opts.getOrDefault("pingpong-rounds", "2500000"))));
        }
        if (opts.containsKey("soak")) {
            files.add(dev.blockscope.bench.AgentRecordings.soak(agent, Path.of(opts.get("soak")),
                    Integer.parseInt(opts.getOrDefault("soak-threads", "10000")), opts.getOrDefault("soak-sleep", "1-10"),
                    Integer.parseInt(opts.getOrDefault("soak-seconds", "60"))));
        }
        Path slice = null;
        if (printEvents > 0 && !files.isEmpty()) {
            slice = Path.of(files.getFirst() + ".slice-" + printEvents + ".jfr");
            if (!Files.exists(slice)) {
                System.err.println("writing " + slice + " (" + printEvents + " events)...");
                LargeRecordingWriter.write(slice, printEvents);
            }
        }
        List<Entry> all = List.of(
                // the collector the launcher gives a one-shot analysis (./blockscope summary FILE); -g1: the JVM's default
                new Entry("blockscope", List.of("-Xmx" + heap, "-XX:+UseParallelGC")),
                new Entry("blockscope-g1", List.of("-Xmx" + heap)),
                new Entry("blockscope-1thread", List.of("-Xmx" + heap, "-XX:+UseParallelGC", "-Dblockscope.readerThreads=1")),
                new Entry("blockscope-recordingfile", List.of("-Xmx1g", "-Dblockscope.reader=jdk")),
                new Entry("blockscope-read-only", List.of("-Xmx" + heap, "-XX:+UseParallelGC")),
                new Entry("recordingfile-loop", List.of("-Xmx1g")),
                new Entry("jmc", List.of("-Xmx" + jmcHeap)));
        List<String> chosen = opts.containsKey("contenders") ? List.of(opts.get("contenders").split(",")) : null;
        List<Entry> entries = all.stream().filter(e -> chosen == null || chosen.contains(e.name())).toList();
        Map<Path, Map<String, List<Run>>> runs = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            for (Path file : files) {
                for (Entry e : entries) {
                    Run run = runContender(e, file, warm);
                    runs.computeIfAbsent(file, k -> new LinkedHashMap<>()).computeIfAbsent(e.name(), k -> new ArrayList<>()).add(run);
                    System.err.printf("round %d %s %-26s %s%n", r, file.getFileName(), e.name(), run.failure() != null
                            ? "FAILED: " + run.failure() : String.format("%,d events in %.2f s (CPU %.2f s)%s, peak heap %,d MB, peak RSS %,d MB",
                            run.events(), run.nanos() / 1e9, run.cpuNanos() / 1e9, run.warmNanos() < 0 ? ""
                                    : String.format(", warm %.2f s (CPU %.2f s)", run.warmNanos() / 1e9, run.warmCpuNanos() / 1e9),
                            run.peakHeap() >> 20, run.peakRss() >> 20));
                }
            }
            if (slice != null) {
                Run run = jfrPrint(slice, printEvents);
                runs.get(files.getFirst()).computeIfAbsent("jfr print --json (" + printEvents + " events)", k -> new ArrayList<>()).add(run);
                System.err.printf("round %d jfr print --json: %.2f s%n", r, run.nanos() / 1e9);
            }
        }
        System.out.printf("%d rounds, interleaved; median of each; %d cores; blockscope heap -Xmx%s%n", rounds,
                Runtime.getRuntime().availableProcessors(), heap);
        for (Map.Entry<Path, Map<String, List<Run>>> f : runs.entrySet()) {
            System.out.printf("%nfile %s, %,d bytes%n", f.getKey(), Files.size(f.getKey()));
            System.out.printf("%-36s %12s %10s %14s %10s %10s %10s %10s%s%n", "contender", "events", "read s", "events/s", "heap MB",
                    "RSS MB", "JVM s", "CPU s", warm > 0 ? String.format(" %10s %10s", "warm s", "warm CPU s") : "");
            Map<String, Double> rate = new LinkedHashMap<>();
            Map<String, Double> warmRate = new LinkedHashMap<>();
            for (Map.Entry<String, List<Run>> e : f.getValue().entrySet()) {
                List<Run> rs = e.getValue().stream().filter(x -> x.failure() == null).toList();
                if (rs.size() < e.getValue().size()) {
                    System.out.printf("%-36s %s%n", e.getKey(), "failed in " + (e.getValue().size() - rs.size()) + " of "
                            + e.getValue().size() + " rounds: " + e.getValue().stream().filter(x -> x.failure() != null)
                            .findFirst().orElseThrow().failure());
                    if (rs.isEmpty()) {
                        continue;
                    }
                }
                long nanos = median(rs.stream().mapToLong(Run::nanos).toArray());
                long peak = median(rs.stream().mapToLong(Run::peakHeap).toArray());
                long rss = median(rs.stream().mapToLong(Run::peakRss).toArray());
                long wall = median(rs.stream().mapToLong(Run::wallNanos).toArray());
                long cpu = median(rs.stream().mapToLong(Run::cpuNanos).toArray());
                long warmNanos = median(rs.stream().mapToLong(Run::warmNanos).toArray());
                long warmCpu = median(rs.stream().mapToLong(Run::warmCpuNanos).toArray());
                long n = rs.getFirst().events();
                double perSecond = n / (nanos / 1e9);
                rate.put(e.getKey(), perSecond);
                if (warmNanos > 0) {
                    warmRate.put(e.getKey(), n / (warmNanos / 1e9));
                }
                System.out.printf("%-36s %,12d %10.2f %,14.0f %10s %10s %10.2f %10s%s%n", e.getKey(), n, nanos / 1e9, perSecond,
                        peak < 0 ? "-" : Long.toString(peak >> 20), rss < 0 ? "-" : Long.toString(rss >> 20), wall / 1e9,
                        cpu < 0 ? "-" : String.format("%.2f", cpu / 1e9),
                        warm > 0 ? warmNanos < 0 ? String.format(" %10s %10s", "-", "-")
                                : String.format(" %10.2f %10.2f", warmNanos / 1e9, warmCpu / 1e9) : "");
            }
            if (rate.containsKey("blockscope")) {
                StringBuilder ratios = new StringBuilder("blockscope analysis");
                for (String other : List.of("jmc", "recordingfile-loop", "blockscope-1thread", "blockscope-g1")) {
                    if (rate.containsKey(other)) {
                        ratios.append(String.format(" / %s: %.2fx;", other, rate.get("blockscope") / rate.get(other)));
                    }
                }
                System.out.println(ratios + " (targets: >= 3x jmc, >= 3M events/s, in a 256 MiB heap)");
            }
            if (warmRate.containsKey("blockscope") && warmRate.containsKey("jmc")) {
                System.out.printf("warm, once compiled: blockscope analysis / jmc: %.2fx, %,.0f events/s%n",
                        warmRate.get("blockscope") / warmRate.get("jmc"), warmRate.get("blockscope"));
            }
        }
    }

    private static Run runContender(Entry e, Path file, int warm) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(e.jvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Contender.class.getName());
        cmd.add(e.name());
        cmd.add(file.toString());
        cmd.add(Integer.toString(warm));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        String lastOther = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else if (!line.isBlank() && !line.startsWith("\tat ") && !line.contains("WARNING")) {
                    lastOther = lastOther == null ? line : lastOther;
                }
            }
        }
        int exit = p.waitFor();
        long wall = System.nanoTime() - t0;
        if (exit != 0 || result == null) {
            return new Run(0, 0, 0, 0, wall, -1, -1, -1, "exit " + exit + (lastOther == null ? "" : ": " + lastOther));
        }
        String[] f = result.split(" ");
        return new Run(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), wall,
                Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), null);
    }

    private static Run jfrPrint(Path slice, long events) throws Exception {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(jfr.toString(), "print", "--json", slice.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = p.waitFor();
        long wall = System.nanoTime() - t0;
        if (exit != 0) {
            return new Run(0, 0, 0, 0, wall, -1, -1, -1, "jfr print exit " + exit);
        }
        return new Run(events, wall, -1, -1, wall, -1, -1, -1, null);
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
