package dev.blockscope.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attach window no longer starts blind: a thread blocked for the whole window (before, absent
 * from the recording) appears with its wait, and the tasks waiting at go-live are not UNKNOWN
 * until their next event, because the agent snapshots every waiting thread when its probes go live.
 */
class AttachSnapshotTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aThreadBlockedForTheWholeWindowAppearsWithItsWait() throws Exception {
        Process p = Forked.start(dir, Forked.JAVA, null, Sleepers.class, "-XX:+EnableDynamicAgentLoading", "-Dquiet=true");
        String pid = Long.toString(p.pid());
        Path out = dir.resolve("window.jfr");
        try {
            Forked.awaitLine(p, dir.resolve("stdout.txt"), "READY", 60);
            assertThat(Forked.cli("attach", pid, "-o", out.toString()).exit()).isZero();
            Thread.sleep(1500);
            assertThat(Forked.cli("attach", pid, "--stop").exit()).isZero();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        Forked.Cli summary = Forked.cli("summary", out.toString(), "--json");
        assertThat(summary.exit()).as(summary.err()).isZero();
        JsonNode a = summary.json();
        long window = a.path("window").path("duration").asLong();
        JsonNode waiter = null;
        long sleepersUnknown = 0;
        long sleepersTime = 0;
        for (JsonNode t : a.path("tasks")) {
            String name = t.path("name").asText();
            if (name.equals("latch-waiter")) {
                waiter = t;
            }
            if (name.startsWith("sleeper-")) {
                sleepersUnknown += t.path("states").path("UNKNOWN").asLong();
                for (JsonNode v : t.path("states")) {
                    sleepersTime += v.asLong();
                }
            }
        }
        assertThat(waiter).as("the latch waiter, blocked all along").isNotNull();
        assertThat(waiter.path("reasons").path("park.latch").asLong()).as(waiter.toString()).isGreaterThan(window * 9 / 10);
        assertThat(waiter.path("states").path("UNKNOWN").asLong()).as(waiter.toString()).isZero();
        // the sleepers are inside a 5 ms sleep at go-live, mostly: known from the window's start (one
        // running at that moment stays UNKNOWN until its first event; before, all were: 75% of their time)
        assertThat(sleepersTime).isPositive();
        assertThat(sleepersUnknown).as("sleepers' UNKNOWN of " + sleepersTime).isLessThan(sleepersTime / 10);
    }
}
