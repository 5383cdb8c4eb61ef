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
 * one generated recording: each contender runs in a JVM of its own, rounds are interleaved (the
 * build machine is shared, so a contender's rounds meet the same load as the others'), and the
 * table shows the median of the rounds.
 *
 * <pre>
 * java -cp CLASSPATH dev.blockscope.bench.analyzer.AnalyzerSpeedBenchmark
 *      [--file F.jfr] [--events 10000000] [--rounds 3] [--jmc-heap 6g] [--jfr-print-events 1000000|0]
 * </pre>
 *
 * The recording is written first when FILE does not exist. {@code --jfr-print-events N} also times
 * {@code jfr print --json} on an N-event recording of the same kind (output discarded).
 */
public final class AnalyzerSpeedBenchmark {
    private AnalyzerSpeedBenchmark() {}

    /** One contender: its name for {@link Contender} and the JVM options it runs with. */
    private record Entry(String name, List<String> jvmOptions) {}

    /** One run of one contender. */
    private record Run(long events, long nanos, long peakHeap, long wallNanos) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        long events = Long.parseLong(opts.getOrDefault("events", "10000000"));
        Path file = Path.of(opts.getOrDefault("file", "/tmp/blockscope-bench-" + events + ".jfr"));
        int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
        String jmcHeap = opts.getOrDefault("jmc-heap", "6g");
        long printEvents = Long.parseLong(opts.getOrDefault("jfr-print-events", "0"));
        if (!Files.exists(file)) {
            System.err.println("writing " + file + " (" + events + " events)...");
            LargeRecordingWriter.write(file, events);
        }
        Path slice = null;
        if (printEvents > 0) {
            slice = Path.of(file + ".slice-" + printEvents + ".jfr");
            if (!Files.exists(slice)) {
                System.err.println("writing " + slice + " (" + printEvents + " events)...");
                LargeRecordingWriter.write(slice, printEvents);
            }
        }
        List<Entry> entries = List.of(
                new Entry("blockscope", List.of("-Xmx1g")),
                new Entry("blockscope-recordingfile", List.of("-Xmx1g", "-Dblockscope.reader=jdk")),
                new Entry("blockscope-read-only", List.of("-Xmx1g")),
                new Entry("recordingfile-loop", List.of("-Xmx1g")),
                new Entry("jmc", List.of("-Xmx" + jmcHeap)));
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            for (Entry e : entries) {
                Run run = runContender(e, file);
                runs.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(run);
                System.err.printf("round %d %-26s %,d events in %.2f s, peak heap %,d MB%n", r, e.name(), run.events(),
                        run.nanos() / 1e9, run.peakHeap() >> 20);
            }
            if (slice != null) {
                Run run = jfrPrint(slice, printEvents);
                runs.computeIfAbsent("jfr print --json (" + printEvents + " events)", k -> new ArrayList<>()).add(run);
                System.err.printf("round %d jfr print --json: %.2f s%n", r, run.nanos() / 1e9);
            }
        }
        System.out.printf("file %s, %,d bytes; %d rounds, interleaved; median of each%n", file, Files.size(file), rounds);
        System.out.printf("%-36s %12s %10s %14s %10s %10s%n", "contender", "events", "read s", "events/s", "heap MB", "JVM s");
        Map<String, Double> rate = new LinkedHashMap<>();
        for (Map.Entry<String, List<Run>> e : runs.entrySet()) {
            List<Run> rs = e.getValue();
            long nanos = median(rs.stream().mapToLong(Run::nanos).toArray());
            long heap = median(rs.stream().mapToLong(Run::peakHeap).toArray());
            long wall = median(rs.stream().mapToLong(Run::wallNanos).toArray());
            long n = rs.getFirst().events();
            double perSecond = n / (nanos / 1e9);
            rate.put(e.getKey(), perSecond);
            System.out.printf("%-36s %,12d %10.2f %,14.0f %10s %10.2f%n", e.getKey(), n, nanos / 1e9, perSecond,
                    heap < 0 ? "-" : Long.toString(heap >> 20), wall / 1e9);
        }
        System.out.printf("blockscope analysis / JMC loader: %.2fx; / bare RecordingFile loop: %.2fx (budget: >= 1.5x JMC in a 1 GiB heap)%n",
                rate.get("blockscope") / rate.get("jmc"), rate.get("blockscope") / rate.get("recordingfile-loop"));
    }

    private static Run runContender(Entry e, Path file) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(e.jvmOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Contender.class.getName());
        cmd.add(e.name());
        cmd.add(file.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                }
            }
        }
        int exit = p.waitFor();
        long wall = System.nanoTime() - t0;
        if (exit != 0 || result == null) {
            throw new IllegalStateException(e.name() + " failed (exit " + exit + ")");
        }
        String[] f = result.split(" ");
        return new Run(Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]), wall);
    }

    private static Run jfrPrint(Path slice, long events) throws Exception {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(jfr.toString(), "print", "--json", slice.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = p.waitFor();
        long wall = System.nanoTime() - t0;
        if (exit != 0) {
            throw new IllegalStateException("jfr print failed (exit " + exit + ")");
        }
        return new Run(events, wall, -1, wall);
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
