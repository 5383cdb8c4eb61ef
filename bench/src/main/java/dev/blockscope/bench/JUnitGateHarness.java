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
 * round, each round reported: the first gated test loads the analyzer's classes, and the first
 * rounds run its code before the JIT compiled it.
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.JUnitGateHarness
 * [agent-jar] [rounds]} (default 10 rounds). The child's class path is the bench jar, which holds
 * the JUnit launcher, the extension and the analyzer (and this build's agent classes, which the
 * agent jar's then defer to: use the same build's jar).
 */
public final class JUnitGateHarness {
    private JUnitGateHarness() {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: agent jar " + agent + " not found; build it first (./mvnw -pl agent -am package)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("blockscope-junit-gates");
        String cp = Path.of(JUnitGateHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        String load = StartupHarness.loadAverage();
        String out = ChildJvms.run(cp, List.of("-javaagent:" + agent + "=log=off,file=" + tmp.resolve("gates.jfr")),
                GateWorkload.class.getName(), String.valueOf(rounds + 1));
        Map<String, List<double[]>> byKind = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("ROUND ")) {
                String[] f = line.split(" ");
                double[] t = Arrays.stream(f, 3, f.length).mapToDouble(Double::parseDouble).toArray();
                byKind.computeIfAbsent(f[2], k -> new ArrayList<>()).add(t);
            }
        }
        System.out.printf(Locale.ROOT, "JUnit extension: %d tests a round, plain and gated alternating; load %s -> %s%n",
                GateWorkload.TESTS, load, StartupHarness.loadAverage());
        System.out.println("| round | plain: median / mean per test | gated: median / mean per test | added: median / mean |");
        System.out.println("|---:|---:|---:|---:|");
        List<double[]> plain = byKind.get("Plain");
        List<double[]> gated = byKind.get("Gated");
        List<Double> addedMedians = new ArrayList<>();
        List<Double> addedMeans = new ArrayList<>();
        for (int r = 0; r < Math.min(plain.size(), gated.size()); r++) {
            double[] p = plain.get(r);
            double[] g = gated.get(r);
            System.out.printf(Locale.ROOT, "| %d | %.2f / %.2f ms | %.2f / %.2f ms | %+.2f / %+.2f ms |%n", r, median(p), mean(p), median(g),
                    mean(g), median(g) - median(p), mean(g) - mean(p));
            if (r >= 2) {
                addedMedians.add(median(g) - median(p));
                addedMeans.add(mean(g) - mean(p));
            }
        }
        System.out.printf(Locale.ROOT, "first test of the JVM: plain %.1f ms, gated %.1f ms (the analyzer's classes load)%n",
                plain.getFirst()[0], gated.getFirst()[0]);
        if (!addedMedians.isEmpty()) {
            System.out.printf(Locale.ROOT, "added per test from round 2 on (the analyzer compiled by then): median of the rounds' medians %+.2f ms,"
                    + " of their means %+.2f ms%n", median(addedMedians.stream().mapToDouble(Double::doubleValue).toArray()),
                    median(addedMeans.stream().mapToDouble(Double::doubleValue).toArray()));
        }
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
