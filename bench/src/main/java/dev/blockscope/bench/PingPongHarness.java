package dev.blockscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The end-to-end overhead harness: runs {@link HandOff} in child JVMs (JDK 25) without and with
 * the agent, and prints side by side the cost per hand-off and what the agent adds per recorded
 * suspension. Start-up is {@link StartupHarness}'s.
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.PingPongHarness
 * [agent-jar] [rounds] [repeats] [baseline-agent-jar|-]} from the repository root.
 * The configurations run interleaved (run 1 of each, then run 2 of each, ...); a baseline jar
 * (say, the previous build) adds its rows to the same run, so the two agents compare under the
 * same load. Each child warms up for {@code -Dblockscope.bench.warmup=} (a duration, {@code 3s}
 * unless given: the steady state) or, with {@code cold}, for a quarter of the measured round trips
 * only (a JVM's first fraction of a second, see {@link #warmup}).
 */
public final class PingPongHarness {
    private PingPongHarness() {}

    private static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";
    private static final String ONE_CARRIER_MAX = "-Djdk.virtualThreadScheduler.maxPoolSize=1";

    /** One configuration of the child JVM: its name, flags, and the HandOff arguments. */
    private record Config(String name, List<String> flags, String... args) {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        // optional: a second agent jar (e.g. the previous build) measured in the same run
        Path baseline = args.length > 3 && !args[3].equals("-") ? Path.of(args[3]).toAbsolutePath() : null;
        for (Path jar : baseline == null ? List.of(agent) : List.of(agent, baseline)) {
            if (!Files.isRegularFile(jar)) {
                System.err.println("bench: agent jar " + jar + " not found; build it first (./mvnw -pl agent package)");
                System.exit(2);
            }
        }
        Path tmp = Files.createTempDirectory("blockscope-bench");
        childClassPath = childClasses(tmp.resolve("classes"));
        String jfrAgent = "-javaagent:" + agent + "=log=off,file=" + tmp.resolve("bench.jfr");
        String warmup = warmup(rounds);
        String n = Integer.toString(rounds);
        String platformRounds = Integer.toString(Math.max(1000, rounds / 20));

        List<Config> configs = new ArrayList<>(List.of(
                new Config("platform threads", List.of(), "platform", warmup, platformRounds),
                new Config("virtual threads, parallelism=1", List.of(ONE_CARRIER, ONE_CARRIER_MAX), "virtual", warmup, n),
                new Config("virtual + plain JFR (default profile)", List.of(ONE_CARRIER, ONE_CARRIER_MAX,
                        "-XX:StartFlightRecording:filename=" + tmp.resolve("plain.jfr")), "virtual", warmup, n),
                new Config("virtual + agent, stacks=off", List.of(ONE_CARRIER, ONE_CARRIER_MAX, jfrAgent + ",stacks=off"),
                        "virtual", warmup, n),
                new Config("virtual + agent, default (stacks >= 1 ms)", List.of(ONE_CARRIER, ONE_CARRIER_MAX, jfrAgent),
                        "virtual", warmup, n),
                new Config("virtual + agent, stacks=on", List.of(ONE_CARRIER, ONE_CARRIER_MAX, jfrAgent + ",stacks=on"),
                        "virtual", warmup, n),
                // the flight recorder while nothing triggers: every suspension is checked against the rules
                new Config("virtual + agent, flight=30s, dumpon=pinned>20ms+wait>5s+latency>100ms (nothing triggers)",
                        List.of(ONE_CARRIER, ONE_CARRIER_MAX, jfrAgent + ",flight=30s,dumpon=pinned>20ms+wait>5s+latency>100ms"),
                        "virtual", warmup, n)));
        if (baseline != null) {
            String base = "-javaagent:" + baseline + "=log=off,file=" + tmp.resolve("baseline.jfr");
            configs.add(new Config("virtual + baseline agent, stacks=off", List.of(ONE_CARRIER, ONE_CARRIER_MAX,
                    base + ",stacks=off"), "virtual", warmup, n));
            configs.add(new Config("virtual + baseline agent, default", List.of(ONE_CARRIER, ONE_CARRIER_MAX, base),
                    "virtual", warmup, n));
        }

        System.out.printf("blockscope ping-pong harness: %d round trips per run after a warm-up of %s, median of %d runs"
                + " (configurations interleaved), JDK %s, load average at start %.2f%n", rounds,
                warmup.endsWith("s") ? warmup : warmup + " round trips", repeats, Runtime.version(), loadAverage());
        // Interleaved: run r of every configuration before run r+1 of any, so a change in the
        // machine's load during the run hits all configurations alike.
        double[][] wall = new double[configs.size()][repeats];
        double[][] cpu = new double[configs.size()][repeats];
        double[][] taskCpu = new double[configs.size()][repeats];
        for (int r = 0; r < repeats; r++) {
            for (int c = 0; c < configs.size(); c++) {
                Config config = configs.get(c);
                String out = runChild(config.flags(), HandOff.class.getName(), config.args());
                wall[c][r] = value(out, "ns-per-handoff=");
                cpu[c][r] = value(out, "cpu-ns-per-handoff=");
                taskCpu[c][r] = value(out, "task-cpu-ns-per-handoff=");
            }
        }
        double[][] medians = new double[configs.size()][];
        for (int c = 0; c < configs.size(); c++) {
            medians[c] = new double[] {median(wall[c]), median(cpu[c]), median(taskCpu[c])};
        }
        double[] virtual = medians[1];
        System.out.printf("%-46s %12s %12s %12s %10s %10s %10s%n", "configuration", "wall ns/h-o", "cpu ns/h-o",
                "task cpu", "wall x", "cpu x", "task x");
        for (int c = 0; c < configs.size(); c++) {
            System.out.printf("%-46s %12.0f %12.0f %12.0f %9.2fx %9.2fx %9.2fx%n", configs.get(c).name(), medians[c][0],
                    medians[c][1], medians[c][2], medians[c][0] / virtual[0], medians[c][1] / virtual[1], medians[c][2] / virtual[2]);
        }
        System.out.println("(task cpu: CPU time of the threads that ran the hand-offs, the carrier for virtual threads;"
                + " least disturbed by other load)");
        System.out.printf("load average at end %.2f%n", loadAverage());
        System.out.println();
        System.out.println("Each hand-off records one blockscope.Suspend (its wake-up inside it).");
        System.out.printf("wall ns added per recorded suspension: stacks=off %.0f, default %.0f, stacks=on %.0f%n",
                medians[3][0] - virtual[0], medians[4][0] - virtual[0], medians[5][0] - virtual[0]);
        System.out.printf("CPU ns added per recorded suspension: stacks=off %.0f, default %.0f, stacks=on %.0f%n",
                medians[3][1] - virtual[1], medians[4][1] - virtual[1], medians[5][1] - virtual[1]);
        System.out.printf("task CPU ns added per recorded suspension: stacks=off %.0f, default %.0f, stacks=on %.0f%n",
                medians[3][2] - virtual[2], medians[4][2] - virtual[2], medians[5][2] - virtual[2]);
        System.out.println("Per run (wall ns/hand-off, in run order):");
        for (int c = 0; c < configs.size(); c++) {
            System.out.printf("  %-44s %s  task cpu %s%n", configs.get(c).name(),
                    Arrays.toString(Arrays.stream(wall[c]).mapToLong(Math::round).toArray()),
                    Arrays.toString(Arrays.stream(taskCpu[c]).mapToLong(Math::round).toArray()));
        }
    }

    /** The class path of the child JVMs: only the workloads (see {@link #childClasses}). */
    static String childClassPath;

    /** The child JVMs' class path: only the workloads (see {@link ChildJvms#classPath}). */
    static String childClasses(Path dir) throws IOException {
        return ChildJvms.classPath(dir, HandOff.class, FloorSuspendEvent.class, ExplicitTimes.class,
                BatchedSuspendEvent.class, SuspensionRings.class, SuspensionRings.Ring.class, SuspensionRings.Encoder.class);
    }

    /**
     * The child's warm-up ({@code -Dblockscope.bench.warmup=}): a duration, {@code 3s} unless
     * given, so the agent's JVM measures its steady state (the agent's clock is calibrated two
     * seconds after its recording starts, and the code that reads it compiled again); or
     * {@code cold}: a quarter of the measured round trips, about 50 ms, so the measured round
     * trips are a JVM's first fraction of a second, its JIT still compiling (the harness's only
     * warm-up before 2026-12-08).
     */
    static String warmup(int rounds) {
        String w = System.getProperty("blockscope.bench.warmup", "3s");
        if (w.equals("cold")) {
            return Integer.toString(rounds / 4);
        }
        if (!w.matches("\\d+(ms|s)")) {
            System.err.println("bench: -Dblockscope.bench.warmup=" + w + ": give a duration (3s, 500ms) or cold");
            System.exit(2);
        }
        return w;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static double value(String out, String key) {
        String line = out.lines().filter(l -> l.startsWith(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("child printed no " + key + ": " + out));
        return Double.parseDouble(line.substring(key.length()));
    }

    static String runChild(List<String> jvmFlags, String mainClass, String... args) throws IOException, InterruptedException {
        return ChildJvms.run(childClassPath, jvmFlags, mainClass, args);
    }
}
