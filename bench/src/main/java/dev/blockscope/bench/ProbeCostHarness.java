package dev.blockscope.bench;

import dev.blockscope.bench.ProbeWorkloads.Kind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * What each probe costs per event it records: runs each of {@link ProbeWorkloads}' workloads (one
 * kind of blocking call each) in child JVMs (JDK 25) without agent, with plain JFR
 * ({@code -XX:StartFlightRecording}, default profile) and with the agent at its defaults, and
 * prints per probe the median wall, process CPU and thread CPU ns per op (the threads that ran the
 * ops, JFR's and the agent's own left out: {@link ProbeWorkloads.ThreadCpu}), what the agent adds
 * per op, how many suspensions it recorded per op, and so what it adds per recorded suspension.
 * Where an op waits for an OS thread to wake, none of the three resolves the probe's cost (the idle
 * carrier spins; docs/overhead.md, eighth pass, counts it in a CPU profile instead).
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.ProbeCostHarness
 * [agent-jar] [ops] [repeats] [probe,probe,...]} from the repository root (defaults:
 * {@code agent/target/blockscope-agent.jar}, 50000 ops after half as many warm-up ops, 5 runs,
 * every probe; the platform threads' monitor contention runs a fiftieth of the ops, see
 * {@link #opsOf}). The warm-up lets C2 compile the agent's bridge before the timed part (in one run
 * of {@code park}, the agent added 2.8 us per hand-off after 5000 warm-up ops, 0.4 us after
 * 25000). {@code -Dblockscope.bench.baseline=<jar>} adds an earlier agent at its defaults as a fourth
 * configuration, for an A/B under the same load. Probes and
 * configurations run interleaved (run 1 of every probe and configuration, then run 2, ...), so
 * a change in the machine's load hits all of them alike.
 *
 * <p>The events counted are those of the agent's recording of each run whose start lies in the
 * timed part, which the workload reports as wall-clock times (JFR's start times are on the same
 * epoch time base, to within microseconds); warm-up and start-up are left out. Suspensions are
 * {@code blockscope.Suspend} and {@code blockscope.EarlySuspend} (none expected: the workloads
 * wait for the recording); a carrier's idle wait ({@code blockscope.CarrierIdle}) is listed with
 * the rest but not counted as one. What the agent adds per op divided by the suspensions per op
 * is the cost per recorded suspension, the agent's other work for that op (task events, idle
 * waits, JDK events it enables) included.
 */
public final class ProbeCostHarness {
    private ProbeCostHarness() {}

    /** The three configurations of every probe's child JVM. */
    private enum Config {
        NONE("no agent"), JFR("plain JFR"), AGENT("agent, defaults"), BASELINE("previous agent");

        final String label;

        Config(String label) {
            this.label = label;
        }
    }

    /** Fewer suspensions per op than this count as none: no cost per suspension is printed. */
    private static final double NO_SUSPENSIONS = 0.01;
    /** Kinds of recorded events rarer than this per op are left out of the listing (periodic ones). */
    private static final double LISTED = 0.01;

    /** One probe's measurements over all runs. */
    private static final class ProbeRuns {
        final Kind kind;
        final double[][] wall;
        final double[][] cpu;
        final double[][] threadCpu;
        final double[] suspensionsPerOp;
        int opsPerRun;
        final Map<String, Long> recorded = new TreeMap<>();
        long recordedOps;

        ProbeRuns(Kind kind, int repeats) {
            this.kind = kind;
            wall = new double[Config.values().length][repeats];
            cpu = new double[Config.values().length][repeats];
            threadCpu = new double[Config.values().length][repeats];
            suspensionsPerOp = new double[repeats];
        }

        double wall(Config c) {
            return PingPongHarness.median(wall[c.ordinal()]);
        }

        double cpu(Config c) {
            return PingPongHarness.median(cpu[c.ordinal()]);
        }

        double threadCpu(Config c) {
            return PingPongHarness.median(threadCpu[c.ordinal()]);
        }

        double suspensionsPerOp() {
            return PingPongHarness.median(suspensionsPerOp);
        }
    }

    /** The configurations run: {@link Config#BASELINE} only when asked for. */
    private static List<Config> CONFIGS = List.of(Config.NONE, Config.JFR, Config.AGENT);

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<Kind> kinds = new ArrayList<>();
        for (String name : args.length > 3 ? args[3].split(",") : ProbeWorkloads.names().toArray(String[]::new)) {
            Kind kind = ProbeWorkloads.kind(name.trim());
            if (kind == null) {
                System.err.println("bench: unknown probe '" + name + "' (known: " + String.join(",", ProbeWorkloads.names()) + ")");
                System.exit(2);
            }
            kinds.add(kind);
        }
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: agent jar " + agent + " not found; build it first (./mvnw -pl agent package)");
            System.exit(2);
        }
        // -Dblockscope.bench.baseline=<an earlier agent jar>: a fourth configuration, that agent at its defaults
        String baseline = System.getProperty("blockscope.bench.baseline", "");
        CONFIGS = baseline.isEmpty() ? List.of(Config.NONE, Config.JFR, Config.AGENT) : List.of(Config.values());
        Path tmp = Files.createTempDirectory("blockscope-probecost");
        String classPath = childClasses(tmp.resolve("classes"));

        System.out.printf("blockscope probe cost harness: %d ops per run (a fiftieth for .platform) after half as many"
                + " warm-up ops, median of %d runs (probes and configurations interleaved), JDK %s, load average at start %.2f%n", ops, repeats,
                Runtime.version(), PingPongHarness.loadAverage());
        List<ProbeRuns> results = kinds.stream().map(k -> new ProbeRuns(k, repeats)).toList();
        for (int r = 0; r < repeats; r++) {
            for (ProbeRuns probe : results) {
                String name = probe.kind.name();
                for (Config c : CONFIGS) {
                    List<String> flags = new ArrayList<>(probe.kind.jvmFlags());
                    Path jfr = tmp.resolve(name + "-" + (r + 1) + ".jfr");
                    switch (c) {
                        case NONE -> { }
                        case JFR -> flags.add("-XX:StartFlightRecording:filename=" + tmp.resolve(name + "-plain.jfr"));
                        case AGENT -> flags.add("-javaagent:" + agent + "=log=off,file=" + jfr);
                        case BASELINE -> flags.add("-javaagent:" + Path.of(baseline).toAbsolutePath() + "=log=off,file="
                                + tmp.resolve(name + "-baseline.jfr"));
                    }
                    int kindOps = opsOf(probe.kind, ops);
                    probe.opsPerRun = kindOps;
                    String out = ChildJvms.run(classPath, flags, ProbeWorkloads.class.getName(), name,
                            Integer.toString(kindOps / 2), Integer.toString(kindOps));
                    probe.wall[c.ordinal()][r] = PingPongHarness.value(out, "ns-per-op=");
                    probe.cpu[c.ordinal()][r] = PingPongHarness.value(out, "cpu-ns-per-op=");
                    probe.threadCpu[c.ordinal()][r] = PingPongHarness.value(out, "thread-cpu-ns-per-op=");
                    if (c == Config.AGENT) {
                        long done = longValue(out, "ops=");
                        Recorded rec = recorded(jfr, longValue(out, "timed-begin-epoch-ns="), longValue(out, "timed-end-epoch-ns="));
                        probe.suspensionsPerOp[r] = (double) rec.suspensions() / done;
                        rec.byKind().forEach((k, n) -> probe.recorded.merge(k, n, Long::sum));
                        probe.recordedOps += done;
                    }
                }
            }
        }
        double loadAtEnd = PingPongHarness.loadAverage();

        for (ProbeRuns probe : results) {
            print(probe);
        }
        System.out.println();
        System.out.printf("%-23s %10s %10s %10s %9s %9s %8s %10s %10s %10s %10s%n", "probe (ns/op, medians)", "no agent",
                "plain JFR", "agent", "+agent", "+vs JFR", "susp/op", "+ns/susp", "+vs JFR", "+cpu/susp", "+thr/susp");
        for (ProbeRuns probe : results) {
            double none = probe.wall(Config.NONE);
            double jfr = probe.wall(Config.JFR);
            double agentNs = probe.wall(Config.AGENT);
            double susp = probe.suspensionsPerOp();
            System.out.printf("%-23s %10.0f %10.0f %10.0f %9.0f %9.0f %8.2f %10s %10s %10s %10s%n",
                    probe.kind.name() + (probe.kind.osWakeUp() ? " *" : ""), none, jfr,
                    agentNs, agentNs - none, agentNs - jfr, susp, perSuspension(agentNs - none, susp),
                    perSuspension(agentNs - jfr, susp), perSuspension(probe.cpu(Config.AGENT) - probe.cpu(Config.NONE), susp),
                    perSuspension(probe.threadCpu(Config.AGENT) - probe.threadCpu(Config.NONE), susp));
        }
        System.out.println("(+agent: wall ns the agent adds per op over no agent; +vs JFR: over plain JFR; susp/op:"
                + " Suspend and EarlySuspend events the agent recorded per op; +ns/susp: +agent / susp/op, n/a below "
                + NO_SUSPENSIONS + "; +cpu/susp: the same for process CPU time; +thr/susp: for the CPU time of the"
                + " threads that ran the ops, JFR's and the agent's own threads left out)");
        System.out.println("* an op that waits for an OS thread to wake (the carrier after it went idle, a timer or"
                + " poller thread): its wall time is mostly the OS's wake-up latency, which the agent's work on the idle"
                + " carrier changes either way, and its thread CPU is mostly the idle carrier spinning: no column here is the"
                + " probe's cost (docs/overhead.md, eighth pass, measures it in a CPU profile)");
        System.out.printf("load average at end %.2f; recordings in %s%n", loadAtEnd, tmp);
    }

    private static void print(ProbeRuns probe) {
        Kind kind = probe.kind;
        System.out.println();
        System.out.printf("%s: one op = %s; %s; %d ops per run%n", kind.name(), kind.op(), carriers(kind.jvmFlags()),
                probe.opsPerRun);
        System.out.printf("  %-18s %12s %12s %14s   %s%n", "configuration", "wall ns/op", "cpu ns/op", "thread cpu/op",
                "wall ns/op per run, in run order; thread cpu ns/op per run");
        for (Config c : CONFIGS) {
            System.out.printf("  %-18s %12.0f %12.0f %14.0f   %s; %s%n", c.label, probe.wall(c), probe.cpu(c), probe.threadCpu(c),
                    Arrays.toString(Arrays.stream(probe.wall[c.ordinal()]).mapToLong(Math::round).toArray()),
                    Arrays.toString(Arrays.stream(probe.threadCpu[c.ordinal()]).mapToLong(Math::round).toArray()));
        }
        double addedWall = probe.wall(Config.AGENT) - probe.wall(Config.NONE);
        double addedCpu = probe.cpu(Config.AGENT) - probe.cpu(Config.NONE);
        double overJfrWall = probe.wall(Config.AGENT) - probe.wall(Config.JFR);
        double overJfrCpu = probe.cpu(Config.AGENT) - probe.cpu(Config.JFR);
        double addedThreadCpu = probe.threadCpu(Config.AGENT) - probe.threadCpu(Config.NONE);
        double overJfrThreadCpu = probe.threadCpu(Config.AGENT) - probe.threadCpu(Config.JFR);
        System.out.printf("  the agent adds per op: wall %.0f ns over no agent, %.0f over plain JFR; CPU %.0f ns over no"
                + " agent, %.0f over plain JFR; thread CPU %.0f ns over no agent, %.0f over plain JFR%n", addedWall,
                overJfrWall, addedCpu, overJfrCpu, addedThreadCpu, overJfrThreadCpu);
        double susp = probe.suspensionsPerOp();
        System.out.printf("  suspensions recorded per op: %.2f (per run %s); per suspension the agent adds wall %s ns,"
                + " CPU %s ns, thread CPU %s ns over no agent (wall %s, CPU %s, thread CPU %s over plain JFR)%n", susp,
                Arrays.stream(probe.suspensionsPerOp).mapToObj(v -> String.format("%.2f", v)).collect(Collectors.joining(", ", "[", "]")),
                perSuspension(addedWall, susp), perSuspension(addedCpu, susp), perSuspension(addedThreadCpu, susp),
                perSuspension(overJfrWall, susp), perSuspension(overJfrCpu, susp), perSuspension(overJfrThreadCpu, susp));
        String listed = probe.recorded.entrySet().stream()
                .filter(e -> (double) e.getValue() / probe.recordedOps >= LISTED)
                .map(e -> String.format("%s %.2f/op", e.getKey(), (double) e.getValue() / probe.recordedOps))
                .collect(Collectors.joining(", "));
        System.out.println("  recorded in the timed part, all runs: " + (listed.isEmpty() ? "nothing" : listed)
                + " (Suspend by reason; 'early' EarlySuspend; other events by name)");
    }

    /** The ops of one run of {@code kind} (see {@link Kind#opsDivisor}). */
    static int opsOf(Kind kind, int ops) {
        return kind.opsDivisor() == 1 ? ops : Math.max(100, ops / kind.opsDivisor());
    }

    private static String perSuspension(double addedNs, double suspensionsPerOp) {
        return suspensionsPerOp < NO_SUSPENSIONS ? "n/a" : String.format("%.0f", addedNs / suspensionsPerOp);
    }

    private static String carriers(List<String> flags) {
        if (flags.equals(ProbeWorkloads.ONE_CARRIER)) {
            return "one carrier (parallelism=1, maxPoolSize=1)";
        }
        return flags.isEmpty() ? "JVM defaults" : String.join(" ", flags);
    }

    /**
     * The child JVMs' class path: only the workloads, {@link HandOff}'s (the {@code park} probe)
     * included (see {@link ChildJvms#classPath}).
     */
    static String childClasses(Path dir) throws IOException {
        PingPongHarness.childClasses(dir);
        return ChildJvms.classPath(dir, ProbeWorkloads.classes().toArray(Class<?>[]::new));
    }

    static long longValue(String out, String key) {
        String line = out.lines().filter(l -> l.startsWith(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("child printed no " + key + ": " + out));
        return Long.parseLong(line.substring(key.length()).trim());
    }

    /**
     * What a recording holds from {@code beganEpochNanos} to {@code endedEpochNanos}: the
     * suspensions ({@code blockscope.Suspend} and {@code blockscope.EarlySuspend}) and every
     * event by kind: a Suspend by its reason, an EarlySuspend as {@code early <reason>}, a
     * carrier's idle wait as {@code carrier.idle}, any other event by its name.
     */
    record Recorded(long suspensions, Map<String, Long> byKind) {}

    /**
     * Counts the events of {@code jfr} whose start lies in the window (a {@code CarrierIdle} of an
     * agent that committed it through JFR's periodic thread carries its wait's {@code startNanos};
     * in the agent's own chunks its start is the wait's).
     */
    static Recorded recorded(Path jfr, long beganEpochNanos, long endedEpochNanos) throws IOException {
        long suspensions = 0;
        Map<String, Long> byKind = new TreeMap<>();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                boolean idle = type.equals("blockscope.CarrierIdle");
                long start = idle && e.hasField("startNanos") ? e.getLong("startNanos") : epochNanos(e.getStartTime());
                if (start < beganEpochNanos || start > endedEpochNanos) {
                    continue;
                }
                String kind = switch (type) {
                    case "blockscope.Suspend" -> e.getString("reason");
                    case "blockscope.EarlySuspend" -> "early " + e.getString("reason");
                    case "blockscope.CarrierIdle" -> "carrier.idle";
                    default -> type;
                };
                if (type.equals("blockscope.Suspend") || type.equals("blockscope.EarlySuspend")) {
                    suspensions++;
                }
                byKind.merge(kind, 1L, Long::sum);
            }
        }
        return new Recorded(suspensions, byKind);
    }

    private static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
