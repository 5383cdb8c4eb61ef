package dev.blockscope.bench;

import dev.blockscope.event.EarlySuspendEvent;
import dev.blockscope.event.SuspendNoStackEvent;
import dev.blockscope.event.TaskStartEvent;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workloads of {@link ProbeCostHarness} in this JVM, without agent and with tiny numbers: each
 * ends, runs the ops asked for and prints what the harness parses; the platform monitor workload
 * really contends; and the harness counts a recording's events by the timed part's wall-clock
 * window. Nothing here is timed.
 */
class ProbeWorkloadsTest {
    static List<String> probes() {
        return ProbeWorkloads.names();
    }

    @ParameterizedTest
    @MethodSource("probes")
    @Timeout(60)
    void runsTheOpsAskedForAndPrintsWhatTheHarnessParses(String probe) throws Exception {
        ProbeWorkloads.Result result = ProbeWorkloads.measure(ProbeWorkloads.kind(probe), 10, 50);
        String out = result.lines();

        assertThat(ProbeCostHarness.longValue(out, "ops=")).isEqualTo(50);
        assertThat(PingPongHarness.value(out, "ns-per-op=")).isPositive();
        // the process's CPU is read at the OS's resolution (often 10 ms), so over 50 ops it may be 0:
        // what matters here is that the harness finds and parses it
        org.assertj.core.api.Assertions.assertThatCode(() -> PingPongHarness.value(out, "cpu-ns-per-op=")).doesNotThrowAnyException();
        // the ops ran on the threads it measures (carriers, or platform sides reporting their own)
        assertThat(PingPongHarness.value(out, "thread-cpu-ns-per-op=")).isPositive();
        assertThat(ProbeCostHarness.longValue(out, "timed-end-epoch-ns="))
                .isGreaterThanOrEqualTo(ProbeCostHarness.longValue(out, "timed-begin-epoch-ns="));
    }

    @Test
    @Timeout(60)
    void everyPlatformMonitorOpIsOneContendedEnter(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("enter.jfr");
        int ops = 40;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ZERO);
            recording.start();
            ProbeWorkloads.measure(ProbeWorkloads.kind("monitor.enter.platform"), 0, ops);
            recording.stop();
            recording.dump(jfr);
        }
        long enters = RecordingFile.readAllEvents(jfr).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.JavaMonitorEnter"))
                .filter(e -> e.getClass("monitorClass").getName().equals("java.lang.Object"))
                .count();

        assertThat(enters).isEqualTo(ops);
    }

    @Test
    void countsTheEventsThatStartInsideTheWindowBySuspensionReason(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("window.jfr");
        long began;
        long ended;
        try (Recording recording = new Recording()) {
            recording.enable("blockscope.Suspend");
            recording.enable("blockscope.EarlySuspend");
            recording.enable("blockscope.TaskStart");
            recording.start();
            suspend("socket.read"); // before the window
            Thread.sleep(20);
            began = epochNanos();
            suspend("socket.read");
            suspend("socket.read");
            EarlySuspendEvent early = new EarlySuspendEvent();
            early.begin();
            early.reason = "sleep";
            early.commit();
            new TaskStartEvent().commit();
            ended = epochNanos();
            Thread.sleep(20);
            suspend("park.other"); // after it
            recording.stop();
            recording.dump(jfr);
        }

        ProbeCostHarness.Recorded recorded = ProbeCostHarness.recorded(jfr, began, ended);

        assertThat(recorded.suspensions()).isEqualTo(3);
        assertThat(recorded.byKind()).isEqualTo(Map.of("socket.read", 2L, "early sleep", 1L, "blockscope.TaskStart", 1L));
        assertThat(RecordingFile.readAllEvents(jfr)).hasSize(6); // the two outside were recorded, and left out
    }

    private static void suspend(String reason) {
        SuspendNoStackEvent ev = new SuspendNoStackEvent();
        ev.begin();
        ev.reason = reason;
        ev.commit();
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
