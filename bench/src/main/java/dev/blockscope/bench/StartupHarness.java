package dev.blockscope.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's start-up cost: wall time from starting a child JVM (JDK 25) to the first line of
 * an empty {@link StartupMain} and to the JVM's exit after it, without agent, with plain JFR, and with the agent in its start-up
 * modes, the configurations interleaved round by round (so a change in the machine's load hits
 * all of them alike), with the load average before and after.
 *
 * <p>Usage: {@code java -cp bench/target/classes dev.blockscope.bench.StartupHarness
 * [agent-jar] [rounds]} from the repository root (default 9 rounds). The agent's woven-class
 * cache is a fresh directory: the first agent run fills it (not counted), so "agent" is a warm
 * start; "agent, cache=off" weaves with Byte Buddy every time, which is what the very first
 * start of an agent build on a JDK costs.
 */
public final class StartupHarness {
    private StartupHarness() {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: agent jar " + agent + " not found; build it first (./mvnw -pl agent package)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("blockscope-startup");
        childClassPath = ChildJvms.classPath(tmp.resolve("cp"), StartupMain.class);
        String javaagent = "-javaagent:" + agent + "=log=off,file=" + tmp.resolve("agent.jfr")
                + ",cache=" + tmp.resolve("cache");
        Map<String, List<String>> configs = new LinkedHashMap<>();
        configs.put("no agent", List.of());
        configs.put("plain JFR (-XX:StartFlightRecording)",
                List.of("-XX:StartFlightRecording:filename=" + tmp.resolve("plain.jfr")));
        configs.put("agent, defaults (startup=now, warm cache)", List.of(javaagent));
        configs.put("agent, startup=wait", List.of(javaagent + ",startup=wait"));
        configs.put("agent, startup=now, cache=off (cold)", List.of(javaagent + ",cache=off"));
        configs.put("agent, startup=background", List.of(javaagent + ",startup=background"));
        // -Dblockscope.bench.baseline=<an earlier agent jar>: its defaults (warm cache) beside
        String baseline = System.getProperty("blockscope.bench.baseline", "");
        String before = baseline.isEmpty() ? null : "-javaagent:" + Path.of(baseline).toAbsolutePath() + "=log=off,file="
                + tmp.resolve("baseline.jfr") + ",cache=" + tmp.resolve("cache-baseline");
        if (before != null) {
            configs.put("baseline agent, defaults (warm cache)", List.of(before));
        }

        String loadBefore = loadAverage();
        runChild(List.of(javaagent)); // fills the cache
        if (before != null) {
            runChild(List.of(before));
        }
        Map<String, double[]> toExit = new LinkedHashMap<>();
        Map<String, double[]> toMain = new LinkedHashMap<>();
        for (String name : configs.keySet()) {
            toExit.put(name, new double[rounds]);
            toMain.put(name, new double[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, List<String>> c : configs.entrySet()) {
                long epoch = System.currentTimeMillis();
                long t0 = System.nanoTime();
                long mainStarted = runChild(c.getValue());
                toExit.get(c.getKey())[r] = (System.nanoTime() - t0) / 1e6;
                toMain.get(c.getKey())[r] = mainStarted - epoch;
            }
        }
        String loadAfter = loadAverage();

        System.out.printf("blockscope start-up: JVM start to an empty main and to exit, %d interleaved rounds, JDK %s%n",
                rounds, Runtime.version());
        System.out.printf("load average (1, 5, 15 min) before: %s; after: %s%n", loadBefore, loadAfter);
        table("to main's first line", toMain);
        table("to exit (recording written)", toExit);
    }

    private static void table(String title, Map<String, double[]> millis) {
        System.out.printf("%n%-44s %8s %8s %8s %10s%n", title, "median", "min", "max", "added");
        double bare = median(millis.get("no agent"));
        for (Map.Entry<String, double[]> m : millis.entrySet()) {
            double[] v = m.getValue().clone();
            Arrays.sort(v);
            System.out.printf("%-44s %6.0f ms %6.0f ms %6.0f ms %7.0f ms%n", m.getKey(), median(v), v[0],
                    v[v.length - 1], median(v) - bare);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }

    /** Only {@link StartupMain}: the class path is part of what a JVM opens at start (see {@link ChildJvms#classPath}). */
    private static String childClassPath;

    /** Runs {@link StartupMain}; returns the epoch ms its main began. */
    private static long runChild(List<String> jvmFlags) throws Exception {
        String out = ChildJvms.run(childClassPath, jvmFlags, StartupMain.class.getName());
        for (String line : out.split("\n")) {
            if (line.startsWith("MAIN-STARTED ")) {
                return Long.parseLong(line.substring(13).trim());
            }
        }
        throw new IllegalStateException("child printed no MAIN-STARTED line: " + out);
    }
}
