package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.LiveAnalyzer;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --attach}'s incremental analysis, on a forked {@link LongWaitTarget}: each refresh
 * reads only the chunks that came since the one before; a task waiting since before the window
 * shows that wait, with its reason, from the window's start; and a window is exactly the one-shot
 * analysis of every chunk since the attach, narrowed to it.
 */
class ServeAttachIncrementalIT {
    private static final long SECOND = 1_000_000_000L;
    private final LiveFixture fixture = new LiveFixture();

    @AfterEach
    void kill() {
        fixture.close();
    }

    @Test
    void aWaitLongerThanTheWindowShowsFromItsStartAndARefreshReadsOnlyTheFreshChunks() throws Exception {
        LiveFixture.Forked target = fixture.target(LongWaitTarget.class);
        long pid = target.process().pid();
        LiveFixture.Forked serve = fixture.serve(pid, "5s");
        URI server = LiveFixture.address(serve, pid);
        // every view (with the time it was seen) until 12 s after the long waits began, which begin once the view follows
        List<JsonNode> views = new ArrayList<>();
        List<Long> seenAt = new ArrayList<>();
        long began = System.nanoTime();
        long longAt = Long.MAX_VALUE;
        long version = -1;
        while (System.nanoTime() - began < TimeUnit.SECONDS.toNanos(60) && System.nanoTime() - longAt < 12 * SECOND) {
            JsonNode l = LiveFixture.get(server.resolve("/api/live"));
            if (l.get("live").get("version").asLong() != version) {
                version = l.get("live").get("version").asLong();
                views.add(l);
                seenAt.add(System.nanoTime());
            }
            if (longAt == Long.MAX_VALUE && version > 0) {
                target.send("long");
                target.await("LONG"::equals, 30);
                longAt = System.nanoTime();
            }
            Thread.sleep(150);
        }
        assertThat(System.nanoTime() - longAt).as("12 s followed after the long waits began").isGreaterThanOrEqualTo(12 * SECOND);
        JsonNode last = views.getLast();
        long from = last.get("live").get("fromNanos").asLong();
        long to = last.get("live").get("toNanos").asLong();
        assertThat(to - from).isEqualTo(5 * SECOND);
        ServeAttachIT.assertWithinTheWindow(last, 5 * SECOND);

        // waiting since 7 s before the window, and through it: that wait from its left edge, with its reason, not UNKNOWN
        JsonNode sleeper = row(last, "long-sleeper");
        assertThat(sleeper.get("states").get("UNKNOWN").asLong()).as(sleeper.toString()).isZero();
        assertThat(sleeper.get("reasons").get("sleep").asLong()).as(sleeper.toString()).isEqualTo(to - from);
        JsonNode holder = row(last, "monitor-holder");
        assertThat(holder.get("states").get("UNKNOWN").asLong()).as(holder.toString()).isZero();
        assertThat(holder.get("reasons").get("sleep").asLong()).as(holder.toString()).isEqualTo(to - from);
        JsonNode waiter = row(last, "monitor-waiter");
        assertThat(waiter.get("states").get("UNKNOWN").asLong()).as(waiter.toString()).isZero();
        assertThat(waiter.get("reasons").get("monitor.enter").asLong()).as(waiter.toString()).isEqualTo(to - from);
        // the periodic waits are there, in the window
        assertThat(ServeAttachIT.waited(last, "ticker-", "sleep")).isPositive();
        assertThat(ServeAttachIT.waited(last, "locker-", "park.lock")).isPositive();

        // the events read per refresh are the fresh chunks', about as many a chunk while the window fills as once it is full
        List<JsonNode> early = new ArrayList<>();
        List<JsonNode> full = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            if (seenAt.get(i) - seenAt.getFirst() < 3 * SECOND) {
                early.add(views.get(i));
            } else if (seenAt.get(i) - longAt > 8 * SECOND) {
                full.add(views.get(i));
            }
        }
        double firstSeconds = perChunk(early);
        assertThat(full).isNotEmpty();
        assertThat(perChunk(full)).as("events read a fresh chunk, in the first seconds %.0f", firstSeconds).isLessThan(2 * firstSeconds);
        for (JsonNode v : full) {
            JsonNode live = v.get("live");
            assertThat(live.get("eventsRead").asLong()).as(live.toString()).isLessThan(live.get("eventsTotal").asLong() / 3);
            assertThat(live.get("eventsTotal").asLong()).isEqualTo(v.get("analysis").get("source").get("events").asLong());
        }
    }

    /** Events read a fresh chunk over {@code views}. */
    private static double perChunk(List<JsonNode> views) {
        assertThat(views).isNotEmpty();
        long events = 0;
        long chunks = 0;
        for (JsonNode v : views) {
            events += v.get("live").get("eventsRead").asLong();
            chunks += v.get("live").get("freshChunks").asLong();
        }
        return (double) events / chunks;
    }

    private static JsonNode row(JsonNode live, String name) {
        for (JsonNode t : live.get("analysis").get("tasks")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no task " + name + " in the window; tasks: " + ServeAttachIT.names(live));
    }

    @Test
    void theWindowIsTheOneShotAnalysisOfEveryChunkSinceTheAttachNarrowedToIt(@TempDir Path dir) throws Exception {
        LiveFixture.Forked target = fixture.target(LongWaitTarget.class);
        System.setProperty("blockscope.agent", System.getProperty("blockscope.agent.jar"));
        long window = 3 * SECOND;
        LiveAnalyzer live = new LiveAnalyzer("live", AnalysisOptions.DEFAULT);
        List<Path> chunks = new ArrayList<>();
        Set<Long> shortSeen = new HashSet<>();
        LiveAnalyzer.View v = null;
        int heldWhenFull = 0;
        try (LiveStream stream = LiveStream.open(Long.toString(target.process().pid()))) {
            for (int i = 0; i < 10; i++) {
                if (i == 1) {
                    target.send("long");
                    target.await("LONG"::equals, 30);
                }
                byte[] chunk = stream.next();
                assertThat(chunk).isNotNull();
                Path file = dir.resolve("chunk-" + i + ".jfr");
                Files.write(file, chunk);
                chunks.add(file);
                live.add(file);
                v = live.window(window);

                Path all = dir.resolve("all-" + i + ".jfr");
                try (OutputStream out = Files.newOutputStream(all)) {
                    for (Path c : chunks) {
                        Files.copy(c, out);
                    }
                }
                Analysis once = WindowedAnalysis.of(RecordingAnalyzer.analyze(all, AnalysisOptions.DEFAULT),
                        new WindowedAnalysis.Filter(v.fromNanos(), Long.MAX_VALUE, null));
                assertThat(v.toNanos()).isEqualTo(once.window().durationNanos());
                assertThat(v.fromNanos()).isEqualTo(Math.max(0, v.toNanos() - window));
                assertThat(states(v.analysis())).as("after chunk %d", i).isEqualTo(states(once));
                assertThat(reasons(v.analysis())).as("after chunk %d", i).isEqualTo(reasons(once));
                v.analysis().tasks().stream().filter(t -> t.name() != null && t.name().startsWith("short-"))
                        .forEach(t -> shortSeen.add(t.id()));
                if (i == 5) {
                    heldWhenFull = live.tasksHeld();
                }
            }
        }
        // the long sleeper, asleep since about chunk 1, waits through the last window from its left edge
        Analysis.TaskRow sleeper = v.analysis().tasks().stream().filter(t -> "long-sleeper".equals(t.name())).findFirst().orElseThrow();
        assertThat(sleeper.states().get("UNKNOWN")).isZero();
        assertThat(sleeper.reasons().get("sleep")).isEqualTo(v.toNanos() - v.fromNanos());
        // tasks that ended before the window are dropped: the pass holds about a window's worth, not every task seen
        assertThat(shortSeen.size()).as("short tasks seen").isGreaterThan(300);
        assertThat(live.tasksHeld()).isLessThan(shortSeen.size() / 2).isLessThan(heldWhenFull * 2);
    }

    private static Map<Long, Map<String, Long>> states(Analysis a) {
        Map<Long, Map<String, Long>> m = new TreeMap<>();
        a.tasks().forEach(t -> m.put(t.id(), new TreeMap<>(t.states())));
        return m;
    }

    private static Map<Long, Map<String, Long>> reasons(Analysis a) {
        Map<Long, Map<String, Long>> m = new TreeMap<>();
        a.tasks().forEach(t -> m.put(t.id(), new TreeMap<>(t.reasons())));
        return m;
    }
}
