package dev.blockscope.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The end-to-end overhead harness: runs {@link HandOff} in child JVMs (JDK 25) without and with
 * the agent, and prints side by side the cost per hand-off and what the agent adds per recorded
 * suspension, then the JVM start-up cost with and without the agent (median of several runs).
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.PingPongHarness
 * [agent-jar] [rounds] [repeats]} from the repository root.
 */
public final class PingPongHarness {
    private PingPongHarness() {}

    private static final String ONE_CARRIER = "-Djdk.virtualThreadScheduler.parallelism=1";
    private static final String ONE_CARRIER_MAX = "-Djdk.virtualThreadScheduler.maxPoolSize=1";

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: agent jar " + agent + " not found; build it first (./mvnw -pl agent package)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("blockscope-bench");
        String jfrAgent = "-javaagent:" + agent + "=log=off,file=" + tmp.resolve("bench.jfr");
        String warmup = Integer.toString(rounds / 4);
        String n = Integer.toString(rounds);
        String platformRounds = Integer.toString(Math.max(1000, rounds / 20));

        System.out.printf("blockscope ping-pong harness: %d round trips per run, median of %d runs, JDK %s%n",
                rounds, repeats, Runtime.version());
        System.out.printf("%-46s %14s %14s %12s%n", "configuration", "wall ns/h-o", "cpu ns/h-o", "cpu vs virt");
        double[] platform = median(repeats, List.of(), "platform", warmup, platformRounds);
        double[] virtual = median(repeats, List.of(ONE_CARRIER, ONE_CARRIER_MAX), "virtual", warmup, n);
        row("platform threads", platform, virtual);
        row("virtual threads, parallelism=1", virtual, virtual);
        double[] jfr = median(repeats, List.of(ONE_CARRIER, ONE_CARRIER_MAX,
                "-XX:StartFlightRecording:filename=" + tmp.resolve("plain.jfr")), "virtual", warmup, n);
        row("virtual + plain JFR (default profile)", jfr, virtual);
        double[] off = median(repeats, List.of(ONE_CARRIER, ONE_CARRIER_MAX, jfrAgent + ",stacks=off"), "virtual", warmup, n);
        row("virtual + agent, stacks=off", off, virtual);
        double[] dflt = median(repeats, List.of(ONE_CARRIER, ONE_CARRIER_MAX, jfrAgent), "virtual", warmup, n);
        row("virtual + agent, default (stacks >= 1 ms)", dflt, virtual);
        double[] all = median(repeats, List.of(ONE_CARRIER, ONE_CARRIER_MAX, jfrAgent + ",stacks=on"), "virtual", warmup, n);
        row("virtual + agent, stacks=on", all, virtual);
        System.out.println();
        System.out.println("Each hand-off records one blockscope.Suspend and one blockscope.Unpark.");
        System.out.printf("CPU added per recorded suspension (incl. its unpark): stacks=off %.0f ns, default %.0f ns, stacks=on %.0f ns%n",
                off[1] - virtual[1], dflt[1] - virtual[1], all[1] - virtual[1]);
        System.out.printf("wall slowdown vs. no agent: stacks=off %.2fx, default %.2fx, stacks=on %.2fx%n",
                off[0] / virtual[0], dflt[0] / virtual[0], all[0] / virtual[0]);

        System.out.println();
        System.out.printf("%-46s %14s%n", "JVM start to exit of an empty main", "median ms");
        double bare = startup(repeats, List.of());
        double withJfr = startup(repeats, List.of("-XX:StartFlightRecording:filename=" + tmp.resolve("s0.jfr")));
        double withAgent = startup(repeats, List.of(jfrAgent));
        System.out.printf("%-46s %14.0f%n", "no agent", bare);
        System.out.printf("%-46s %14.0f%n", "plain JFR (-XX:StartFlightRecording)", withJfr);
        System.out.printf("%-46s %14.0f%n", "agent (all probes)", withAgent);
        System.out.printf("agent start-up cost: %.0f ms over no agent%n", withAgent - bare);
    }

    private static void row(String name, double[] ns, double[] virtual) {
        System.out.printf("%-46s %14.0f %14.0f %11.2fx%n", name, ns[0], ns[1], ns[1] / virtual[1]);
    }

    /** Median wall and CPU nanoseconds per hand-off over {@code repeats} child JVMs. */
    private static double[] median(int repeats, List<String> jvmFlags, String... args) throws Exception {
        double[] wall = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            String out = runChild(jvmFlags, HandOff.class.getName(), args);
            wall[i] = value(out, "ns-per-handoff=");
            cpu[i] = value(out, "cpu-ns-per-handoff=");
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[repeats / 2], cpu[repeats / 2]};
    }

    private static double value(String out, String key) {
        String line = out.lines().filter(l -> l.startsWith(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("child printed no " + key + ": " + out));
        return Double.parseDouble(line.substring(key.length()));
    }

    private static double startup(int repeats, List<String> jvmFlags) throws Exception {
        double[] values = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            runChild(jvmFlags, EmptyMain.class.getName());
            values[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(values);
        return values[repeats / 2];
    }

    private static String runChild(List<String> jvmFlags, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }
}
