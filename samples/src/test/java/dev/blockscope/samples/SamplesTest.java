package dev.blockscope.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each sample runs in its own JVM with small parameters and prints one sane ground-truth line.
 * The context-switch and memory figures are benchmarks: only positive, finite numbers are checked.
 */
class SamplesTest {

    @Test
    void contextSwitchReportsAPositiveCostForEachContender() throws Exception {
        SampleRun r = SampleRun.run(List.of(), ContextSwitch.class, "--rounds", "2000");
        assertThat(r.truth).containsEntry("sample", "context-switch").containsEntry("rounds", "2000");
        for (String key : List.of("platform_ns_per_switch", "virtual_ns_per_switch", "runtime_ns_per_switch")) {
            assertThat(r.doubleValue(key)).as(key).isPositive().isFinite();
        }
        assertThat(r.doubleValue("book_os_thread_ns")).isEqualTo(1467.0);
        assertThat(r.doubleValue("book_goroutine_ns")).isEqualTo(225.0);
        assertThat(r.truth.get("platform_pinned_cpu0")).isIn("true", "false");
        assertThat(r.lines).anyMatch(l -> l.contains("1467 ns") && l.contains("platform threads"));
    }

    @Test
    void memoryPerTaskReportsPositiveSizes() throws Exception {
        SampleRun r = SampleRun.run(List.of(), MemoryPerTask.class, "--virtual", "2000", "--platform", "200");
        assertThat(r.longValue("virtual_tasks")).isEqualTo(2000);
        assertThat(r.longValue("platform_tasks")).isEqualTo(200);
        // A parked virtual thread keeps its stack on the heap: at least a few hundred bytes.
        assertThat(r.doubleValue("virtual_heap_bytes_per_task")).isPositive();
        assertThat(r.doubleValue("platform_rss_bytes_per_task")).isPositive();
    }

    @Test
    void waitGroupFanOutSumsEveryWorkerAndClosuresBehave() throws Exception {
        SampleRun r = SampleRun.run(List.of(), WaitGroupClosure.class, "--workers", "7");
        assertThat(r.longValue("sum")).isEqualTo(1 + 4 + 9 + 16 + 25 + 36 + 49).isEqualTo(r.longValue("expected_sum"));
        assertThat(r.truth).containsEntry("salutation", "welcome").containsEntry("loop_closures_own_value", "true");
        assertThat(r.longValue("tasks_started")).isEqualTo(7 + 1 + 3);
        assertThat(r.lines).contains("loop closure: hello", "loop closure: greetings", "loop closure: good day");
    }

    @Test
    void pinningMatchesWhatTheJdkReports() throws Exception {
        SampleRun r = SampleRun.run(List.of(), Pinning.class, "--sleep-ms", "50");
        assertThat(r.longValue("jdk")).isGreaterThanOrEqualTo(21);
        // The sample's own expectation against the JDK's jdk.VirtualThreadPinned events.
        assertThat(r.longValue("jdk_reported_pins")).isEqualTo(r.longValue("pinned_waits"));
        assertThat(r.longValue("jdk_reported_pinned_threads")).isEqualTo(r.longValue("pinned_waits"));
        if (r.longValue("jdk") >= 24) {
            assertThat(r.truth).containsEntry("unpinned_threads", "synchronized");
        }
    }

    @Test
    void carrierStarvationDelaysTickersByAboutTheSpin() throws Exception {
        SampleRun r = SampleRun.run(List.of(), CarrierStarvation.class, "--spin-ms", "150", "--tickers", "2");
        assertThat(r.longValue("parallelism")).isEqualTo(2);
        assertThat(r.longValue("baseline_wakeups")).isPositive();
        assertThat(r.longValue("starved_wakeups")).isPositive();
        // With every carrier held for 150 ms a ticker that slept 1 ms cannot run before the end.
        assertThat(r.doubleValue("starved_max_late_ms")).isGreaterThan(50.0);
    }

    @Test
    void fileIoCompensatesOnlyForSynchronousWrites() throws Exception {
        SampleRun r = SampleRun.run(List.of(), FileIoCompensation.class, "--tasks", "4", "--block-ms", "100");
        assertThat(r.longValue("parallelism")).isEqualTo(2);
        assertThat(r.longValue("sync_write_max_carriers")).isGreaterThan(2);
        if (r.longValue("jdk") == 25) {
            // JDK 25 no longer compensates plain file reads (JDK 21 did): two carriers, two reads at once.
            assertThat(r.longValue("plain_read_max_concurrent")).isEqualTo(2);
        } else {
            assertThat(r.longValue("plain_read_max_concurrent")).isBetween(2L, 4L);
        }
    }

    @Test
    void channelPipelineDeliversEveryItemOnce() throws Exception {
        // one worker: while it squares a slow item (30 ms) no square comes, so the consumer's 5 ms
        // select times out, about once per slow item (5 of 50; a consumer kept off the CPU for
        // a whole slow item would miss that one), each logged
        SampleRun r = SampleRun.run(List.of(), ChannelPipeline.class, "--items", "50", "--workers", "1",
                "--slow-every", "10", "--slow-ms", "30", "--timeout-ms", "5");
        assertThat(r.longValue("items")).isEqualTo(50);
        assertThat(r.longValue("sum")).isEqualTo(r.longValue("expected_sum")).isEqualTo(42925);
        assertThat(r.longValue("regions_square")).isEqualTo(50);
        assertThat(r.longValue("timeouts")).isPositive();
        assertThat(r.longValue("logs_timeout")).isEqualTo(r.longValue("timeouts"));
    }

    @Test
    void demoRunsAndReportsEachPhase() throws Exception {
        SampleRun r = SampleRun.run(List.of(), Demo.class);
        assertThat(r.longValue("pipeline_items")).isEqualTo(60);
        assertThat(r.longValue("pipeline_sum")).isEqualTo(73810);
        assertThat(r.longValue("file_bytes_read")).isEqualTo(1 << 20);
        assertThat(r.longValue("fanout_tasks")).isEqualTo(8);
        assertThat(r.doubleValue("ticker_max_late_ms")).isPositive();
    }

    @Test
    void badOptionIsOneLineAndExitStatusTwo() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), ChannelPipeline.class.getName(), "--items", "many")
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out.strip()).isEqualTo("error: --items must be a positive integer, not 'many'");
    }

    @Test
    void groundTruthLineRoundTrips() {
        String line = GroundTruth.of("x").put("a", 1).put("b", 2.5).put("c", "two words").line();
        assertThat(line).isEqualTo("GROUND-TRUTH sample=x a=1 b=2.500 c=two_words");
        assertThat(GroundTruth.parse(line)).containsExactly(
                java.util.Map.entry("sample", "x"), java.util.Map.entry("a", "1"),
                java.util.Map.entry("b", "2.500"), java.util.Map.entry("c", "two_words"));
    }
}
