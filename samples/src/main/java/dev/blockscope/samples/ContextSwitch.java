package dev.blockscope.samples;

import dev.blockscope.runtime.Channel;
import dev.blockscope.runtime.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * The book's context-switch experiment: two threads pass a token back and forth, and the time
 * per hand-over is the cost of one context switch. Three contenders, each in its own JVM so that
 * its setting holds from the start:
 * <ul>
 *   <li>two platform (OS) threads, the process pinned to CPU 0 with {@code taskset -c 0} when
 *       available (the book ran {@code perf bench sched pipe -T} on one CPU);</li>
 *   <li>two virtual threads on one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}),
 *       passing the token with {@code LockSupport.park/unpark} as the platform threads do;</li>
 *   <li>two runtime tasks over unbuffered channels, the book's goroutine benchmark.</li>
 * </ul>
 * Usage: {@code ContextSwitch [--rounds N] [--agent blockscope-agent.jar]} runs all three, and
 * with {@code --agent} the runtime contender once more under the agent, printing what blockscope
 * recorded (the channel waits, i.e. the switches, and their mean duration) next to it;
 * {@code ContextSwitch --measure
 * platform|virtual|runtime [--rounds N]} runs one in this JVM (the form to run under the agent,
 * with {@code -Djdk.virtualThreadScheduler.parallelism=1} for the last two).
 */
public final class ContextSwitch {
    /** The book's figure for OS threads, ns per switch. */
    static final double BOOK_OS_THREAD_NS = 1467;
    /** The book's figure for goroutines, ns per switch. */
    static final double BOOK_GOROUTINE_NS = 225;

    private ContextSwitch() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args, "rounds", "measure", "agent");
        int rounds = Options.positiveInt(opts, "rounds", 200_000);
        String measure = opts.get("measure");
        if (measure != null) {
            measureOne(measure, rounds);
            return;
        }
        boolean pinned = ChildJvm.tasksetAvailable();
        List<String> oneCarrier = List.of("-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1");
        Map<String, Map<String, String>> results = new HashMap<>();
        results.put("platform", child(pinned, List.of(), "platform", rounds));
        results.put("virtual", child(false, oneCarrier, "virtual", rounds));
        results.put("runtime", child(false, oneCarrier, "runtime", rounds));
        String agent = opts.get("agent");
        AgentView seen = agent == null ? null : underAgent(Path.of(agent), oneCarrier, rounds);

        double os = Double.parseDouble(results.get("platform").get("ns_per_switch"));
        double vt = Double.parseDouble(results.get("virtual").get("ns_per_switch"));
        double rt = Double.parseDouble(results.get("runtime").get("ns_per_switch"));
        System.out.printf(Locale.ROOT, "context switch, %d round trips each (2 switches per round trip)%n", rounds);
        System.out.printf(Locale.ROOT, "  %-44s %10s   %s%n", "", "here", "book (Go, author's laptop)");
        System.out.printf(Locale.ROOT, "  %-44s %8.0f ns   %.0f ns (perf bench sched pipe -T)%n",
                "platform threads" + (pinned ? ", taskset -c 0" : ", NOT pinned (no taskset)"), os, BOOK_OS_THREAD_NS);
        System.out.printf(Locale.ROOT, "  %-44s %8.0f ns   %.0f ns (goroutines)%n",
                "virtual threads, 1 carrier, park/unpark", vt, BOOK_GOROUTINE_NS);
        System.out.printf(Locale.ROOT, "  %-44s %8.0f ns   %.0f ns (goroutines, unbuffered chan)%n",
                "runtime tasks, 1 carrier, unbuffered channel", rt, BOOK_GOROUTINE_NS);
        // The book's text says "92% faster"; its two figures give 85% less time per switch.
        System.out.printf(Locale.ROOT, "  virtual threads cost %.0f%% less than platform threads here; "
                + "the book's figures: %.0f%% less (its text says 92%%)%n",
                100 * (1 - vt / os), 100 * (1 - BOOK_GOROUTINE_NS / BOOK_OS_THREAD_NS));
        if (seen != null) {
            System.out.printf(Locale.ROOT, "  %-44s %8.0f ns   (the same runtime run, observed)%n",
                    "runtime tasks under the blockscope agent", seen.nsPerSwitch());
            System.out.printf(Locale.ROOT, "  blockscope recorded %d chan.recv waits (the run expects %d), mean wait %.0f ns%n",
                    seen.waits(), seen.expectedWaits(), seen.meanWaitNs());
        }
        GroundTruth truth = GroundTruth.of("context-switch");
        if (seen != null) {
            truth.put("agent_ns_per_switch", seen.nsPerSwitch())
                    .put("agent_recorded_chan_recv_waits", seen.waits())
                    .put("agent_expected_chan_recv_waits", seen.expectedWaits())
                    .put("agent_mean_wait_ns", seen.meanWaitNs());
        }
        truth
                .put("rounds", rounds)
                .put("platform_pinned_cpu0", pinned)
                .put("platform_ns_per_switch", os)
                .put("virtual_ns_per_switch", vt)
                .put("runtime_ns_per_switch", rt)
                .put("virtual_saving_pct", 100 * (1 - vt / os))
                .put("book_os_thread_ns", BOOK_OS_THREAD_NS)
                .put("book_goroutine_ns", BOOK_GOROUTINE_NS)
                .print();
    }

    /** What the agent's recording of one runtime ping-pong run shows. */
    record AgentView(double nsPerSwitch, long waits, long expectedWaits, double meanWaitNs) {}

    /** Runs the runtime contender under the agent and reads its recording (jdk.jfr.consumer). */
    private static AgentView underAgent(Path agent, List<String> oneCarrier, int rounds) throws Exception {
        if (!Files.isRegularFile(agent)) {
            Options.fail("--agent: no such file: " + agent);
        }
        Path jfr = Files.createTempFile("blockscope-context-switch", ".jfr");
        try {
            List<String> jvm = new ArrayList<>(oneCarrier);
            jvm.add("-javaagent:" + agent.toAbsolutePath() + "=file=" + jfr);
            Map<String, String> run = child(false, jvm, "runtime", rounds);
            long waits = 0;
            long waitNanos = 0;
            try (RecordingFile file = new RecordingFile(jfr)) {
                while (file.hasMoreEvents()) {
                    RecordedEvent e = file.readEvent();
                    // EarlySuspend: a wait the agent measured before its recording ran
                    String type = e.getEventType().getName();
                    if ((type.equals("blockscope.Suspend") || type.equals("blockscope.EarlySuspend"))
                            && "chan.recv".equals(e.getString("reason"))) {
                        waits++;
                        waitNanos += e.getDuration().toNanos();
                    }
                }
            }
            return new AgentView(Double.parseDouble(run.get("ns_per_switch")), waits,
                    Long.parseLong(run.get("chan_recv_waits_if_one_carrier")), waits == 0 ? 0 : (double) waitNanos / waits);
        } finally {
            Files.deleteIfExists(jfr);
        }
    }

    private static Map<String, String> child(boolean pin, List<String> jvm, String mode, int rounds) throws Exception {
        for (String line : ChildJvm.run(pin, jvm, ContextSwitch.class, "--measure", mode, "--rounds", String.valueOf(rounds))) {
            if (line.startsWith(GroundTruth.PREFIX)) {
                return GroundTruth.parse(line);
            }
        }
        throw new IllegalStateException("the " + mode + " child printed no ground truth");
    }

    private static void measureOne(String mode, int rounds) throws InterruptedException {
        int warmup = Math.max(1, rounds / 5);
        GroundTruth truth = GroundTruth.of("context-switch-" + mode).put("rounds", rounds).put("warmup_rounds", warmup);
        long nanos = switch (mode) {
            case "platform" -> Baton.pingPong(Thread.ofPlatform(), warmup, rounds);
            case "virtual" -> Baton.pingPong(Thread.ofVirtual(), warmup, rounds);
            case "runtime" -> {
                long n = channelPingPong(warmup, rounds);
                // On one carrier the order is fixed: each round both tasks wait once to receive,
                // and the echo task's last receive ends when the ping channel is closed.
                truth.put("chan_recv_waits_if_one_carrier", 2L * (warmup + rounds) + 1);
                yield n;
            }
            default -> throw new IllegalArgumentException("--measure must be platform, virtual or runtime, not '" + mode + "'");
        };
        long switches = 2L * rounds;
        double perSwitch = (double) nanos / switches;
        System.out.printf(Locale.ROOT, "%s: %d switches in %.1f ms, %.0f ns per switch%n", mode, switches, nanos / 1e6, perSwitch);
        truth.put("switches", switches).put("elapsed_ns", nanos).put("ns_per_switch", perSwitch).print();
    }

    /** Two runtime tasks: the first sends on ping and waits on pong, the echo does the reverse. */
    private static long channelPingPong(int warmup, int rounds) throws InterruptedException {
        Channel<Integer> ping = Channel.unbuffered();
        Channel<Integer> pong = Channel.unbuffered();
        long[] elapsed = new long[1];
        Task echo = Task.go("switch", "echo", () -> {
            for (Integer v : ping) {
                pong.send(v);
            }
        });
        Task driver = Task.go("switch", "driver", () -> {
            long t0 = 0;
            for (int i = 0; i < warmup + rounds; i++) {
                if (i == warmup) {
                    t0 = System.nanoTime();
                }
                ping.send(i);
                pong.receive();
            }
            elapsed[0] = System.nanoTime() - t0;
            ping.close();
        });
        driver.join();
        echo.join();
        return elapsed[0];
    }

    /** The token: a volatile turn and park/unpark, the cheapest hand-over both kinds of thread share. */
    static final class Baton {
        private volatile int turn;

        static long pingPong(Thread.Builder builder, int warmup, int rounds) throws InterruptedException {
            Baton baton = new Baton();
            Thread[] players = new Thread[2];
            long[] elapsed = new long[1];
            players[1] = builder.name("pong").unstarted(() -> {
                for (int i = 0; i < warmup + rounds; i++) {
                    baton.await(1);
                    baton.pass(0, players[0]);
                }
            });
            players[0] = builder.name("ping").unstarted(() -> {
                long t0 = 0;
                for (int i = 0; i < warmup + rounds; i++) {
                    if (i == warmup) {
                        t0 = System.nanoTime();
                    }
                    baton.pass(1, players[1]);
                    baton.await(0);
                }
                elapsed[0] = System.nanoTime() - t0;
            });
            players[1].start();
            players[0].start();
            players[0].join();
            players[1].join();
            return elapsed[0];
        }

        private void await(int me) {
            while (turn != me) {
                LockSupport.park(this);
            }
        }

        private void pass(int to, Thread thread) {
            turn = to;
            LockSupport.unpark(thread);
        }
    }
}
