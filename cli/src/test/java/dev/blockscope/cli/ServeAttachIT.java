package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --attach PID} through the shaded jar, on a forked {@link LiveTarget} without the
 * agent: the server's {@code /api/live} shows the target's waits with their reasons within the
 * window; tasks that ended leave it once the window has moved past them; Ctrl-C (SIGINT) detaches
 * and leaves the JVM without the recording it started; and the
 * JVM's exit is one line, the page keeping its last window.
 */
class ServeAttachIT {
    static final long WINDOW_NANOS = 3_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void kill() {
        processes.forEach(Process::destroyForcibly);
    }

    /** A process whose stdout lines arrive in a queue. */
    record Forked(Process process, BlockingQueue<String> lines, Writer stdin) {
        String await(Predicate<String> line, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null) {
                    seen.add(l);
                    if (line.test(l)) {
                        return l;
                    }
                }
            }
            throw new AssertionError("no such line within " + seconds + " s; saw " + seen
                    + (process.isAlive() ? "" : "; the process exited with " + process.exitValue()));
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }
    }

    private Forked fork(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process went
            }
        });
        return new Forked(p, lines, new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
    }

    private Forked target() throws Exception {
        Forked t = fork(List.of("-XX:+EnableDynamicAgentLoading", "-cp", System.getProperty("java.class.path"), LiveTarget.class.getName()));
        t.await("READY"::equals, 30);
        return t;
    }

    private Forked serve(long pid) throws IOException {
        Path home = Path.of(System.getProperty("blockscope.agent.jar")).toAbsolutePath().getParent().getParent().getParent();
        return fork(List.of("-Dblockscope.home=" + home, "-jar", System.getProperty("blockscope.jar"), "serve", "--attach",
                Long.toString(pid), "--window", "3s"));
    }

    static URI address(Forked serve, long pid) throws InterruptedException {
        String line = serve.await(l -> l.startsWith("blockscope: serving process " + pid + " live"), 90);
        Matcher m = Pattern.compile("at (http://\\S+) ").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return URI.create(m.group(1));
    }

    static JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The live answer once {@code until} holds of it, polled for at most {@code seconds}. */
    static JsonNode live(URI server, Predicate<JsonNode> until, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(server.resolve("/api/live"));
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + seconds + " s; last answer's tasks: " + names(last));
    }

    static List<String> names(JsonNode live) {
        List<String> names = new ArrayList<>();
        if (live != null && live.get("analysis").isObject()) {
            live.get("analysis").get("tasks").forEach(t -> names.add(t.path("name").asText()));
        }
        return names;
    }

    /** Nanoseconds task rows named {@code prefix...} waited for {@code reason}, summed. */
    static long waited(JsonNode live, String prefix, String reason) {
        long sum = 0;
        for (JsonNode t : live.get("analysis").get("tasks")) {
            if (t.path("name").asText().startsWith(prefix)) {
                sum += t.path("reasons").path(reason).asLong();
            }
        }
        return sum;
    }

    @Test
    void followsTheJvmsWaitsInAMovingWindowAndDetaches() throws Exception {
        Forked target = target();
        long pid = target.process().pid();
        Forked serve = serve(pid);
        URI server = address(serve, pid);

        // the target's waits, with their reasons, once a second's chunk holds them
        JsonNode first = live(server, l -> waited(l, "locker-", "park.lock") > 0 && waited(l, "early-", "sleep") > 0, 30);
        assertThat(first.get("live").get("pid").asLong()).isEqualTo(pid);
        assertThat(first.get("live").get("windowNanos").asLong()).isEqualTo(WINDOW_NANOS);
        assertThat(waited(first, "locker-", "sleep")).isPositive();
        assertThat(waited(first, "early-", "park.lock")).isZero();
        assertWithinTheWindow(first);
        // the ordinary endpoints answer from the same window
        long to = first.get("live").get("toNanos").asLong();
        assertThat(get(server.resolve("/api/summary")).get("schema").asText()).isEqualTo("blockscope.analysis/1");
        assertThat(get(server.resolve("/api/window?start=0&end=" + to + "&max=100")).get("task").size()).isPositive();
        assertThat(get(server.resolve("/api/range?start=0&end=" + to)).has("latency")).isTrue();

        // the early sleepers end: once the window has moved past them they are gone from it, the lockers stay
        target.send("phase2");
        target.await("EARLY-ENDED"::equals, 30);
        JsonNode later = live(server, l -> names(l).stream().noneMatch(n -> n.startsWith("early-")), 20);
        assertThat(waited(later, "locker-", "park.lock")).isPositive();
        assertThat(later.get("live").get("version").asLong()).isGreaterThan(first.get("live").get("version").asLong());
        assertWithinTheWindow(later);
        // the server keeps only the window's chunks (one a second) on disk: the ones before it were deleted
        assertThat(later.get("live").get("chunks").asInt()).isBetween(2, 5);

        // Ctrl-C (SIGINT; Process.destroy would close the pipe we read its line from) detaches: the recording
        // the agent started for the view stops and its file goes; the JVM runs on
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(serve.process().pid())).start().waitFor()).isZero();
        serve.await(l -> l.equals("blockscope: detached from process " + pid), 30);
        assertThat(serve.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "blockscope-live-" + pid + ".jfr");
        for (int i = 0; i < 100 && Files.exists(file); i++) {
            Thread.sleep(100);
        }
        assertThat(file).doesNotExist();
        assertThat(target.process().isAlive()).isTrue();

        // a second view attaches afresh; the JVM's exit is one line, and the page keeps the last window
        Forked again = serve(pid);
        URI server2 = address(again, pid);
        live(server2, l -> waited(l, "locker-", "park.lock") > 0, 30);
        target.send("exit");
        again.await(l -> l.startsWith("blockscope: process " + pid + " ended its stream"), 30);
        JsonNode ended = get(server2.resolve("/api/live"));
        assertThat(ended.get("live").get("ended").asText()).contains("ended its stream");
        assertThat(names(ended)).anyMatch(n -> n.startsWith("locker-"));
        assertThat(again.process().isAlive()).isTrue();
    }

    /** The window is at most --window long, and every interval the page gets lies inside it. */
    static void assertWithinTheWindow(JsonNode live) {
        long from = live.get("live").get("fromNanos").asLong();
        long to = live.get("live").get("toNanos").asLong();
        assertThat(to - from).isPositive().isLessThanOrEqualTo(WINDOW_NANOS);
        JsonNode tl = live.get("analysis").get("timeline");
        assertThat(tl.get("start").size()).isPositive();
        for (int i = 0; i < tl.get("start").size(); i++) {
            assertThat(tl.get("start").get(i).asLong()).isGreaterThanOrEqualTo(from);
            assertThat(tl.get("end").get(i).asLong()).isLessThanOrEqualTo(to);
        }
    }
}
