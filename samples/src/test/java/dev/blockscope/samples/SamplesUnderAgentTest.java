package dev.blockscope.samples;

import static dev.blockscope.samples.RecordingAggregates.reason;
import static dev.blockscope.samples.RecordingAggregates.threadPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.blockscope.event.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples under the blockscope agent: the recording's aggregates, read with
 * {@code RecordingFile}, against the ground truth each sample printed. Counts are exact where the
 * sample makes them certain; durations are compared within the tolerance stated at each check.
 * Runs only when the agent module has built {@code agent/target/blockscope-agent.jar}.
 */
class SamplesUnderAgentTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void agentBuilt() {
        assumeTrue(Files.isRegularFile(SampleRun.AGENT), "no agent jar at " + SampleRun.AGENT + ": build the agent module first");
    }

    private record Run(SampleRun sample, RecordingAggregates recording) {}

    private Run underAgent(List<String> jvmOptions, Class<?> main, String... args) throws Exception {
        return underAgent("", jvmOptions, main, args);
    }

    /** The sample under the agent with {@code agentOptions} ("" for the defaults) besides {@code file=}. */
    private Run underAgent(String agentOptions, List<String> jvmOptions, Class<?> main, String... args) throws Exception {
        Path jfr = dir.resolve(main.getSimpleName() + ".jfr");
        List<String> options = new ArrayList<>(List.of("-javaagent:" + SampleRun.AGENT + "=file=" + jfr
                + (agentOptions.isEmpty() ? "" : "," + agentOptions)));
        options.addAll(jvmOptions);
        SampleRun sample = SampleRun.run(options, main, args);
        assertThat(jfr).as("the agent's recording").isRegularFile();
        return new Run(sample, RecordingAggregates.read(jfr));
    }

    @Test
    void contextSwitchOnOneCarrierWaitsExactlyTwiceARound() throws Exception {
        Run r = underAgent(List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"),
                ContextSwitch.class, "--measure", "runtime", "--rounds", "500");
        assertThat(r.recording().count(reason(Reason.CHAN_RECV)))
                .isEqualTo(r.sample().longValue("chan_recv_waits_if_one_carrier")).isEqualTo(2 * (500 + 100) + 1);
        assertThat(r.recording().count(reason(Reason.CHAN_SEND))).isZero();
    }

    @Test
    void contextSwitchPrintsWhatTheAgentSawNextToItsOwnCount() throws Exception {
        SampleRun r = SampleRun.run(List.of(), ContextSwitch.class, "--rounds", "300", "--agent", SampleRun.AGENT.toString());
        assertThat(r.longValue("agent_recorded_chan_recv_waits"))
                .isEqualTo(r.longValue("agent_expected_chan_recv_waits")).isEqualTo(2 * (300 + 60) + 1);
        assertThat(r.doubleValue("agent_ns_per_switch")).isPositive();
        assertThat(r.doubleValue("agent_mean_wait_ns")).isPositive();
    }

    @Test
    void waitGroupClosureWaitsThreeTimesAndLabelsEveryTask() throws Exception {
        Run r = underAgent(List.of(), WaitGroupClosure.class, "--workers", "5");
        assertThat(r.recording().count(reason(Reason.WAITGROUP))).isEqualTo(r.sample().longValue("waitgroup_waits"));
        // Every task started, plus main, which the sample adopts as a task.
        assertThat(r.recording().taskLabels).hasSize((int) r.sample().longValue("tasks_started") + 1);
    }

    @Test
    void channelPipelineRecordsRegionsLogsAndItsTimeouts() throws Exception {
        Run r = underAgent(List.of(), ChannelPipeline.class, "--items", "80", "--workers", "3",
                "--slow-every", "20", "--slow-ms", "40", "--timeout-ms", "10");
        RecordingAggregates rec = r.recording();
        assertThat(rec.regionNames.stream().filter("square"::equals).count()).isEqualTo(r.sample().longValue("regions_square"));
        assertThat(rec.logMessages).hasSize((int) r.sample().longValue("logs_timeout"));
        assertThat(rec.count(reason(Reason.WAITGROUP))).isEqualTo(r.sample().longValue("waitgroup_waits"));
        // Each timeout is a select that waited at least its timeout.
        long timeoutNanos = r.sample().longValue("timeout_ms") * 1_000_000;
        assertThat(rec.count(reason(Reason.CHAN_SELECT).and(s -> s.nanos() >= timeoutNanos)))
                .isGreaterThanOrEqualTo(r.sample().longValue("timeouts"));
        assertThat(rec.taskLabels).hasSize((int) r.sample().longValue("tasks_started") + 1);
    }

    @Test
    void carrierStarvationShowsInTheTickersSleeps() throws Exception {
        Run r = underAgent(List.of(), CarrierStarvation.class, "--spin-ms", "150", "--tickers", "2");
        RecordingAggregates rec = r.recording();
        var tickerSleeps = reason(Reason.SLEEP).and(threadPrefix("ticker-"));
        // Every completed 1 ms sleep of a ticker is one suspension, also the sleeps that return
        // without unmounting because the carrier was descheduled past their deadline.
        long completed = r.sample().longValue("baseline_wakeups") + r.sample().longValue("starved_wakeups");
        assertThat(rec.count(tickerSleeps)).isEqualTo(completed);
        // The longest one is the sleep plus the wait for a carrier the sample measured: 1 ms + lateness,
        // within 10% or 5 ms, whichever is larger.
        double lateMs = Math.max(r.sample().doubleValue("baseline_max_late_ms"), r.sample().doubleValue("starved_max_late_ms"));
        double recordedMs = rec.maxNanos(tickerSleeps) / 1e6;
        assertThat(recordedMs).isCloseTo(lateMs + 1, org.assertj.core.data.Offset.offset(Math.max(5, lateMs * 0.1)));
    }

    @Test
    void fileIoRecordsEachBlockedPlainRead() throws Exception {
        Run r = underAgent(List.of(), FileIoCompensation.class, "--tasks", "4", "--block-ms", "100");
        assertThat(r.recording().count(reason(Reason.FILE_READ).and(threadPrefix("plain-reader-"))))
                .isEqualTo(r.sample().longValue("plain_reads"));
    }

    @Test
    void fileIoRecordsEachBlockedSynchronousWrite() throws Exception {
        Run r = underAgent(List.of(), FileIoCompensation.class, "--tasks", "4", "--block-ms", "100");
        assertThat(r.recording().count(reason(Reason.FILE_WRITE).and(threadPrefix("sync-writer-"))))
                .isEqualTo(r.sample().longValue("sync_writes"));
    }

    @Test
    void pinningIsRecordedForTheWaitsThatStillPin() throws Exception {
        Run r = underAgent(List.of(), Pinning.class, "--sleep-ms", "50");
        RecordingAggregates rec = r.recording();
        long sleepNanos = r.sample().longValue("sleep_ms") * 1_000_000;
        for (String thread : List.of("clinit-runner", "native-frame")) {
            assertThat(rec.count(s -> s.thread().equals(thread) && s.pinned() && s.nanos() >= sleepNanos * 9 / 10))
                    .as("pinned suspension of %s", thread).isEqualTo(1);
        }
        if (r.sample().longValue("jdk") >= 24) {
            assertThat(rec.count(s -> s.thread().equals("synchronized") && s.pinned())).isZero();
            assertThat(rec.count(s -> s.thread().equals("synchronized") && s.reason().equals(Reason.SLEEP))).isEqualTo(1);
        }
    }

    /**
     * The JVM's own pin events as the agent recorded them. With startup=wait: at the default start
     * the sample is over before JFR runs, and the JDK's events of that time are not recorded
     * (what the probes saw is, see docs/agent.md "Start-up").
     */
    @Test
    void pinningRecordsTheClassInitWaiterThroughTheJdksEvent() throws Exception {
        Run r = underAgent("startup=wait", List.of(), Pinning.class, "--sleep-ms", "50");
        RecordingAggregates rec = r.recording();
        // Subject to the agent's threshold for JDK events, so the shorter class-init wait may be
        // missing: never the synchronized one.
        List<String> pinnedThreads = List.of(r.sample().truth.get("pinned_threads").split(","));
        assertThat(rec.jdkPinnedThreads).contains("clinit-runner", "native-frame").isSubsetOf(pinnedThreads);
        // No agent probe runs in the waiter's context: it waits inside the VM. The agent's
        // recording carries the JDK's jdk.VirtualThreadPinned for it (the analyzer files it under
        // class.init), and no Suspend is invented for it.
        assertThat(rec.jdkPinnedThreads).contains("clinit-waiter");
        assertThat(rec.count(s -> s.thread().equals("clinit-waiter"))).isZero();
    }

    @Test
    void demoMatchesItsGroundTruth() throws Exception {
        Run r = underAgent(List.of(), Demo.class);
        RecordingAggregates rec = r.recording();
        SampleRun s = r.sample();
        assertThat(rec.count(reason(Reason.WAITGROUP))).isEqualTo(s.longValue("waitgroup_waits"));
        assertThat(rec.taskLabels).hasSize((int) s.longValue("task_labels"));
        assertThat(rec.regionNames.stream().filter("square"::equals).count()).isEqualTo(s.longValue("regions_square"));
        assertThat(rec.logMessages).hasSize((int) s.longValue("logs"));
        long pinnedNanos = s.longValue("pinned_ms") * 1_000_000;
        assertThat(rec.count(x -> x.thread().equals("pinned-clinit") && x.pinned() && x.nanos() >= pinnedNanos * 9 / 10))
                .isEqualTo(s.longValue("pinned_waits"));
        assertThat(rec.count(reason(Reason.PARK_LOCK).and(threadPrefix("fetch-")))).isPositive();
        assertThat(rec.count(reason(Reason.CHAN_SELECT).and(threadPrefix("consumer"))))
                .isGreaterThanOrEqualTo(s.longValue("pipeline_select_timeouts"));
        double lateMs = s.doubleValue("ticker_max_late_ms");
        assertThat(rec.maxNanos(reason(Reason.SLEEP).and(threadPrefix("ticker-"))) / 1e6)
                .isCloseTo(lateMs + 1, org.assertj.core.data.Offset.offset(Math.max(5, lateMs * 0.1)));
    }
}
