package dev.blockscope.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a {@code serve --attach} refresh costs against the window's length: for each window, a
 * fresh child JVM running {@link Workload} (about 1,000 events a second) and a fresh
 * {@code serve --attach} child of the given CLI jar following it; {@code /api/live} is read every
 * 250 ms for the given seconds and each new view printed (its fresh chunks, the events read for
 * it, the events since the attach, the milliseconds the reading took and the whole refresh with the
 * view and the page's JSON, what the pass
 * holds), then the medians of the first and the last fifth of the run.
 *
 * <pre>{@code java -cp bench/target/blockscope-bench.jar dev.blockscope.bench.LiveRefreshHarness cli/target/blockscope.jar 5s,60s 75}</pre>
 */
public final class LiveRefreshHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveRefreshHarness() {}

    /**
     * The followed JVM: four virtual threads taking turns on a lock, each holding it 5 ms asleep,
     * two sleeping 20 ms at a time; prints {@code READY}; runs until killed (at most 10 minutes).
     */
    public static final class Workload {
        private Workload() {}

        public static void main(String[] args) throws Exception {
            ReentrantLock lock = new ReentrantLock();
            for (int i = 0; i < 4; i++) {
                Thread.ofVirtual().name("locker-" + i).start(() -> {
                    while (true) {
                        lock.lock();
                        try {
                            sleep(5);
                        } finally {
                            lock.unlock();
                        }
                    }
                });
            }
            for (int i = 0; i < 2; i++) {
                Thread.ofVirtual().name("sleeper-" + i).start(() -> {
                    while (true) {
                        sleep(20);
                    }
                });
            }
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(600_000);
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One view: seconds since the attach, and its figures. */
    private record View(double t, int fresh, long read, long total, double readMs, double ms, int tasks, int intervals) {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LiveRefreshHarness BLOCKSCOPE_JAR WINDOWS(5s,60s) SECONDS");
            System.exit(2);
        }
        Path cliJar = Path.of(args[0]).toAbsolutePath();
        Path home = cliJar.getParent().getParent().getParent();
        int seconds = Integer.parseInt(args[2]);
        for (String window : args[1].split(",")) {
            run(cliJar, home, window, seconds);
        }
    }

    private static void run(Path cliJar, Path home, String window, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("blockscope-live-bench-");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process target = new ProcessBuilder(java, "-XX:+EnableDynamicAgentLoading", "-cp", ChildJvms.classPath(dir, Workload.class),
                Workload.class.getName()).redirectErrorStream(true).start();
        Process serve = null;
        try {
            BufferedReader targetOut = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            if (!"READY".equals(targetOut.readLine())) {
                throw new IllegalStateException("the workload did not start");
            }
            serve = new ProcessBuilder(java, "-Dblockscope.home=" + home, "-jar", cliJar.toString(), "serve", "--attach",
                    Long.toString(target.pid()), "--window", window).redirectErrorStream(true).start();
            URI server = ChildJvms.servingAddress(
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)), "blockscope: serving process");
            HttpClient http = HttpClient.newHttpClient();
            List<View> views = new ArrayList<>();
            long version = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            System.out.printf(Locale.ROOT, "window %s: since attach, fresh chunks, events read, events since attach, ms reading, ms in all, tasks held,"
                    + " intervals held%n", window);
            while (System.nanoTime() < deadline) {
                JsonNode l = JSON.readTree(http.send(HttpRequest.newBuilder(server.resolve("/api/live")).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).get("live");
                if (l.get("version").asLong() != version) {
                    version = l.get("version").asLong();
                    View v = new View(l.get("toNanos").asLong() / 1e9, l.get("freshChunks").asInt(), l.get("eventsRead").asLong(),
                            l.get("eventsTotal").asLong(), l.get("readNanos").asLong() / 1e6, l.get("analysisNanos").asLong() / 1e6, l.get("tasksHeld").asInt(),
                            l.get("intervalsHeld").asInt());
                    views.add(v);
                    System.out.printf(Locale.ROOT, "  %6.1f s %3d %,8d %,10d %8.1f %8.1f %6d %8d%n", v.t(), v.fresh(), v.read(), v.total(),
                            v.readMs(), v.ms(), v.tasks(), v.intervals());
                }
                Thread.sleep(250);
            }
            int fifth = Math.max(1, views.size() / 5);
            summary(window, "first fifth", views.subList(0, fifth));
            summary(window, "last fifth", views.subList(views.size() - fifth, views.size()));
        } finally {
            if (serve != null) {
                serve.destroyForcibly().waitFor();
            }
            target.destroyForcibly().waitFor();
        }
    }

    private static void summary(String window, String part, List<View> views) {
        double[] perChunk = views.stream().mapToDouble(v -> (double) v.read() / Math.max(1, v.fresh())).sorted().toArray();
        double[] readMs = views.stream().mapToDouble(View::readMs).sorted().toArray();
        double[] ms = views.stream().mapToDouble(View::ms).sorted().toArray();
        System.out.printf(Locale.ROOT, "window %s, %s (%d views): median events read a fresh chunk %,.0f, median reading %.1f ms,"
                + " median refresh %.1f ms, intervals held %,d, events since attach %,d%n", window, part, views.size(),
                perChunk[perChunk.length / 2], readMs[readMs.length / 2], ms[ms.length / 2], views.getLast().intervals(),
                views.getLast().total());
    }
}
