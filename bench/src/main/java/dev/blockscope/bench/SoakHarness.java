package dev.blockscope.bench;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.read.StackTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The agent's end-to-end overhead on a soak of many virtual threads ({@link SoakWorkload}: pairs
 * that sleep, lock, enter a monitor and hand off over a {@code SynchronousQueue}, round after
 * round), each run a fresh child JVM: without agent, with the agent at its defaults and with
 * {@code stacks=off} (and, asked for with {@code -Dblockscope.bench.configs=0,1,2,3}, plain JFR),
 * interleaved run by run.
 *
 * <p>Per configuration it prints the medians (and the range) over the runs of the rounds per second
 * in the measured window, their ratio to no agent, the child's process CPU per round in that window
 * (JFR's and the agent's threads included), and the recording's size per second of its duration.
 * It checks each agent recording against the soak's ground truth: the soak counts every sleep of
 * the whole run exactly and starts once the recording runs, so the {@code blockscope.Suspend} (and
 * {@code EarlySuspend}) events with reason {@code sleep} of its virtual threads must be exactly as
 * many; "sleeps recorded N of M" says so per configuration, and a difference is printed loudly and
 * makes the harness exit with status 1 once everything is printed. The recordings are read with
 * the analyzer's own reader ({@link RecordingReader}), which reads whatever chunks a recording holds.
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.SoakHarness
 * [agent-jar] [min-max sleep ms] [measured-seconds] [warmup-seconds] [runs] [threads]} from the
 * repository root (defaults: {@code agent/target/blockscope-agent.jar 10-100 15 5 3 10000}).
 * {@code -Dblockscope.bench.childFlags="..."} adds flags to every child JVM;
 * {@code -Dblockscope.bench.keepRecordings=true} keeps the recordings (hundreds of MB per run).
 */
public final class SoakHarness {
    private SoakHarness() {}

    /**
     * Flags of every child: a fixed heap, so the agent's and JFR's allocations do not change how
     * the heap grows from one configuration to the next (10,000 parked virtual threads take
     * about 15 MB).
     */
    private static final List<String> CHILD_FLAGS = List.of("-Xms1g", "-Xmx1g");

    /** One configuration of the soak's JVM; {@code recording} null when it writes none. */
    private record Config(String name, List<String> flags, Path recording, boolean agent) {}

    /** What one run measured; {@code recorded} null without a recording. */
    private record Run(SoakWorkload.Result soak, Recorded recorded) {
        double mbPerSecond() {
            return recorded == null ? Double.NaN : recorded.bytes() / recorded.seconds() / 1e6;
        }
    }

    /**
     * What a recording holds.
     *
     * @param seconds       its duration (first chunk's start or earliest event to the last end)
     * @param eventsByType  every event by JFR name
     * @param soakSleeps    the soak's recorded sleeps: complete waits (blockscope's Suspend and
     *                      EarlySuspend) with reason {@code sleep} of its virtual threads
     * @param otherSleeps   the same of any other thread (the workload's main thread sleeps twice)
     * @param soakReasons   the soak threads' complete waits by reason
     * @param soakStacks    how many of those carry a stack
     * @param damage        what the reader could not read
     */
    private record Recorded(long bytes, double seconds, long events, Map<String, Long> eventsByType, long soakSleeps,
                            long otherSleeps, Map<String, Long> soakReasons, long soakStacks, List<String> damage) {
        long soakWaits() {
            return soakReasons.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        String range = args.length > 1 ? args[1] : "10-100";
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 10_000;
        double ceiling = 0;
        try {
            int[] ms = SoakWorkload.Settings.range(range);
            ceiling = new SoakWorkload.Settings(threads, ms[0], ms[1], warmup, seconds).ceilingRoundsPerSecond();
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
        }
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: agent jar " + agent + " not found; build it first (./mvnw -B -q -DskipTests package)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("blockscope-soak");
        PingPongHarness.childClasses(tmp.resolve("cp")); // HandOff's: the soak waits for the agent's recording as it does
        String classPath = ChildJvms.classPath(tmp.resolve("cp"), SoakWorkload.classes().toArray(Class<?>[]::new));
        String javaagent = "-javaagent:" + agent + "=log=off,cache=" + tmp.resolve("cache") + ",file=";
        Path defaults = tmp.resolve("agent.jfr");
        Path off = tmp.resolve("agent-stacks-off.jfr");
        Path plain = tmp.resolve("plain.jfr");
        Path before = tmp.resolve("baseline.jfr");
        String baseline = System.getProperty("blockscope.bench.baseline", "");
        List<Config> all = List.of(
                new Config("no agent", List.of(), null, false),
                new Config("agent, defaults", List.of(javaagent + defaults), defaults, true),
                new Config("agent, stacks=off", List.of(javaagent + off + ",stacks=off"), off, true),
                new Config("plain JFR (default profile)", List.of("-XX:StartFlightRecording:filename=" + plain), plain, false),
                new Config("baseline agent, defaults", List.of("-javaagent:" + (baseline.isEmpty() ? agent : Path.of(baseline).toAbsolutePath())
                        + "=log=off,cache=" + tmp.resolve("cache-baseline") + ",file=" + before), before, true));
        // -Dblockscope.bench.configs=0,1,3: only those rows (the first is the reference; 3, plain
        // JFR, and 4, -Dblockscope.bench.baseline=<an earlier agent jar> at its defaults, are not
        // run by default); -Dblockscope.bench.childFlags="...": more flags for every child
        List<Config> configs = new ArrayList<>();
        for (String i : System.getProperty("blockscope.bench.configs", "0,1,2").split(",")) {
            Config c = all.get(Integer.parseInt(i.trim()));
            List<String> flags = new ArrayList<>(CHILD_FLAGS);
            String extra = System.getProperty("blockscope.bench.childFlags", "").trim();
            if (!extra.isEmpty()) {
                flags.addAll(List.of(extra.split("\\s+")));
            }
            flags.addAll(c.flags());
            configs.add(new Config(c.name(), flags, c.recording(), c.agent()));
        }
        boolean keep = Boolean.getBoolean("blockscope.bench.keepRecordings");

        System.out.printf("blockscope soak harness: %d virtual threads in pairs, sleeps of %s ms, %d s measured after %d s of"
                + " warm-up, median of %d runs (configurations interleaved), JDK %s, load average at start %.2f%n",
                threads, range, seconds, warmup, repeats, Runtime.version(), PingPongHarness.loadAverage());
        System.out.printf("the sleeps alone allow at most %.0f rounds/s (a pair's round waits for the longer of its two sleeps);"
                + " %d CPUs%n", ceiling, Runtime.getRuntime().availableProcessors());
        // the agent's first start weaves the JDK classes into its cache: not measured
        ChildJvms.run(classPath, all.get(1).flags(), SoakWorkload.class.getName(), "200", range, "0", "1");
        Files.deleteIfExists(defaults);
        if (!baseline.isEmpty()) {
            ChildJvms.run(classPath, all.get(4).flags(), SoakWorkload.class.getName(), "200", range, "0", "1");
            Files.deleteIfExists(before);
        }
        Run[][] runs = new Run[configs.size()][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int c = 0; c < configs.size(); c++) {
                Config config = configs.get(c);
                if (config.recording() != null) {
                    Files.deleteIfExists(config.recording());
                }
                String out = ChildJvms.run(classPath, config.flags(), SoakWorkload.class.getName(), Integer.toString(threads),
                        range, Integer.toString(warmup), Integer.toString(seconds));
                SoakWorkload.Result soak = SoakWorkload.Result.parse(out);
                Recorded recorded = config.recording() == null ? null : recorded(config.recording());
                if (config.recording() != null) {
                    if (keep) {
                        Files.move(config.recording(), tmp.resolve((r + 1) + "-" + config.recording().getFileName()));
                    } else {
                        Files.delete(config.recording());
                    }
                }
                runs[c][r] = new Run(soak, recorded);
            }
        }
        int status = report(configs, runs);
        System.out.printf("load average at end %.2f; %s%n", PingPongHarness.loadAverage(),
                keep ? "recordings kept in " + tmp : "recordings deleted after reading (-Dblockscope.bench.keepRecordings=true keeps them)");
        System.exit(status);
    }

    /** Prints the tables; returns 1 when a recording disagrees with the ground truth or is damaged, else 0. */
    private static int report(List<Config> configs, Run[][] runs) {
        int n = configs.size();
        double bareRounds = median(runs[0], r -> r.soak().roundsPerSecond());
        double bareCpu = median(runs[0], r -> r.soak().cpuNanosPerRound());
        System.out.printf("%-28s %26s %7s %24s %7s %6s %20s   %s%n", "configuration", "rounds/s (min-max)", "x",
                "cpu us/round (min-max)", "cpu x", "cores", "MB/s (min-max)", "sleeps recorded (all runs)");
        boolean wrong = false;
        for (int c = 0; c < n; c++) {
            Run[] rs = runs[c];
            double rounds = median(rs, r -> r.soak().roundsPerSecond());
            double cpu = median(rs, r -> r.soak().cpuNanosPerRound());
            String mb = configs.get(c).recording() == null ? "" : String.format("%.1f (%.1f-%.1f)", median(rs, Run::mbPerSecond),
                    min(rs, Run::mbPerSecond), max(rs, Run::mbPerSecond));
            String sleeps = "";
            if (configs.get(c).agent()) {
                long recorded = Arrays.stream(rs).mapToLong(r -> r.recorded().soakSleeps()).sum();
                long truth = Arrays.stream(rs).mapToLong(r -> r.soak().sleeps()).sum();
                sleeps = String.format("%d of %d%s", recorded, truth, recorded == truth ? "" : "  <-- MISMATCH");
            }
            System.out.printf("%-28s %26s %6.2fx %24s %6.2fx %6.2f %20s   %s%n", configs.get(c).name(),
                    String.format("%.0f (%.0f-%.0f)", rounds, min(rs, r -> r.soak().roundsPerSecond()), max(rs, r -> r.soak().roundsPerSecond())),
                    rounds / bareRounds,
                    String.format("%.2f (%.2f-%.2f)", cpu / 1000, min(rs, r -> r.soak().cpuNanosPerRound()) / 1000,
                            max(rs, r -> r.soak().cpuNanosPerRound()) / 1000),
                    cpu / bareCpu, median(rs, r -> r.soak().coresUsed()), mb, sleeps);
        }
        System.out.println("(rounds/s: rounds of all threads in the measured window; x: median over no agent's median;"
                + " cpu: the child's process CPU per round in that window, JFR's and the agent's threads included;"
                + " cores: that CPU over the window's length;"
                + " MB/s: recording size over its duration; sleeps recorded: Suspend/EarlySuspend with reason sleep of"
                + " the soak's threads, against the sleeps the soak counted, whole runs)");
        System.out.println();

        for (int c = 0; c < n; c++) {
            Config config = configs.get(c);
            Run[] rs = runs[c];
            for (int r = 0; r < rs.length; r++) {
                String inconsistent = rs[r].soak().inconsistency();
                if (inconsistent != null) {
                    wrong = true;
                    System.out.printf("!!! %s, run %d: the soak's own counts do not add up: %s%n", config.name(), r + 1, inconsistent);
                }
                Recorded rec = rs[r].recorded();
                if (rec == null) {
                    continue;
                }
                if (!rec.damage().isEmpty()) {
                    wrong = true;
                    System.out.printf("!!! %s, run %d: the recording is damaged: %s%n", config.name(), r + 1, String.join("; ", rec.damage()));
                }
                if (config.agent() && rec.soakSleeps() != rs[r].soak().sleeps()) {
                    wrong = true;
                    long diff = rs[r].soak().sleeps() - rec.soakSleeps();
                    System.out.printf("!!! %s, run %d: sleeps recorded %d of %d: %d %s !!!%n", config.name(), r + 1,
                            rec.soakSleeps(), rs[r].soak().sleeps(), Math.abs(diff), diff > 0 ? "MISSING" : "TOO MANY");
                }
            }
            if (rs[0].recorded() == null) {
                continue;
            }
            long rounds = Arrays.stream(rs).mapToLong(r -> r.soak().rounds()).sum();
            Map<String, Long> reasons = new TreeMap<>();
            Map<String, Long> types = new TreeMap<>();
            long waits = 0, stacks = 0, events = 0, other = 0;
            double seconds = 0;
            for (Run r : rs) {
                r.recorded().soakReasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
                r.recorded().eventsByType().forEach((k, v) -> types.merge(k, v, Long::sum));
                waits += r.recorded().soakWaits();
                stacks += r.recorded().soakStacks();
                events += r.recorded().events();
                other += r.recorded().otherSleeps();
                seconds += r.recorded().seconds();
            }
            String exact = "";
            if (config.agent()) {
                long recorded = Arrays.stream(rs).mapToLong(r -> r.recorded().soakSleeps()).sum();
                long truth = Arrays.stream(rs).mapToLong(r -> r.soak().sleeps()).sum();
                boolean each = Arrays.stream(rs).allMatch(r -> r.recorded().soakSleeps() == r.soak().sleeps());
                exact = String.format("sleeps recorded %d of %d (%s), ", recorded, truth, each ? "every run exact" : "NOT EXACT, see above");
            }
            System.out.printf("%s: %s%d rounds in all runs, %.0f s recorded%n", config.name(), exact, rounds, seconds);
            if (config.agent()) {
                long total = rounds;
                System.out.println("  recorded per round (the soak's threads, complete waits by reason, in all): " + reasons.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .map(e -> String.format("%s %.3f (%d)", e.getKey(), (double) e.getValue() / total, e.getValue()))
                        .collect(Collectors.joining(", ")) + String.format("; %.1f%% of them with a stack", 100.0 * stacks / Math.max(1, waits))
                        + (other == 0 ? "" : String.format("; %d sleeps of other threads", other)));
            }
            long all = events;
            double secs = seconds;
            System.out.printf("  events: %.0f per second recorded; %s%n", events / seconds, types.entrySet().stream()
                    .filter(e -> e.getValue() >= all / 100)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> String.format("%s %.0f/s (%.0f%%)", e.getKey(), e.getValue() / secs, 100.0 * e.getValue() / all))
                    .collect(Collectors.joining(", ")) + " (types of 1% or more)");
        }
        System.out.println();
        System.out.println("Per run (rounds/s, cpu us/round, cores, MB/s), in run order:");
        for (int c = 0; c < n; c++) {
            StringBuilder line = new StringBuilder(String.format("  %-28s", configs.get(c).name()));
            for (Run r : runs[c]) {
                line.append(String.format(" [%.0f, %.2f, %.2f, %s]", r.soak().roundsPerSecond(), r.soak().cpuNanosPerRound() / 1000,
                        r.soak().coresUsed(), r.recorded() == null ? "-" : String.format("%.1f", r.mbPerSecond())));
            }
            System.out.println(line);
        }
        if (wrong) {
            System.out.println();
            System.out.println("!!! THE RECORDINGS DO NOT MATCH THE GROUND TRUTH (see the lines marked !!! above) !!!");
        }
        return wrong ? 1 : 0;
    }

    /** Reads {@code jfr} with the analyzer's reader and counts what the report prints. */
    private static Recorded recorded(Path jfr) throws IOException {
        long[] sleeps = new long[2]; // the soak's, others'
        long[] stacks = new long[1];
        Map<String, Long> reasons = new TreeMap<>();
        RecordingReader reader = RecordingReader.open(jfr);
        RecordingReader.Result result = reader.read(new StackTable(), e -> {
            // complete: blockscope's own waits (Suspend, EarlySuspend), not the JDK's thresholded events
            if (e instanceof TraceEvent.Blocked b && b.complete()) {
                boolean soak = isSoakThread(b.task());
                if (b.reason().equals("sleep")) {
                    sleeps[soak ? 0 : 1]++;
                }
                if (soak) {
                    reasons.merge(b.reason(), 1L, Long::sum);
                    if (b.stack() >= 0) {
                        stacks[0]++;
                    }
                }
            }
        }, RecordingReader.Progress.NONE);
        double seconds = (result.lastNanos() - result.firstNanos()) / 1e9;
        return new Recorded(reader.fileSize(), seconds, result.events(), result.eventsByType(), sleeps[0], sleeps[1], reasons,
                stacks[0], result.skipped().stream().map(RecordingReader.Skipped::what).toList());
    }

    /** The soak's threads are its virtual threads, named {@code soak-N}. */
    private static boolean isSoakThread(ThreadRef task) {
        return task != null && task.virtual() && task.name() != null && task.name().startsWith("soak-");
    }

    /** The median; of an even number of runs, the mean of the middle two (of 2 runs, not the larger). */
    private static double median(Run[] runs, ToDoubleFunction<Run> f) {
        double[] v = Arrays.stream(runs).mapToDouble(f).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private static double min(Run[] runs, ToDoubleFunction<Run> f) {
        return Arrays.stream(runs).mapToDouble(f).min().orElse(Double.NaN);
    }

    private static double max(Run[] runs, ToDoubleFunction<Run> f) {
        return Arrays.stream(runs).mapToDouble(f).max().orElse(Double.NaN);
    }
}
