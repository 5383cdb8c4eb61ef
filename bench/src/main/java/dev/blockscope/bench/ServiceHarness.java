package dev.blockscope.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's end-to-end overhead on a service: {@link OrderService} (an HTTP service on virtual
 * threads that calls a backend over a connection pool, hashes, locks and answers) in a child JVM
 * without the agent, with plain JFR, with the agent at its defaults and with {@code stacks=off}
 * (and, asked for with {@code -Dblockscope.bench.configs=0,2,4,5}, {@code stackrate=unlimited}: a
 * stack for every wait of 1 ms or more, and an earlier agent given as
 * {@code -Dblockscope.bench.baseline=<jar>}, at its defaults; 6: {@code profile=cpu}, async-profiler
 * sampling the CPU at its default interval),
 * under the same closed-loop load, interleaved run by run. This JVM is the service's backend
 * (a line protocol answered after a set delay) and its load: {@code clients} connections, each
 * sending the next request as soon as the previous answer arrived.
 *
 * <p>Per configuration it prints the medians over the runs of the throughput, the latency
 * (p50, p99) and the service's CPU per request (its whole process, JFR's and the agent's
 * threads included), and, from the agent's recording, how many suspensions it recorded per
 * request and of which reasons; from those, the CPU the agent adds per request and per recorded
 * suspension. On two cores the load generator competes with the service for the CPUs, alike in
 * every configuration: the CPU per request is the steadiest figure.
 *
 * <p>Where a recording holds CPU samples ({@code profile=cpu}), it also prints the samples per
 * request and, against the agent's defaults, the CPU each sample cost. The profiler's cost at its
 * default interval is smaller than the runs' spread; a short interval
 * ({@code -Dblockscope.bench.profile=profile=cpu,interval=100us}) magnifies it a hundredfold, and
 * the cost per sample times the default interval's samples per request is its cost there.
 *
 * <p>{@code -Dblockscope.bench.rate=N} makes the load an open loop of N requests per second in
 * all, each request's latency counted from its scheduled time: below the service's saturation its
 * p99 is the latency the agent adds, where the closed loop's p99 also holds the longer queues of
 * a saturated machine.
 *
 * <p>The measured seconds follow the warm-up on the same connections, and each run prints the
 * CPU its JIT compiler threads took within them: a JVM with the agent has more code to compile (the probes
 * inlined into the JDK's blocking methods) and on two saturated cores needs about 40 s of this
 * load before its compilers fall quiet, where one without needs about 10 (docs/overhead.md,
 * fifteenth pass), so a short warm-up measures the agent's JIT, once, as if it were its steady
 * cost.
 *
 * <p>Usage: {@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.ServiceHarness
 * [agent-jar] [seconds] [repeats] [clients] [backend-delay-us] [warmup-seconds]} from the
 * repository root (defaults: 5 s measured after 60 s of warm-up, 5 runs, 32 clients, 200 µs).
 */
public final class ServiceHarness {
    private ServiceHarness() {}

    private static final int POOL_SIZE = 8;

    /** One configuration of the service's JVM. */
    private record Config(String name, List<String> flags, Path recording) {}

    /** What one run measured. */
    private record Run(double requestsPerSecond, double p50Micros, double p99Micros, double cpuMicrosPerRequest,
            long requests, long failures, long suspensions, Map<String, Long> reasons, long exchanges, long virtualStarts,
            long connections, long cpuSamples, long jitMillis) {}

    public static void main(String[] args) throws Exception {
        Path agent = Path.of(args.length > 0 ? args[0] : "agent/target/blockscope-agent.jar").toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        long delayMicros = args.length > 4 ? Long.parseLong(args[4]) : 200;
        warmupSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 60;
        if (!Files.isRegularFile(agent)) {
            System.err.println("bench: agent jar " + agent + " not found; build it first (./mvnw -pl agent package)");
            System.exit(2);
        }
        Path tmp = Files.createTempDirectory("blockscope-service");
        PingPongHarness.childClasses(tmp.resolve("cp")); // HandOff's: OrderService waits for the agent's recording as it does
        String classPath = ChildJvms.classPath(tmp.resolve("cp"), OrderService.class, OrderService.Backend.class);
        Path agentFile = tmp.resolve("agent.jfr");
        Path offFile = tmp.resolve("agent-stacks-off.jfr");
        Path unlimitedFile = tmp.resolve("agent-unlimited.jfr");
        Path profileFile = tmp.resolve("agent-profile-cpu.jfr");
        Path baselineFile = tmp.resolve("baseline.jfr");
        String baseline = System.getProperty("blockscope.bench.baseline", "");
        String javaagent = "-javaagent:" + agent + "=log=off,cache=" + tmp.resolve("cache") + ",file=";
        List<Config> all = List.of(
                new Config("no agent", List.of(), null),
                new Config("plain JFR (default profile)", List.of("-XX:StartFlightRecording:filename=" + tmp.resolve("plain.jfr")), null),
                new Config("agent, defaults", List.of(javaagent + agentFile), agentFile),
                new Config("agent, stacks=off", List.of(javaagent + offFile + ",stacks=off"), offFile),
                new Config("agent, stackrate=unlimited", List.of(javaagent + unlimitedFile + ",stackrate=unlimited"), unlimitedFile),
                new Config("baseline agent, defaults", List.of("-javaagent:" + (baseline.isEmpty() ? agent : Path.of(baseline).toAbsolutePath())
                        + "=log=off,cache=" + tmp.resolve("cache-baseline") + ",file=" + baselineFile), baselineFile),
                // async-profiler in the agent, at its default interval (10 ms of CPU a sample) unless
                // -Dblockscope.bench.profile="profile=cpu,interval=100ms" (say) asks otherwise
                new Config("agent, " + System.getProperty("blockscope.bench.profile", "profile=cpu"),
                        List.of("--enable-native-access=ALL-UNNAMED",
                                javaagent + profileFile + "," + System.getProperty("blockscope.bench.profile", "profile=cpu")),
                        profileFile));
        // -Dblockscope.bench.configs=0,2,4: only those rows (the first is the reference; 4, every
        // wait of 1 ms or more with a stack, 5, -Dblockscope.bench.baseline=<an earlier agent
        // jar> at its defaults, and 6, profile=cpu, are not run by default);
        // -Dblockscope.bench.childFlags="...": more flags for every service JVM (a profiler, say)
        List<Config> configs = new ArrayList<>();
        for (String i : System.getProperty("blockscope.bench.configs", "0,1,2,3").split(",")) {
            Config c = all.get(Integer.parseInt(i.trim()));
            List<String> flags = new ArrayList<>(c.flags());
            String extra = System.getProperty("blockscope.bench.childFlags", "").trim();
            if (!extra.isEmpty()) {
                flags.addAll(0, List.of(extra.split("\\s+")));
            }
            configs.add(new Config(c.name(), flags, c.recording()));
        }

        try (Backend backend = Backend.start(delayMicros)) {
            if (RATE > 0) {
                System.out.printf("open loop: %,d requests/s in all, scheduled evenly over the clients' connections; latency from"
                        + " each request's scheduled time%n", RATE);
            }
            System.out.printf("blockscope service harness: %d clients, %d s measured after %d s of warm-up, backend delay %d us,"
                    + " pool of %d connections, median of %d runs (configurations interleaved), JDK %s, load average at start %.2f%n",
                    clients, seconds, warmupSeconds, delayMicros, POOL_SIZE, repeats, Runtime.version(),
                    PingPongHarness.loadAverage());
            // the agent's first start weaves the JDK classes into its cache: not measured
            runService(classPath, all.get(2), backend.port(), 2, 1, 1);
            if (!baseline.isEmpty()) {
                runService(classPath, all.get(5), backend.port(), 2, 1, 1);
            }
            Run[][] runs = new Run[configs.size()][repeats];
            for (int r = 0; r < repeats; r++) {
                for (int c = 0; c < configs.size(); c++) {
                    runs[c][r] = runService(classPath, configs.get(c), backend.port(), clients, seconds, warmupSeconds);
                }
            }
            report(configs, runs);
        }
    }

    /**
     * Requests per second of an open-loop load ({@code -Dblockscope.bench.rate=N}), 0 for the
     * closed loop. The closed loop keeps the service's two cores saturated, where a few percent
     * more CPU lengthens every queue and the p99 grows by far more than the CPU; at a fixed rate
     * below saturation the p99 says what latency the agent adds to a request.
     */
    private static final long RATE = Long.getLong("blockscope.bench.rate", 0);

    /**
     * Load before the measured seconds, on the same connections: until the JIT has compiled the
     * service's paths (the agent's too: each run's {@code jit ms} says whether it had).
     */
    private static int warmupSeconds;

    private static void report(List<Config> configs, Run[][] runs) {
        int n = configs.size();
        double[][] medians = new double[n][];
        for (int c = 0; c < n; c++) {
            Run[] rs = runs[c];
            medians[c] = new double[] {
                PingPongHarness.median(Arrays.stream(rs).mapToDouble(Run::requestsPerSecond).toArray()),
                PingPongHarness.median(Arrays.stream(rs).mapToDouble(Run::p50Micros).toArray()),
                PingPongHarness.median(Arrays.stream(rs).mapToDouble(Run::p99Micros).toArray()),
                PingPongHarness.median(Arrays.stream(rs).mapToDouble(Run::cpuMicrosPerRequest).toArray()),
                PingPongHarness.median(Arrays.stream(rs).mapToDouble(Run::jitMillis).toArray()),
            };
        }
        double[] bare = medians[0];
        System.out.printf("%-30s %10s %8s %9s %9s %12s %8s %10s %8s%n", "configuration", "req/s", "req/s x", "p50 us", "p99 us",
                "cpu us/req", "cpu x", "susp/req", "jit ms");
        for (int c = 0; c < n; c++) {
            Run[] rs = runs[c];
            String perRequest = configs.get(c).recording() == null ? "" : String.format("%.2f",
                    PingPongHarness.median(Arrays.stream(rs).mapToDouble(r -> (double) r.suspensions() / r.requests()).toArray()));
            System.out.printf("%-30s %10.0f %7.2fx %9.0f %9.0f %12.1f %7.2fx %10s %8.0f%n", configs.get(c).name(), medians[c][0],
                    medians[c][0] / bare[0], medians[c][1], medians[c][2], medians[c][3], medians[c][3] / bare[3], perRequest,
                    medians[c][4]);
        }
        System.out.printf("load average at end %.2f%n%n", PingPongHarness.loadAverage());
        int plain = -1;
        for (int c = 0; c < n; c++) {
            if (configs.get(c).name().startsWith("plain JFR")) {
                plain = c;
            }
        }
        for (int c = 0; c < n; c++) {
            if (configs.get(c).recording() == null) {
                continue;
            }
            Run[] rs = runs[c];
            double susp = PingPongHarness.median(Arrays.stream(rs).mapToDouble(r -> (double) r.suspensions() / r.requests()).toArray());
            double added = medians[c][3] - bare[3];
            System.out.printf("%s: %.1f us of CPU added per request over %s (%+.1f%%), %.0f ns per recorded suspension",
                    configs.get(c).name(), added, configs.get(0).name(), 100 * added / bare[3], susp == 0 ? Double.NaN : 1000 * added / susp);
            if (plain >= 0) {
                double overJfr = medians[c][3] - medians[plain][3];
                System.out.printf("; over plain JFR %.1f us per request, %.0f ns per recorded suspension", overJfr,
                        susp == 0 ? Double.NaN : 1000 * overJfr / susp);
            }
            System.out.println();
            Map<String, Long> reasons = new TreeMap<>();
            long requests = 0;
            for (Run r : rs) {
                r.reasons().forEach((k, v) -> reasons.merge(k, v, Long::sum));
                requests += r.requests();
            }
            // ground truth: the JDK's HTTP server runs every exchange on a virtual thread of its own,
            // and one more per connection when the client closes it (it reads the end of the
            // stream); the agent must have recorded each of them (its TaskStart). The harness
            // opened one connection per client (warm-up and measured seconds alike), one of its own
            // for the counters (Control) and one for the request that asks the service to quit: the
            // thread that reads that connection's end may start after the recording ended, so one
            // fewer is also exact.
            String truth = Arrays.stream(rs).allMatch(r -> r.virtualStarts() - (r.exchanges() + r.connections()) >= -1
                    && r.virtualStarts() <= r.exchanges() + r.connections())
                    ? "every run's virtual threads recorded: exchanges served plus connections closed (" + rs[0].exchanges()
                            + " + " + rs[0].connections() + " in the first; the quitting connection's end may come after"
                            + " the recording)"
                    : "MISSING OR EXTRA VIRTUAL THREADS: recorded / served + connections, per run " + Arrays.stream(rs)
                            .map(r -> r.virtualStarts() + " / " + r.exchanges() + " + " + r.connections()).toList();
            System.out.println("  " + truth);
            double samples = PingPongHarness.median(Arrays.stream(rs).mapToDouble(r -> (double) r.cpuSamples() / r.requests()).toArray());
            if (samples > 0) {
                // the cost of one CPU sample, from the difference to the agent's defaults: a short
                // interval= (say 100us) magnifies the profiler's cost far above the runs' spread,
                // and the cost at the default interval is this times its (far fewer) samples
                int defaults = -1;
                for (int d = 0; d < n; d++) {
                    if (configs.get(d).name().equals("agent, defaults")) {
                        defaults = d;
                    }
                }
                System.out.printf("  CPU samples (jdk.ExecutionSample) per request: %.3f", samples);
                if (defaults >= 0 && defaults != c) {
                    int d = defaults;
                    double base = PingPongHarness.median(Arrays.stream(runs[d]).mapToDouble(r -> (double) r.cpuSamples() / r.requests()).toArray());
                    if (samples > base) {
                        System.out.printf("; over the defaults %.1f us of CPU per request, %.1f us per sample", medians[c][3] - medians[d][3],
                                (medians[c][3] - medians[d][3]) / (samples - base));
                    }
                }
                System.out.println();
            }
            StringBuilder line = new StringBuilder("  recorded per request:");
            long total = requests;
            reasons.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> line.append(String.format(" %s %.2f", e.getKey(), (double) e.getValue() / total)));
            System.out.println(line);
        }
        System.out.println();
        System.out.println("(cpu: the service's process CPU per request over the measured seconds; susp/req: Suspend and"
                + " EarlySuspend events in the agent's recording per request served, warm-up included; jit ms: the JIT"
                + " compiler threads' CPU in the measured seconds, which a JVM still warming up spends on the service's cores)");
        System.out.println("Per run (req/s, cpu us/req, failures, p99 us, jit ms), in run order:");
        for (int c = 0; c < n; c++) {
            StringBuilder line = new StringBuilder(String.format("  %-28s", configs.get(c).name()));
            for (Run r : runs[c]) {
                line.append(String.format(" [%.0f, %.1f, %d, %.0f, %d]", r.requestsPerSecond(), r.cpuMicrosPerRequest(), r.failures(),
                        r.p99Micros(), r.jitMillis()));
            }
            System.out.println(line);
        }
    }

    /**
     * Starts the service with {@code config}, loads it ({@code warmup} seconds, then {@code seconds}
     * measured), stops it and reads its recording.
     */
    private static Run runService(String classPath, Config config, int backendPort, int clients, int seconds, int warmup)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(config.flags());
        cmd.addAll(List.of("-cp", classPath, OrderService.class.getName(), Integer.toString(backendPort),
                Integer.toString(POOL_SIZE)));
        if (config.recording() != null) {
            Files.deleteIfExists(config.recording());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuffer printed = new StringBuffer(); // appended by the thread that drains the output
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            for (String line; port < 0 && (line = out.readLine()) != null; ) {
                printed.append(line).append('\n');
                if (line.startsWith("port=")) {
                    port = Integer.parseInt(line.substring(5));
                }
            }
            if (port < 0) {
                throw new IllegalStateException("service did not start: " + String.join(" ", cmd) + "\n" + printed);
            }
            Thread drain = Thread.ofVirtual().start(() -> out.lines().forEach(l -> printed.append(l).append('\n')));
            // one load on the same connections: the measured seconds start where the warm-up ends
            // (new connections there would recompile the service's accept paths in the window), and
            // the counters are read at the mark on a connection of the warm-up too, used all along
            long[] at = new long[2];
            // it stops asking a second before the mark, so nothing of its own runs at the mark
            Control control = new Control(port, System.nanoTime() + Duration.ofSeconds(warmup).minusSeconds(1).toNanos());
            Load load;
            try {
                load = Load.run(port, clients, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), () -> {
                    control.stopKeeping();
                    at[0] = Long.parseLong(control.get("/jit"));
                    at[1] = Long.parseLong(control.get("/cpu"));
                });
            } finally {
                control.stopKeeping();
            }
            long cpu = Long.parseLong(control.get("/cpu")) - at[1];
            long jit = Long.parseLong(control.get("/jit")) - at[0];
            control.close();
            get(port, "/quit");
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("service did not exit after /quit: " + String.join(" ", cmd));
            }
            drain.join(10_000);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("service failed: " + String.join(" ", cmd) + "\n" + printed);
            }
            long suspensions = 0;
            long virtualStarts = 0;
            long cpuSamples = 0;
            Map<String, Long> reasons = new TreeMap<>();
            if (config.recording() != null && !Files.isRegularFile(config.recording())) {
                throw new IllegalStateException("service wrote no recording to " + config.recording() + ": " + String.join(" ", cmd)
                        + "\n" + printed);
            }
            if (config.recording() != null) {
                try (RecordingFile file = new RecordingFile(config.recording())) {
                    while (file.hasMoreEvents()) {
                        RecordedEvent e = file.readEvent();
                        String type = e.getEventType().getName();
                        if (type.equals("blockscope.Suspend") || type.equals("blockscope.EarlySuspend")) {
                            suspensions++;
                            reasons.merge(e.getString("reason"), 1L, Long::sum);
                        } else if (type.equals("blockscope.TaskStart") && e.getBoolean("virtual")) {
                            virtualStarts++;
                        } else if (type.equals("jdk.ExecutionSample")) {
                            cpuSamples++; // profile=cpu's samples (and JFR's own, where the agent enables them)
                        }
                    }
                }
            }
            long exchanges = printed.toString().lines().filter(l -> l.startsWith("GROUND-TRUTH exchanges="))
                    .mapToLong(l -> Long.parseLong(l.substring("GROUND-TRUTH exchanges=".length()).trim())).findFirst().orElse(-1);
            long requests = load.warmupCompleted() + load.completed();
            return new Run(load.completed() / load.seconds(), load.percentileMicros(0.50), load.percentileMicros(0.99),
                    cpu / 1000.0 / load.completed(), requests, load.failures(), suspensions, reasons,
                    exchanges, virtualStarts, clients + 2L, cpuSamples, jit);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * The harness's own connection to the service, opened before the load: it reads the
     * counters at the mark and at the end. Until the mark it asks for them every few seconds, so
     * the service's paths for those requests are compiled, and the connection is not idle long
     * enough for the service to close it. Before, the mark's requests each came on a new
     * connection, and in both JVMs the service's connection paths (accept, the channel's
     * blocking mode, the selector's registration, the exchange) were deoptimized at the mark and
     * compiled again inside the measured seconds, which a JVM with the probes inlined into those
     * paths took longer over.
     */
    private static final class Control implements AutoCloseable {
        private static final Duration EVERY = Duration.ofSeconds(5);
        private final Socket socket;
        private final HttpConnection connection;
        private final Thread keeper;
        private volatile boolean keeping = true;

        /** Asks every {@link #EVERY} until {@code keepUntil} ({@code System.nanoTime()}) or {@link #stopKeeping}. */
        Control(int port, long keepUntil) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            connection = new HttpConnection(socket);
            get("/jit");
            get("/cpu");
            // never interrupted: an interrupt closes the socket of a virtual thread blocked on it
            keeper = Thread.ofVirtual().name("control-keeper").start(() -> {
                try {
                    long next = System.nanoTime() + EVERY.toNanos();
                    while (keeping && System.nanoTime() < keepUntil) {
                        Thread.sleep(100);
                        if (keeping && System.nanoTime() >= next && System.nanoTime() < keepUntil) {
                            get("/jit");
                            get("/cpu");
                            next += EVERY.toNanos();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }

        synchronized String get(String path) throws IOException {
            return connection.get(path);
        }

        /** No more requests but the caller's (at the mark, and after). */
        void stopKeeping() {
            keeping = false;
            try {
                keeper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** One request on a fresh connection; the body. */
    private static String get(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            HttpConnection c = new HttpConnection(s);
            return c.get(path);
        }
    }

    /**
     * The closed-loop load: {@code clients} virtual threads, each on one keep-alive connection,
     * sending the next request when the answer to the previous one has arrived, for the warm-up
     * and then the measured time on the same connections; {@code atMark} runs when the warm-up
     * ends. Only the requests sent after it count and have their latencies kept (per client,
     * merged at the end).
     */
    private record Load(long warmupCompleted, long completed, long failures, double seconds, long[] latencies) {
        static Load run(int port, int clients, Duration warmup, Duration measured, IoAction atMark)
                throws InterruptedException, IOException {
            long mark = System.nanoTime() + warmup.toNanos();
            long deadline = mark + measured.toNanos();
            long rate = RATE;
            java.util.concurrent.atomic.AtomicLong slots = new java.util.concurrent.atomic.AtomicLong();
            long origin = System.nanoTime();
            long[][] perClient = new long[clients][];
            int[] counts = new int[clients];
            long[] before = new long[clients];
            long[] failures = new long[clients];
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int client = i;
                threads.add(Thread.ofVirtual().name("load-" + i).start(() -> {
                    long[] lat = new long[1 << 14];
                    int n = 0;
                    int id = client * 1_000_000;
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                        s.setTcpNoDelay(true);
                        HttpConnection c = new HttpConnection(s);
                        while (System.nanoTime() < deadline) {
                            long t0 = System.nanoTime();
                            if (rate > 0) {
                                // open loop: the request's time is its slot in the schedule, not when a
                                // client got to send it, so a late answer delays the next ones' latency
                                // too (no coordinated omission)
                                long intended = origin + slots.getAndIncrement() * 1_000_000_000L / rate;
                                if (intended >= deadline) {
                                    break;
                                }
                                for (long wait; (wait = intended - System.nanoTime()) > 0; ) {
                                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                                }
                                t0 = intended;
                            }
                            c.get("/order?id=" + id++);
                            if (t0 < mark) {
                                before[client]++;
                                continue;
                            }
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = System.nanoTime() - t0;
                        }
                    } catch (IOException e) {
                        failures[client]++;
                    }
                    perClient[client] = lat;
                    counts[client] = n;
                }));
            }
            for (long wait; (wait = mark - System.nanoTime()) > 0; ) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            long start = System.nanoTime();
            atMark.run();
            for (Thread t : threads) {
                t.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int total = Arrays.stream(counts).sum();
            long[] all = new long[total];
            int at = 0;
            for (int i = 0; i < clients; i++) {
                System.arraycopy(perClient[i], 0, all, at, counts[i]);
                at += counts[i];
            }
            Arrays.sort(all);
            return new Load(Arrays.stream(before).sum(), total, Arrays.stream(failures).sum(), seconds, all);
        }

        double percentileMicros(double p) {
            return latencies.length == 0 ? Double.NaN : latencies[(int) Math.min(latencies.length - 1, p * latencies.length)] / 1000.0;
        }
    }

    /** What the load runs when its warm-up ends: reads the service's counters. */
    private interface IoAction {
        void run() throws IOException;
    }

    /** HTTP/1.1 GET over one keep-alive connection, reading answers by their Content-Length. */
    private static final class HttpConnection {
        private final InputStream in;
        private final OutputStream out;

        HttpConnection(Socket s) throws IOException {
            this.in = new java.io.BufferedInputStream(s.getInputStream());
            this.out = s.getOutputStream();
        }

        String get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException("service answered " + status);
            }
            int length = -1;
            for (String h; !(h = line()).isEmpty(); ) {
                if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            if (length < 0) {
                throw new IOException("answer without Content-Length");
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) {
                    throw new IOException("connection closed by the service");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }

    /** The service's backend: one line in, one line out after {@code delay}, a virtual thread per connection. */
    private static final class Backend implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Backend(ServerSocket server) {
            this.server = server;
        }

        static Backend start(long delayMicros) throws IOException {
            Backend b = new Backend(new ServerSocket(0, 128, InetAddress.getLoopbackAddress()));
            Duration delay = Duration.ofNanos(delayMicros * 1000);
            Thread.ofVirtual().name("backend-accept").start(() -> {
                while (!b.closed.get()) {
                    try {
                        Socket s = b.server.accept();
                        s.setTcpNoDelay(true);
                        Thread.ofVirtual().start(() -> serve(s, delay));
                    } catch (IOException e) {
                        if (!b.closed.get()) {
                            System.err.println("backend: " + e);
                        }
                    }
                }
            });
            return b;
        }

        private static void serve(Socket s, Duration delay) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                for (String line; (line = in.readLine()) != null; ) {
                    if (!delay.isZero()) {
                        Thread.sleep(delay);
                    }
                    out.write(("ok " + line + "\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the service went away: its run is over
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            server.close();
        }
    }
}
