package dev.blockscope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The floor under the agent: what a JFR recording, the agent's three clock readings per hand-off
 * and one commit per hand-off each cost without the agent. Runs {@link HandOff} in child JVMs on
 * one carrier, in the modes {@code none}, {@code clocks}, {@code both} (one commit per hand-off,
 * timed by JFR), {@code explicit} (three readings and one commit timed by them, the agent's
 * shape) and {@code batch} (the deferred prototype, see {@link SuspensionRings}), with no
 * recording, a recording with no event enabled and the default recording, and with a java agent
 * that does nothing ({@link NoopAgent}: what being an agent costs a hand-off), interleaved run by run,
 * and prints medians per hand-off with each row's carrier CPU over plain virtual threads and
 * over the recording alone.
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar
 * dev.blockscope.bench.CommitFloorHarness [rounds] [repeats] [agent-jar]}; with an agent jar, the
 * agent at {@code stacks=off} and at its defaults is measured in the same run. The warm-up is
 * {@link PingPongHarness}'s ({@code -Dblockscope.bench.warmup=}).
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
        String w = PingPongHarness.warmup(rounds);
        String n = Integer.toString(rounds);
        String pw = Integer.toString(Math.max(1000, rounds / 20));
        List<String> one = List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1");
        List<String> jfr = List.of("-XX:StartFlightRecording:filename=" + tmp.resolve("floor.jfr"));
        List<String> jfrNone = List.of("-XX:StartFlightRecording:settings=none,filename=" + tmp.resolve("none.jfr"));
        List<String> noop = List.of("-javaagent:" + NoopAgent.write(tmp.resolve("noop-agent.jar")));
        List<Config> configs = new ArrayList<>(List.of(
                new Config("virtual, no JFR", one, "virtual", w, n, "none"),
                new Config("virtual, no JFR, 3 clock readings", one, "virtual", w, n, "clocks"),
                new Config("virtual + JFR (no events enabled)", concat(one, jfrNone), "virtual", w, n, "none"),
                new Config("virtual + JFR, no commit", concat(one, jfr), "virtual", w, n, "none"),
                new Config("virtual + JFR, 3 clock readings", concat(one, jfr), "virtual", w, n, "clocks"),
                new Config("virtual + JFR, 1 commit (JFR's 2 readings)", concat(one, jfr), "virtual", w, n, "both"),
                new Config("virtual + JFR, 3 readings + 1 commit timed by them", concat(one, jfr), "virtual", w, n, "explicit"),
                new Config("virtual + JFR, batch (drain thread)", concat(one, jfr), "virtual", w, n, "batch"),
                new Config("virtual + JFR, 3 readings + ring, drain encodes", concat(one, jfr), "virtual", w, n, "encode"),
                new Config("virtual, no JFR, 3 readings + ring, drain encodes", one, "virtual", w, n, "encode"),
                // any -javaagent makes the JVM track each mount and unmount for JVMTI
                new Config("virtual + JFR + a no-op java agent", concat(concat(one, jfr), noop), "virtual", w, n, "none"),
                new Config("virtual + JFR + no-op agent, 3 readings + ring, encode", concat(concat(one, jfr), noop), "virtual", w, n,
                        "encode")));
        if (agent != null) {
            configs.add(new Config("virtual + agent, stacks=off", concat(one, List.of("-javaagent:" + agent
                    + "=log=off,stacks=off,file=" + tmp.resolve("agent.jfr"))), "virtual", w, n, "none"));
            configs.add(new Config("virtual + agent, defaults", concat(one, List.of("-javaagent:" + agent
                    + "=log=off,file=" + tmp.resolve("agent-default.jfr"))), "virtual", w, n, "none"));
        }
        System.out.printf("commit floor: %d round trips after a warm-up of %s, median of %d interleaved runs, JDK %s, load %.2f%n",
                rounds, w.endsWith("s") ? w : w + " round trips", repeats, Runtime.version(), PingPongHarness.loadAverage());
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
                if (config.args()[3].equals("batch") || config.args()[3].equals("encode")) {
                    String note = config.args()[3] + (config.flags().size() > one.size() ? "" : " (no JFR)") + ": "
                            + out.lines().filter(l -> l.startsWith("batched") || l.startsWith("drain"))
                            .reduce((a, b) -> a + " " + b).orElse("");
                    batchNotes[r] = batchNotes[r] == null ? note : batchNotes[r] + "; " + note;
                }
            }
        }
        System.out.printf("%-52s %8s %8s %9s %8s %9s %8s%n", "configuration", "wall ns", "cpu ns", "task cpu",
                "wall x", "+ virtual", "+ JFR");
        double base = PingPongHarness.median(task[0]);
        double baseWall = PingPongHarness.median(wall[0]);
        double recording = PingPongHarness.median(task[3]);
        for (int c = 0; c < configs.size(); c++) {
            double t = PingPongHarness.median(task[c]);
            double wl = PingPongHarness.median(wall[c]);
            System.out.printf("%-52s %8.0f %8.0f %9.0f %7.2fx %9.0f %8s%n", configs.get(c).name(), wl,
                    PingPongHarness.median(cpu[c]), t, wl / baseWall, t - base,
                    c > 3 ? String.format("%.0f", t - recording) : "");
        }
        System.out.printf("load at end %.2f%n", PingPongHarness.loadAverage());
        System.out.println("per run, task cpu ns/hand-off:");
        for (int c = 0; c < configs.size(); c++) {
            System.out.printf("  %-50s %s%n", configs.get(c).name(),
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
