package dev.blockscope.bench.jetty;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The soak of a real server under the agent: {@link JettyServer} (Jetty 12, a virtual thread per
 * request) in a child JVM, loaded from here by {@code clients} virtual threads with the JDK's
 * {@code HttpClient} on loopback, in two phases:
 *
 * <ol>
 *   <li>the agent at its defaults ({@code -javaagent}) for {@code agentSeconds}: zero errors, the
 *       responses counted here equal to the requests the server counted, the server's heap after
 *       GC flat (sampled through {@code /stats}), the disk the recording uses bounded by what ends
 *       up in the file (and nothing of it under {@code java.io.tmpdir}), and an analysis of the
 *       file with no UNKNOWN time in the application's tasks (the request threads);</li>
 *   <li>a second server without the agent, {@code cycles} times {@code blockscope attach},
 *       {@code cycleSeconds} of load, {@code blockscope attach --stop}: each answer exit 0, each
 *       file analyzed; zero errors and equal counts again.</li>
 * </ol>
 *
 * <pre>java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.jetty.JettySoakHarness \
 *     agent/target/blockscope-agent.jar [minutes=10] [clients=32] [cycles=5] [cycleSeconds=20]</pre>
 *
 * Prints one line per check and exits 1 if any failed.
 */
public final class JettySoakHarness {
    /** What to run. */
    public record Settings(Path agentJar, Path workDir, long agentSeconds, int clients, int cycles, long cycleSeconds,
                           long sampleSeconds) {}

    /** What a phase showed. */
    public record Phase(String name, long clientOk, long clientErrors, String firstError, long serverServed,
                        List<Long> heapSamples, long peakDiskBytes, long fileBytes, boolean jfrInTmp,
                        long appTasks, long appUnknownNanos, long appNanos, List<String> problems) {}

    /** Both phases; {@link #failures} lists what did not hold. */
    public record Result(Phase agent, Phase attach) {
        public List<String> failures() {
            List<String> f = new ArrayList<>();
            for (Phase p : List.of(agent, attach)) {
                if (p == null) {
                    continue;
                }
                if (p.clientErrors() > 0) {
                    f.add(p.name() + ": " + p.clientErrors() + " errors (first: " + p.firstError() + ")");
                }
                // The JDK's HttpClient sends a GET again, once, when its connection closes before the
                // answer came (an idle connection the server closed as the request left): the server
                // then serves it twice and the client counts one answer. Never fewer, and rarely.
                long extra = p.serverServed() - p.clientOk();
                if (extra < 0 || extra > Math.max(4, p.clientOk() / 10_000)) {
                    f.add(p.name() + ": the clients got " + p.clientOk() + " answers, the server served " + p.serverServed());
                }
                if (p.clientOk() == 0) {
                    f.add(p.name() + ": no request was answered");
                }
                f.addAll(p.problems());
            }
            if (agent != null) {
                if (!flat(agent.heapSamples())) {
                    f.add("agent: the server's heap after GC grew: " + agent.heapSamples());
                }
                if (agent.jfrInTmp()) {
                    f.add("agent: JFR's repository was under java.io.tmpdir, outside the disk bound");
                }
                if (agent.peakDiskBytes() > agent.fileBytes() + agent.fileBytes() / 10 + (16L << 20)) {
                    f.add("agent: " + agent.peakDiskBytes() + " bytes on disk at the peak for a file of " + agent.fileBytes());
                }
                if (agent.appUnknownNanos() > 0) {
                    f.add("agent: " + agent.appUnknownNanos() + " ns UNKNOWN in the application's tasks");
                }
            }
            return f;
        }
    }

    /** The last third of the samples stays within 25% (+8 MB) of the first third's median: no growth with time. */
    static boolean flat(List<Long> samples) {
        if (samples.size() < 3) {
            return true;
        }
        int third = samples.size() / 3;
        List<Long> first = new ArrayList<>(samples.subList(0, third));
        List<Long> last = new ArrayList<>(samples.subList(samples.size() - third, samples.size()));
        first.sort(null);
        last.sort(null);
        long base = first.get(first.size() / 2);
        return last.get(last.size() / 2) <= base + base / 4 + (8L << 20);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: JettySoakHarness AGENT_JAR [minutes=10] [clients=32] [cycles=5] [cycleSeconds=20]");
            System.exit(2);
        }
        long minutes = args.length > 1 ? Long.parseLong(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int cycles = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        long cycleSeconds = args.length > 4 ? Long.parseLong(args[4]) : 20;
        Path work = Files.createTempDirectory("blockscope-jetty-soak-");
        Result r = run(new Settings(Path.of(args[0]).toAbsolutePath(), work, minutes * 60, clients, cycles, cycleSeconds, 30));
        for (Phase p : List.of(r.agent(), r.attach())) {
            System.out.println(p.name() + ": " + p.clientOk() + " answers, " + p.clientErrors() + " errors, server served "
                    + p.serverServed() + "; heap after GC " + p.heapSamples() + "; peak disk " + p.peakDiskBytes()
                    + " bytes, files " + p.fileBytes() + " bytes; application tasks " + p.appTasks() + ", UNKNOWN "
                    + p.appUnknownNanos() + " of " + p.appNanos() + " ns");
        }
        List<String> failures = r.failures();
        failures.forEach(f -> System.out.println("FAILED " + f));
        System.out.println(failures.isEmpty() ? "all checks passed (files in " + work + ")" : failures.size() + " check(s) failed");
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    public static Result run(Settings s) throws Exception {
        // the attach cycles attach the jar this harness was given, wherever it lies
        System.setProperty("blockscope.agent", s.agentJar().toAbsolutePath().toString());
        String cp = classPath(s.workDir().resolve("cp"));
        return new Result(agentPhase(s, cp), attachPhase(s, cp));
    }

    private static Phase agentPhase(Settings s, String cp) throws Exception {
        Path dir = Files.createDirectories(s.workDir().resolve("agent"));
        Path jfr = dir.resolve("jetty.jfr");
        Path chunks = dir.resolve("jetty.jfr.chunks");
        Process server = start(dir, cp, List.of("-javaagent:" + s.agentJar() + "=file=" + jfr));
        int port = port(server, dir);
        List<Long> heap = new ArrayList<>();
        long[] peak = {0};
        boolean[] inTmp = {false};
        String pidSuffix = "_" + server.pid();
        Load load = new Load(port, s.clients());
        load.start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(s.agentSeconds());
        long nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(s.sampleSeconds(), Math.max(1, s.agentSeconds() / 6)));
        while (System.nanoTime() < end) {
            Thread.sleep(200);
            peak[0] = Math.max(peak[0], sizeOf(chunks) + sizeOf(jfr));
            try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                inTmp[0] |= tmp.anyMatch(d -> d.getFileName().toString().endsWith(pidSuffix));
            }
            if (System.nanoTime() >= nextSample) {
                heap.add(stat(load.client, port, "heap"));
                nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(s.sampleSeconds(), Math.max(1, s.agentSeconds() / 6)));
            }
        }
        load.stop();
        long served = stop(server, dir);
        List<String> problems = new ArrayList<>();
        long[] unknown = analyzeApp(jfr, problems, "agent");
        return new Phase("agent", load.ok.get(), load.errors.get(), load.firstError.get(), served, heap, peak[0], Files.size(jfr),
                inTmp[0], unknown[0], unknown[1], unknown[2], problems);
    }

    private static Phase attachPhase(Settings s, String cp) throws Exception {
        Path dir = Files.createDirectories(s.workDir().resolve("attach"));
        Process server = start(dir, cp, List.of("-XX:+EnableDynamicAgentLoading"));
        int port = port(server, dir);
        Load load = new Load(port, s.clients());
        load.start();
        List<String> problems = new ArrayList<>();
        long files = 0;
        long[] app = new long[3];
        for (int i = 1; i <= s.cycles(); i++) {
            Path out = dir.resolve("cycle-" + i + ".jfr");
            int started = cli("attach", Long.toString(server.pid()), "-o", out.toString());
            Thread.sleep(TimeUnit.SECONDS.toMillis(s.cycleSeconds()));
            int stopped = cli("attach", Long.toString(server.pid()), "--stop");
            if (started != 0 || stopped != 0) {
                problems.add("attach: cycle " + i + " attach exit " + started + ", stop exit " + stopped);
                continue;
            }
            files += Files.size(out);
            // attach windows start and end with tasks in flight: the go-live snapshot, the waits still
            // open at the stop and the ends the agent finds leave a little UNKNOWN (a task that ran at
            // go-live, until its first event); before them an attach cycle was 48-91% UNKNOWN
            long[] u = analyzeApp(out, problems, "attach cycle " + i);
            if (u[2] > 0 && u[1] > u[2] / 4) {
                problems.add("attach cycle " + i + ": " + u[1] * 100 / u[2] + "% of the application's task time UNKNOWN");
            }
            for (int k = 0; k < 3; k++) {
                app[k] += u[k];
            }
        }
        load.stop();
        long served = stop(server, dir);
        return new Phase("attach", load.ok.get(), load.errors.get(), load.firstError.get(), served, List.of(), 0, files,
                false, app[0], app[1], app[2], problems);
    }

    /** {application tasks, their UNKNOWN nanos, their nanos}; what the analysis could not read goes into {@code problems}. */
    private static long[] analyzeApp(Path file, List<String> problems, String what) throws IOException {
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        if (!a.source().skipped().isEmpty()) {
            problems.add(what + ": the recording is damaged: " + a.source().skipped());
        }
        long tasks = 0;
        long unknown = 0;
        long total = 0;
        for (Analysis.TaskRow t : a.tasks()) {
            if (t.virtual() && !t.carrier() && !t.service()) {
                tasks++;
                unknown += t.states().getOrDefault("UNKNOWN", 0L);
                total += t.states().values().stream().mapToLong(Long::longValue).sum();
            }
        }
        // ended request threads past the analysis' row bound are summed into groups: they count too
        for (Analysis.TaskGroup g : a.taskGroups()) {
            if (g.virtual() && !g.service()) {
                tasks += g.tasks();
                unknown += g.states().getOrDefault("UNKNOWN", 0L);
                total += g.lifetime();
            }
        }
        if (tasks == 0) {
            problems.add(what + ": no application task in the recording");
        }
        if (unknown > 0 && what.equals("agent")) {
            // what the analysis says it could not see, to tell where the UNKNOWN time came from
            problems.add(what + ": UNKNOWN time in the application's tasks; the analysis' limits: " + a.source().limits());
        }
        return new long[] {tasks, unknown, total};
    }

    private static int cli(String... args) {
        return dev.blockscope.cli.BlockscopeCommand.commandLine().execute(args);
    }

    /** The JDK's HttpClient from virtual threads, each sending one request after the other until stopped. */
    static final class Load {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();
        private final URI uri;
        private final int clients;
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        Load(int port, int clients) throws URISyntaxException {
            this.uri = new URI("http://127.0.0.1:" + port + "/work");
            this.clients = clients;
        }

        void start() {
            for (int i = 0; i < clients; i++) {
                threads.add(Thread.ofVirtual().name("client-" + i).start(this::loop));
            }
        }

        private void loop() {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
            while (running) {
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().startsWith("ok ")) {
                        ok.incrementAndGet();
                    } else {
                        error("status " + r.statusCode() + ": " + r.body());
                    }
                } catch (IOException e) {
                    error(e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void error(String what) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, what);
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
    }

    private static long stat(HttpClient client, int port, String key) throws Exception {
        String body = client.send(HttpRequest.newBuilder(new URI("http://127.0.0.1:" + port + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String kv : body.split(" ")) {
            if (kv.startsWith(key + "=")) {
                return Long.parseLong(kv.substring(key.length() + 1));
            }
        }
        throw new IllegalStateException("no " + key + " in " + body);
    }

    private static Process start(Path dir, String cp, List<String> flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", cp, JettyServer.class.getName()));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    private static int port(Process p, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path stdout = dir.resolve("stdout.txt");
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the server ended: " + Files.readString(dir.resolve("stderr.txt")));
            }
            for (String line : Files.readAllLines(stdout)) {
                if (line.startsWith("PORT ")) {
                    return Integer.parseInt(line.substring(5).strip());
                }
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IllegalStateException("the server printed no port within 60 s");
    }

    /** SIGTERM, and the requests the server says it served. */
    private static long stop(Process p, Path dir) throws Exception {
        p.destroy();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the server did not end within 120 s of SIGTERM");
        }
        for (String line : Files.readAllLines(dir.resolve("stdout.txt"))) {
            if (line.startsWith("GROUND-TRUTH served=")) {
                return Long.parseLong(line.substring("GROUND-TRUTH served=".length()).strip());
            }
        }
        throw new IllegalStateException("the server printed no count: " + Files.readString(dir.resolve("stderr.txt")));
    }

    /**
     * The server's class path: its own classes copied out, and Jetty's and SLF4J's jars, or their
     * classes copied out of the bench jar when the harness runs from it (which also holds the
     * agent's classes: a {@code -javaagent} would then load this build's agent code from the
     * class path whatever jar it names).
     */
    static String classPath(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> entries = new ArrayList<>();
        entries.add(dir.toString());
        copyClass(dir, JettyServer.class.getName());
        copyClass(dir, JettyServer.class.getName() + "$1");
        for (Class<?> c : new Class<?>[] {org.eclipse.jetty.server.Server.class, org.eclipse.jetty.util.Callback.class,
                org.eclipse.jetty.http.HttpField.class, org.eclipse.jetty.io.EndPoint.class, org.slf4j.LoggerFactory.class}) {
            Path source;
            try {
                source = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
            String name = source.getFileName().toString();
            if (name.startsWith("jetty-") || name.startsWith("slf4j-")) {
                if (!entries.contains(source.toString())) {
                    entries.add(source.toString());
                }
            } else if (Files.isRegularFile(source)) {
                extract(source, dir, c.getPackageName().replace('.', '/') + "/");
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void copyClass(Path dir, String name) throws IOException {
        String file = name.replace('.', '/') + ".class";
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = JettySoakHarness.class.getClassLoader().getResourceAsStream(file)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void extract(Path jar, Path dir, String packagePrefix) throws IOException {
        String top = packagePrefix.startsWith("org/eclipse/jetty/") ? "org/eclipse/jetty/" : packagePrefix;
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(j.entries())) {
                if (!e.isDirectory() && e.getName().startsWith(top)) {
                    Path target = dir.resolve(e.getName());
                    Files.createDirectories(target.getParent());
                    try (InputStream in = j.getInputStream(e); OutputStream out = Files.newOutputStream(target)) {
                        in.transferTo(out);
                    }
                }
            }
        }
    }

    private static long sizeOf(Path p) {
        if (!Files.exists(p)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(p)) {
            return all.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException gone) {
            return 0;
        }
    }
}
