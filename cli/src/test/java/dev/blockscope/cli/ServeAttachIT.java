package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code serve --attach PID} through the shaded jar, on a forked {@link LiveTarget} without the
 * agent: the server's {@code /api/live} shows the target's waits with their reasons within the
 * window; tasks that ended leave it once the window has moved past them; Ctrl-C (SIGINT) detaches
 * and leaves the JVM without the recording it started; and the JVM's exit is one line, the page
 * keeping its last window.
 */
class ServeAttachIT {
    static final long WINDOW_NANOS = 3_000_000_000L;
    private final LiveFixture fixture = new LiveFixture();

    @AfterEach
    void kill() {
        fixture.close();
    }

    /** The live answer once {@code until} holds of it, polled for at most {@code seconds}. */
    static JsonNode live(URI server, Predicate<JsonNode> until, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = LiveFixture.get(server.resolve("/api/live"));
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
        LiveFixture.Forked target = fixture.target();
        long pid = target.process().pid();
        // what a killed JVM's view left (no shutdown hook ran): a process that no longer runs
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor()).isZero();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path staleFile = Files.writeString(tmp.resolve("blockscope-live-" + gone.pid() + ".jfr"), "");
        Path staleChunks = Files.createDirectories(tmp.resolve("blockscope-live-" + gone.pid() + ".jfr.chunks/jfr"));
        Files.writeString(staleChunks.resolveSibling("chunk-00001.jfr"), "");
        LiveFixture.Forked serve = fixture.serve(pid, "3s");
        URI server = LiveFixture.address(serve, pid);

        // the target's waits, with their reasons, once a second's chunk holds them
        JsonNode first = live(server, l -> waited(l, "locker-", "park.lock") > 0 && waited(l, "early-", "sleep") > 0, 30);
        // the view's start tidied the killed JVM's files
        assertThat(staleFile).doesNotExist();
        assertThat(staleChunks.getParent()).doesNotExist();
        assertThat(first.get("live").get("pid").asLong()).isEqualTo(pid);
        assertThat(first.get("live").get("windowNanos").asLong()).isEqualTo(WINDOW_NANOS);
        assertThat(first.get("analysis").get("source").get("file").asText()).isEqualTo("process " + pid + " (live)");
        assertThat(waited(first, "locker-", "sleep")).isPositive();
        assertThat(waited(first, "early-", "park.lock")).isZero();
        assertWithinTheWindow(first);
        // the ordinary endpoints answer from the same window
        long to = first.get("live").get("toNanos").asLong();
        assertThat(LiveFixture.get(server.resolve("/api/summary")).get("schema").asText()).isEqualTo("blockscope.analysis/1");
        assertThat(LiveFixture.get(server.resolve("/api/window?start=0&end=" + to + "&max=100")).get("task").size()).isPositive();
        assertThat(LiveFixture.get(server.resolve("/api/range?start=0&end=" + to)).has("latency")).isTrue();

        // the early sleepers end: once the window has moved past them they are gone from it, the lockers stay
        target.send("phase2");
        target.await("EARLY-ENDED"::equals, 30);
        JsonNode later = live(server, l -> names(l).stream().noneMatch(n -> n.startsWith("early-")), 20);
        assertThat(waited(later, "locker-", "park.lock")).isPositive();
        assertThat(later.get("live").get("version").asLong()).isGreaterThan(first.get("live").get("version").asLong());
        assertWithinTheWindow(later);
        // the work of that view: the chunks that came since the one before, read once (ServeAttachIncrementalIT)
        assertThat(later.get("live").get("chunks").asInt()).isGreaterThan(first.get("live").get("chunks").asInt());
        assertThat(later.get("live").get("freshChunks").asInt()).isPositive();
        assertThat(later.get("live").get("eventsRead").asLong()).isPositive()
                .isLessThan(later.get("analysis").get("source").get("events").asLong());
        assertThat(later.get("live").get("eventsTotal").asLong()).isEqualTo(later.get("analysis").get("source").get("events").asLong());
        assertThat(later.get("live").get("analysisNanos").asLong()).isPositive();

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
        LiveFixture.Forked again = fixture.serve(pid, "3s");
        URI server2 = LiveFixture.address(again, pid);
        live(server2, l -> waited(l, "locker-", "park.lock") > 0, 30);
        target.send("exit");
        again.await(l -> l.startsWith("blockscope: process " + pid + " ended its stream"), 30);
        JsonNode ended = LiveFixture.get(server2.resolve("/api/live"));
        assertThat(ended.get("live").get("ended").asText()).contains("ended its stream");
        assertThat(names(ended)).anyMatch(n -> n.startsWith("locker-"));
        assertThat(again.process().isAlive()).isTrue();
        // the recording the agent started for the view was the view's: the JVM's exit leaves no file of it behind
        assertThat(target.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(file).as("the view's recording after the JVM's exit").doesNotExist();
        assertThat(Path.of(file + ".chunks")).doesNotExist();
    }

    /** The window is at most --window long, and every interval the page gets lies inside it. */
    static void assertWithinTheWindow(JsonNode live) {
        assertWithinTheWindow(live, WINDOW_NANOS);
    }

    /** The window is at most {@code windowNanos} long, and every interval the page gets lies inside it. */
    static void assertWithinTheWindow(JsonNode live, long windowNanos) {
        long from = live.get("live").get("fromNanos").asLong();
        long to = live.get("live").get("toNanos").asLong();
        assertThat(to - from).isPositive().isLessThanOrEqualTo(windowNanos);
        JsonNode tl = live.get("analysis").get("timeline");
        assertThat(tl.get("start").size()).isPositive();
        for (int i = 0; i < tl.get("start").size(); i++) {
            assertThat(tl.get("start").get(i).asLong()).isGreaterThanOrEqualTo(from);
            assertThat(tl.get("end").get(i).asLong()).isLessThanOrEqualTo(to);
        }
    }
}
