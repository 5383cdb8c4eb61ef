package dev.blockscope.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The soak of {@link SoakHarness}: many virtual threads in pairs, each pair sharing a
 * {@code ReentrantLock}, a monitor and a {@code SynchronousQueue}. One round of a thread:
 *
 * <ol>
 *   <li>{@code Thread.sleep} for a random whole number of milliseconds in [min, max]
 *       ({@code ThreadLocalRandom}),
 *   <li>the pair's {@code ReentrantLock} around a tiny critical section,
 *   <li>{@code synchronized} on the pair's monitor around another,
 *   <li>a hand-off over the pair's {@code SynchronousQueue}: one thread puts, the other takes,
 *       the roles alternating round by round, so each side is sometimes the one that waits.
 * </ol>
 *
 * The putter also decides whether this was the pair's last round (the run is over), and the
 * value it hands over says so: both threads of a pair always run the same number of rounds and
 * neither is left waiting for the other at the end.
 *
 * <p>The run waits for an agent's recording first ({@link HandOff#awaitAgentRecording}), so every
 * operation counted here happens while the recording runs; then {@code warmup} seconds, then the
 * measured seconds, then the threads finish their round and are joined. It prints one line,
 * {@code GROUND-TRUTH sample=soak key=value ...} (the samples' format): the measured window
 * (wall-clock epoch nanos at its ends, on the time base of JFR's start times), the rounds and the
 * process CPU time inside it, and exact totals over the whole run: rounds, sleeps that returned,
 * lock acquisitions, monitor entries, puts and takes. Exact, because each thread counts its own
 * operations in plain fields and adds them to the totals when it ends; only the rounds are also
 * counted live (a {@link LongAdder}), for the window.
 *
 * <p>Usage (normally run by the harness in a child JVM): {@code java dev.blockscope.bench.SoakWorkload
 * <threads> <min-max sleep ms> <warmup-seconds> <measured-seconds>}; threads is rounded up to an
 * even number.
 */
public final class SoakWorkload {
    private SoakWorkload() {}

    /** The run asked for: {@code threads} (even), sleeps in [{@code minMillis}, {@code maxMillis}]. */
    record Settings(int threads, int minMillis, int maxMillis, double warmupSeconds, double measuredSeconds) {
        Settings {
            if (threads < 2 || minMillis < 0 || maxMillis < minMillis || warmupSeconds < 0 || measuredSeconds <= 0) {
                throw new IllegalArgumentException("threads >= 2, 0 <= min <= max ms, warm-up >= 0 s and measured > 0 s expected");
            }
            threads += threads % 2;
        }

        /**
         * Rounds per second the sleeps alone allow: a pair's round waits for the longer of its two
         * sleeps (whole ms, uniform in [min, max]), and each of its threads counts the round.
         * Timer slack and the CPU make the real figure lower.
         */
        double ceilingRoundsPerSecond() {
            int n = maxMillis - minMillis + 1;
            double expectedMax = 0; // ms: P(max <= k) = ((k - min + 1) / n)^2
            for (int k = minMillis; k <= maxMillis; k++) {
                double upTo = (double) (k - minMillis + 1) / n;
                double below = (double) (k - minMillis) / n;
                expectedMax += k * (upTo * upTo - below * below);
            }
            return expectedMax == 0 ? Double.POSITIVE_INFINITY : threads * 1000.0 / expectedMax;
        }

        /** {@code "10-100"}: the sleep range in ms. */
        static int[] range(String minMax) {
            String[] parts = minMax.split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("sleep range " + minMax + ": expected min-max in ms, e.g. 10-100");
            }
            return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
        }
    }

    /**
     * What a run did. The measured window is {@code windowBeginEpochNanos} to {@code windowEndEpochNanos}
     * ({@code windowNanos} long on the monotonic clock); the totals cover the whole run.
     */
    record Result(int threads, int minMillis, int maxMillis, long windowBeginEpochNanos, long windowEndEpochNanos,
                  long windowNanos, long windowRounds, long windowCpuNanos, long rounds, long sleeps, long locks,
                  long monitors, long puts, long takes) {
        /** Rounds per second inside the measured window. */
        double roundsPerSecond() {
            return windowRounds * 1e9 / windowNanos;
        }

        /** Process CPU per round inside the measured window, in nanoseconds. */
        double cpuNanosPerRound() {
            return windowRounds == 0 ? Double.NaN : (double) windowCpuNanos / windowRounds;
        }

        /** CPUs the process kept busy in the measured window, on average. */
        double coresUsed() {
            return (double) windowCpuNanos / windowNanos;
        }

        /**
         * What does not add up, or null: every round is one sleep, one lock, one monitor entry and
         * half a hand-off (one put or one take), and the window's rounds are part of the total.
         */
        String inconsistency() {
            if (rounds <= 0) {
                return "no round completed";
            }
            if (sleeps != rounds || locks != rounds || monitors != rounds) {
                return "rounds " + rounds + " but sleeps " + sleeps + ", locks " + locks + ", monitor entries " + monitors;
            }
            if (puts != takes || puts + takes != rounds) {
                return "rounds " + rounds + " but puts " + puts + " and takes " + takes;
            }
            if (windowRounds < 0 || windowRounds > rounds) {
                return "measured rounds " + windowRounds + " outside 0.." + rounds;
            }
            return null;
        }

        /** The line {@link #main} prints. */
        String line() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("sample", "soak");
            v.put("threads", threads);
            v.put("sleep_ms", minMillis + "-" + maxMillis);
            v.put("window_begin_epoch_ns", windowBeginEpochNanos);
            v.put("window_end_epoch_ns", windowEndEpochNanos);
            v.put("window_ns", windowNanos);
            v.put("window_rounds", windowRounds);
            v.put("window_cpu_ns", windowCpuNanos);
            v.put("rounds", rounds);
            v.put("sleeps", sleeps);
            v.put("locks", locks);
            v.put("monitors", monitors);
            v.put("puts", puts);
            v.put("takes", takes);
            StringBuilder b = new StringBuilder(PREFIX);
            v.forEach((k, x) -> b.append(' ').append(k).append('=').append(x));
            return b.toString();
        }

        /** Reads the line {@link #line()} wrote from a child's output. */
        static Result parse(String output) {
            String line = output.lines().filter(l -> l.startsWith(PREFIX + " sample=soak ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("soak printed no " + PREFIX + " line: " + output));
            Map<String, String> v = new LinkedHashMap<>();
            for (String pair : line.substring(PREFIX.length()).trim().split(" +")) {
                int eq = pair.indexOf('=');
                v.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            int[] range = Settings.range(v.get("sleep_ms"));
            return new Result(Integer.parseInt(v.get("threads")), range[0], range[1],
                    Long.parseLong(v.get("window_begin_epoch_ns")), Long.parseLong(v.get("window_end_epoch_ns")),
                    Long.parseLong(v.get("window_ns")), Long.parseLong(v.get("window_rounds")),
                    Long.parseLong(v.get("window_cpu_ns")), Long.parseLong(v.get("rounds")), Long.parseLong(v.get("sleeps")),
                    Long.parseLong(v.get("locks")), Long.parseLong(v.get("monitors")), Long.parseLong(v.get("puts")),
                    Long.parseLong(v.get("takes")));
        }
    }

    /** This class and its nested ones: what a child JVM's class path needs. */
    static List<Class<?>> classes() {
        List<Class<?>> classes = new ArrayList<>();
        classes.add(SoakWorkload.class);
        classes.addAll(List.of(SoakWorkload.class.getDeclaredClasses()));
        return classes;
    }

    /** The ground-truth line's prefix (the samples' {@code GroundTruth} format). */
    static final String PREFIX = "GROUND-TRUTH";

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SoakWorkload <threads> <min-max sleep ms> <warmup-seconds> <measured-seconds>");
            System.exit(2);
        }
        int[] range = Settings.range(args[1]);
        Result r = run(new Settings(Integer.parseInt(args[0]), range[0], range[1], Double.parseDouble(args[2]),
                Double.parseDouble(args[3])));
        System.out.println(r.line());
        String wrong = r.inconsistency();
        if (wrong != null) {
            System.err.println("soak: its own counts do not add up: " + wrong);
            System.exit(1);
        }
    }

    /** One pair's shared objects. */
    private static final class Pair {
        final ReentrantLock lock = new ReentrantLock();
        final Object monitor = new Object();
        final SynchronousQueue<Boolean> queue = new SynchronousQueue<>();
        /** Written in the critical sections, so they are not empty. */
        long lockedRounds;
        long monitorRounds;
    }

    /** Totals, added to by each thread once, when it ends. */
    private static final class Totals {
        final LongAdder rounds = new LongAdder(); // live, for the window
        final LongAdder sleeps = new LongAdder();
        final LongAdder locks = new LongAdder();
        final LongAdder monitors = new LongAdder();
        final LongAdder puts = new LongAdder();
        final LongAdder takes = new LongAdder();
    }

    private static volatile boolean stop;

    /** Runs the soak in this JVM (the harness runs it in a child JVM; the test here). */
    static Result run(Settings s) throws InterruptedException {
        HandOff.awaitAgentRecording();
        stop = false;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Totals totals = new Totals();
        // a thread that fails would leave its partner waiting forever: the run ends with the error
        Thread.UncaughtExceptionHandler fail = (t, e) -> {
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        };
        Thread.Builder builder = Thread.ofVirtual().name("soak-", 0).uncaughtExceptionHandler(fail);
        Thread[] threads = new Thread[s.threads()];
        for (int i = 0; i < threads.length; i += 2) {
            Pair pair = new Pair();
            threads[i] = builder.start(() -> loop(s, pair, 0, totals));
            threads[i + 1] = builder.start(() -> loop(s, pair, 1, totals));
        }
        Thread.sleep(Math.round(s.warmupSeconds() * 1000));
        long begin = epochNanos();
        long t0 = System.nanoTime();
        long cpu0 = os.getProcessCpuTime();
        long rounds0 = totals.rounds.sum();
        Thread.sleep(Math.round(s.measuredSeconds() * 1000));
        long rounds1 = totals.rounds.sum();
        long cpu1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        long end = epochNanos();
        stop = true;
        for (Thread t : threads) {
            t.join();
        }
        return new Result(threads.length, s.minMillis(), s.maxMillis(), begin, end, t1 - t0, rounds1 - rounds0, cpu1 - cpu0,
                totals.rounds.sum(), totals.sleeps.sum(), totals.locks.sum(), totals.monitors.sum(), totals.puts.sum(),
                totals.takes.sum());
    }

    /** One thread's rounds until the pair's putter hands over "last". */
    private static void loop(Settings s, Pair pair, int side, Totals totals) {
        long sleeps = 0, locks = 0, monitors = 0, puts = 0, takes = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            for (long round = 0; ; round++) {
                Thread.sleep(random.nextInt(s.minMillis(), s.maxMillis() + 1));
                sleeps++;
                pair.lock.lock();
                try {
                    pair.lockedRounds++;
                } finally {
                    pair.lock.unlock();
                }
                locks++;
                synchronized (pair.monitor) {
                    pair.monitorRounds++;
                }
                monitors++;
                boolean last;
                if ((round + side) % 2 == 0) {
                    last = stop;
                    pair.queue.put(last);
                    puts++;
                } else {
                    last = pair.queue.take();
                    takes++;
                }
                totals.rounds.increment();
                if (last) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException("soak thread interrupted", e);
        } finally {
            totals.sleeps.add(sleeps);
            totals.locks.add(locks);
            totals.monitors.add(monitors);
            totals.puts.add(puts);
            totals.takes.add(takes);
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
