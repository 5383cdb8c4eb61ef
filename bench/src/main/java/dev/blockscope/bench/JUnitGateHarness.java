package dev.blockscope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the JUnit extension adds per test method: a child JVM with the agent runs
 * {@link GateWorkload}'s test, plain and under the gates ({@code @NoPinning}, {@code @MaxBlocked},
 * {@code @MaxSchedLatency}), {@value GateWorkload#TESTS} tests a round, the two alternating round by
 * round, each round reported. Each configuration runs in JVMs of its own, alternating: the extension as
 * shipped (its analyzer warm-up starting with the launcher's session) and with the warm-up off
 * ({@code -Dblockscope.junit.warmup=off}), where the first gated test loads the analyzer's classes
 * and the first rounds run its code before the JIT compiled it.
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.JUnitGateHarness
 * [agent-jar] [rounds] [jvms]} (default 10 rounds, 1 JVM per configuration). The child's class path is the bench jar, which holds
 * the JUnit launcher, the extension and the analyzer (and this build's agent classes, which the
 * agent jar's then defer to: use the same build's jar).
 */
public final class JUnitGateHarness {
    private JUnitGateHarness() {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int jvms = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: agent jar " + agent + " not found; build it first (./mvnw -pl agent -am package)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("blockscope-junit-gates");
        String cp = Path.of(JUnitGateHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String load = StartupHarness.loadAverage();
        // per configuration, per JVM: the rounds of each kind
        Map<String, List<Map<String, List<double[]>>>> runs = new LinkedHashMap<>();
        for (int j = 0; j < jvms; j++) {
            List<String> order = j % 2 == 0 ? List.of(WARM, COLD) : List.of(COLD, WARM);
            for (String config : order) {
                List<String> flags = new ArrayList<>();
                flags.add("-javaagent:" + agent + "=log=off,file=" + tmp.resolve("gates-" + j + "-" + config + ".jfr"));
                if (config.equals(COLD)) {
                    flags.add("-Dblockscope.junit.warmup=off");
                }
                String out = ChildJvms.run(cp, flags, GateWorkload.class.getName(), String.valueOf(rounds + 1));
                Map<String, List<double[]>> byKind = new LinkedHashMap<>();
                for (String line : out.lines().toList()) {
                    if (line.startsWith("ROUND ")) {
                        String[] f = line.split(" ");
                        double[] t = Arrays.stream(f, 3, f.length).mapToDouble(Double::parseDouble).toArray();
                        byKind.computeIfAbsent(f[2], k -> new ArrayList<>()).add(t);
                    }
                }
                runs.computeIfAbsent(config, k -> new ArrayList<>()).add(byKind);
            }
        }
        System.out.printf(Locale.ROOT, "JUnit extension: %d tests a round, plain and gated alternating; %d JVM(s) per configuration,"
                + " the two alternating; load %s -> %s%n", GateWorkload.TESTS, jvms, load, StartupHarness.loadAverage());
        for (Map.Entry<String, List<Map<String, List<double[]>>>> config : runs.entrySet()) {
            report(config.getKey(), config.getValue());
        }
    }

    /** The extension as shipped: the analyzer warmed up in the background from the session's start. */
    private static final String WARM = "warm-up on";
    /** {@code -Dblockscope.junit.warmup=off}: the first gated tests load and compile the analyzer. */
    private static final String COLD = "warm-up off";

    /** One configuration's table: each figure the median over its JVMs. */
    private static void report(String config, List<Map<String, List<double[]>>> jvms) {
        System.out.println();
        System.out.println(config + " (each figure: the median over " + jvms.size() + " JVM(s))");
        System.out.println("| round | plain: median / mean per test | gated: median / mean per test | added: median / mean |");
        System.out.println("|---:|---:|---:|---:|");
        int rounds = jvms.stream().mapToInt(m -> Math.min(m.get("Plain").size(), m.get("Gated").size())).min().orElse(0);
        List<Double> addedMedians = new ArrayList<>();
        List<Double> addedMeans = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            int round = r;
            double pMed = acrossJvms(jvms, m -> median(m.get("Plain").get(round)));
            double pMean = acrossJvms(jvms, m -> mean(m.get("Plain").get(round)));
            double gMed = acrossJvms(jvms, m -> median(m.get("Gated").get(round)));
            double gMean = acrossJvms(jvms, m -> mean(m.get("Gated").get(round)));
            double aMed = acrossJvms(jvms, m -> median(m.get("Gated").get(round)) - median(m.get("Plain").get(round)));
            double aMean = acrossJvms(jvms, m -> mean(m.get("Gated").get(round)) - mean(m.get("Plain").get(round)));
            System.out.printf(Locale.ROOT, "| %d | %.2f / %.2f ms | %.2f / %.2f ms | %+.2f / %+.2f ms |%n", r, pMed, pMean, gMed, gMean,
                    aMed, aMean);
            if (r >= 2) {
                addedMedians.add(aMed);
                addedMeans.add(aMean);
            }
        }
        System.out.printf(Locale.ROOT, "first test of the JVM: plain %.1f ms, gated %.1f ms; slowest gated test %.1f ms%n",
                acrossJvms(jvms, m -> m.get("Plain").getFirst()[0]), acrossJvms(jvms, m -> m.get("Gated").getFirst()[0]),
                acrossJvms(jvms, m -> m.get("Gated").stream().flatMapToDouble(Arrays::stream).max().orElse(0)));
        if (!addedMedians.isEmpty()) {
            System.out.printf(Locale.ROOT, "added per test from round 2 on: median of the rounds' medians %+.2f ms, of their means %+.2f ms%n",
                    median(addedMedians.stream().mapToDouble(Double::doubleValue).toArray()),
                    median(addedMeans.stream().mapToDouble(Double::doubleValue).toArray()));
        }
    }

    private static double acrossJvms(List<Map<String, List<double[]>>> jvms, java.util.function.ToDoubleFunction<Map<String, List<double[]>>> f) {
        return median(jvms.stream().mapToDouble(f).toArray());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(0);
    }
}
