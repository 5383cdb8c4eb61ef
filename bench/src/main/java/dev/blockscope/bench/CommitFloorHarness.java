package dev.blockscope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one in-context JFR commit per hand-off costs with no agent: runs {@link HandOff} in child
 * JVMs on one carrier with and without a recording, with each side committing a
 * {@link FloorSuspendEvent} per round ({@code both}), only one side committing ({@code one}), and
 * the deferred prototype ({@code batch}, see {@link SuspensionRings}), plus platform threads
 * with and without commits, interleaved run by run, and prints medians per hand-off.
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar
 * dev.blockscope.bench.CommitFloorHarness [rounds] [repeats] [agent-jar]}; with an agent jar, the
 * agent at {@code stacks=off} is measured in the same run.
 */
public final class CommitFloorHarness {
    private CommitFloorHarness() {}

    private record Config(String name, List<String> flags, String... args) {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path agent = args.length > 2 ? Path.of(args[2]).toAbsolutePath() : null;
        Path tmp = Files.createTempDirectory("blockscope-floor");
        PingPongHarness.childClassPath = PingPongHarness.childClasses(tmp.resolve("classes"));
        String w = Integer.toString(rounds / 4);
        String n = Integer.toString(rounds);
        String pw = Integer.toString(Math.max(1000, rounds / 20));
        List<String> one = List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1");
        List<String> jfr = List.of("-XX:StartFlightRecording:filename=" + tmp.resolve("floor.jfr"));
        List<Config> configs = new ArrayList<>(List.of(
                new Config("virtual, no JFR", one, "virtual", w, n, "none"),
                new Config("virtual + JFR, no commit", concat(one, jfr), "virtual", w, n, "none"),
                new Config("virtual + JFR, both sides commit", concat(one, jfr), "virtual", w, n, "both"),
                new Config("virtual + JFR, one side commits", concat(one, jfr), "virtual", w, n, "one"),
                new Config("virtual + JFR, batch (drain thread)", concat(one, jfr), "virtual", w, n, "batch"),
                new Config("platform + JFR, no commit", jfr, "platform", w, pw, "none"),
                new Config("platform + JFR, both sides commit", jfr, "platform", w, pw, "both")));
        if (agent != null) {
            configs.add(new Config("virtual + agent, stacks=off", concat(one, List.of("-javaagent:" + agent
                    + "=log=off,stacks=off,file=" + tmp.resolve("agent.jfr"))), "virtual", w, n, "none"));
        }
        System.out.printf("commit floor: %d round trips, median of %d interleaved runs, JDK %s, load %.2f%n", rounds,
                repeats, Runtime.version(), PingPongHarness.loadAverage());
        double[][] wall = new double[configs.size()][repeats];
        double[][] cpu = new double[configs.size()][repeats];
        double[][] task = new double[configs.size()][repeats];
        String[] batchNotes = new String[repeats];
        for (int r = 0; r < repeats; r++) {
            for (int c = 0; c < configs.size(); c++) {
                Config config = configs.get(c);
                String out = PingPongHarness.runChild(config.flags(), HandOff.class.getName(), config.args());
                wall[c][r] = PingPongHarness.value(out, "ns-per-handoff=");
                cpu[c][r] = PingPongHarness.value(out, "cpu-ns-per-handoff=");
                task[c][r] = PingPongHarness.value(out, "task-cpu-ns-per-handoff=");
                if (config.args()[3].equals("batch")) {
                    batchNotes[r] = out.lines().filter(l -> l.startsWith("batched") || l.startsWith("drain"))
                            .reduce((a, b) -> a + " " + b).orElse("");
                }
            }
        }
        System.out.printf("%-40s %10s %10s %10s %8s%n", "configuration", "wall ns", "cpu ns", "task cpu", "task +");
        double base = PingPongHarness.median(task[0]);
        for (int c = 0; c < configs.size(); c++) {
            double t = PingPongHarness.median(task[c]);
            System.out.printf("%-40s %10.0f %10.0f %10.0f %8.0f%n", configs.get(c).name(),
                    PingPongHarness.median(wall[c]), PingPongHarness.median(cpu[c]), t,
                    c < 5 || c == 7 ? t - base : t - PingPongHarness.median(task[5]));
        }
        System.out.printf("load at end %.2f%n", PingPongHarness.loadAverage());
        System.out.println("per run, task cpu ns/hand-off:");
        for (int c = 0; c < configs.size(); c++) {
            System.out.printf("  %-38s %s%n", configs.get(c).name(),
                    Arrays.toString(Arrays.stream(task[c]).mapToLong(Math::round).toArray()));
        }
        System.out.println("batch runs: " + String.join(" | ", batchNotes));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
