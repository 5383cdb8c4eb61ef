package dev.blockscope.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A virtual thread waiting for another thread's class initializer is a {@code class.init} wait
 * naming the class, not a {@code monitor.wait}: JDK 25 records it as a {@code jdk.JavaMonitorWait}
 * on the class's init lock (an {@code int[]}) beside the {@code jdk.VirtualThreadPinned} that names
 * the class, and the monitor wait used to win (247 ms monitor.wait, 8 µs class.init). Recorded
 * with the agent at its defaults, with its wait probe off (the JDK's monitor waits are then on),
 * and with plain JFR.
 */
class ClassInitWaitTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"agent", "agent,probes=-wait", "plain"})
    void theWaitIsClassInitNamingTheClass(String how) throws Exception {
        Path jfr = dir.resolve("init.jfr");
        Process p;
        if (how.equals("plain")) {
            p = Forked.start(dir, Forked.JAVA, null, SlowClassInit.class,
                    "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        } else {
            String options = "file=" + jfr + ",startup=wait" + (how.contains(",") ? how.substring(how.indexOf(',')) : "");
            p = Forked.start(dir, Forked.JAVA, options, SlowClassInit.class);
        }
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
        String truth = Files.readString(dir.resolve("stdout.txt")).lines().filter(l -> l.startsWith("GROUND-TRUTH")).findFirst()
                .orElseThrow();
        long waiter = Long.parseLong(truth.replaceAll(".*waiter=(\\d+).*", "$1"));
        long waited = Long.parseLong(truth.replaceAll(".*waitedNanos=(\\d+).*", "$1"));
        assertThat(waited).isGreaterThan(100_000_000L);

        Forked.Cli summary = Forked.cli("summary", jfr.toString(), "--json");
        assertThat(summary.exit()).as(summary.err()).isZero();
        JsonNode task = null;
        for (JsonNode t : summary.json().path("tasks")) {
            if (t.path("id").asLong() == waiter) {
                task = t;
            }
        }
        assertThat(task).as("the waiter's task").isNotNull();
        JsonNode reasons = task.path("reasons");
        assertThat(reasons.has("monitor.wait")).as(reasons.toString()).isFalse();
        // the whole wait (less what the recording's clock and the thread's start differ by)
        assertThat(reasons.path("class.init").asLong()).as(reasons.toString()).isGreaterThan(waited * 8 / 10);

        // the wait names the class everywhere: its task's longest waits, the blocking profile, the
        // timeline (one wait holding the carrier, not an unmounted wait of no class and a pin of
        // 16 µs after it), and the summary's worst waits
        String slow = SlowClassInit.Slow.class.getName();
        assertThat(task.path("longest")).anySatisfy(w -> {
            assertThat(w.path("reason").asText()).isEqualTo("class.init");
            assertThat(w.path("blocker").asText()).isEqualTo(slow);
            assertThat(w.path("duration").asLong()).isGreaterThan(waited * 8 / 10);
        });
        assertThat(summary.json().path("blocking").path("byStack")).anySatisfy(r -> {
            assertThat(r.path("reason").asText()).isEqualTo("class.init");
            assertThat(r.path("blocker").asText()).isEqualTo(slow);
        });
        JsonNode tl = summary.json().path("timeline");
        long classInitIntervals = 0;
        for (int i = 0; i < tl.path("task").size(); i++) {
            int reason = tl.path("reason").get(i).asInt();
            if (tl.path("task").get(i).asLong() == waiter && reason >= 0
                    && tl.path("reasons").get(reason).asText().equals("class.init")) {
                classInitIntervals++;
                int blocker = tl.path("blocker").get(i).asInt();
                assertThat(blocker).as("interval %d's blocker", i).isNotNegative();
                assertThat(tl.path("blockers").get(blocker).asText()).isEqualTo(slow);
                assertThat(tl.path("states").get(tl.path("state").get(i).asInt()).asText()).isEqualTo("BLOCKED_PINNED");
            }
        }
        assertThat(classInitIntervals).isEqualTo(1);
        Forked.Cli text = Forked.cli("summary", jfr.toString());
        assertThat(text.out()).containsPattern("class\\.init .* waits .*for the initialization of " + java.util.regex.Pattern.quote(slow));
        Forked.Cli one = Forked.cli("tasks", jfr.toString(), "--task", Long.toString(waiter));
        assertThat(one.out()).contains("class.init      for the initialization of " + slow);

        Forked.Cli pinning = Forked.cli("pinning", jfr.toString());
        assertThat(pinning.exit()).as(pinning.err()).isZero();
        assertThat(pinning.out()).contains("class.init, pin reason: Waited for initialization of "
                + SlowClassInit.Slow.class.getName() + " by another thread");
    }
}
