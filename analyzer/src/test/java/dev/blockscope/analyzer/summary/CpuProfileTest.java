package dev.blockscope.analyzer.summary;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.Trace;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.TaskTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CPU samples of a carrier go to the virtual thread its run slices say was mounted then. */
public class CpuProfileTest {
    public static final long T0 = 1_000_000;
    public static final ThreadRef C = carrier(1);
    public static final ThreadRef A = virtual(10);
    static final ThreadRef B = virtual(11);
    static final ThreadRef P = platform(20);
    public static final List<List<String>> STACKS = List.of(List.of("app.A.work:10", "app.A.run:5"), List.of("app.B.work:20"),
            List.of("java.util.concurrent.ForkJoinPool.scan:1"), List.of("app.P.loop:3"), List.of("java.lang.Thread.sleep:1", "app.A.run:6"));

    /**
     * On carrier C: A runs [0, 1000), B [1000, 2000), nothing [2000, 3000), A [3000, 4000), B
     * [5000, 6000); a sample in each of those, and one of platform thread P.
     */
    public static Trace trace(boolean withSetting) {
        Trace t = new Trace()
                .start(A, T0, C).start(B, T0 + 1000, C)
                .suspend(A, T0 + 1000, T0 + 3000, "sleep", C, C, 4)
                .suspend(B, T0 + 2000, T0 + 5000, "park", C, C, -1)
                .end(A, T0 + 4000).end(B, T0 + 6000)
                .jdkStart(P, T0);
        if (withSetting) {
            t.add(new TraceEvent.ProfilerSetting(T0, "interval", "1000")).add(new TraceEvent.ProfilerSetting(T0, "event", "cpu"))
                    .add(new TraceEvent.ProfilerSetting(T0, "engine", "perf_events"));
        }
        return t.add(new TraceEvent.ThreadSampled(T0 + 100, P, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 3))
                .add(new TraceEvent.ThreadSampled(T0 + 500, C, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 0))
                .add(new TraceEvent.ThreadSampled(T0 + 1500, C, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 1))
                .add(new TraceEvent.ThreadSampled(T0 + 2500, C, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 2))
                .add(new TraceEvent.ThreadSampled(T0 + 3500, C, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 0))
                .add(new TraceEvent.ThreadSampled(T0 + 5500, C, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 1))
                // a wall-clock sample is not CPU
                .add(new TraceEvent.ThreadSampled(T0 + 5600, C, "profiler.WallClockSample", "STATE_RUNNABLE", 1, 1))
                .jdkEnd(P, T0 + 6000);
    }

    public static Analysis analyze(Trace t) {
        return RecordingAnalyzer.analyzeEvents("synthetic", t.events(), STACKS, T0, T0 + 6000, AnalysisOptions.DEFAULT);
    }

    static Map<Long, Analysis.CpuTask> rows(Analysis a) {
        Map<Long, Analysis.CpuTask> rows = new java.util.HashMap<>();
        a.cpu().tasks().forEach(r -> rows.put(r.task(), r));
        return rows;
    }

    @Test
    void aCarriersSamplesGoToTheVirtualThreadMountedThenAndTheRestStaysTheCarriers() {
        Analysis a = analyze(trace(true));
        assertThat(a.cpu()).isNotNull();
        assertThat(a.cpu().source()).isEqualTo("cpu");
        assertThat(a.cpu().engine()).isEqualTo("perf_events");
        assertThat(a.cpu().intervalNanos()).isEqualTo(1000L);
        assertThat(a.cpu().samples()).isEqualTo(6);
        assertThat(a.cpu().carrierOwn()).isEqualTo(1);
        Map<Long, Analysis.CpuTask> rows = rows(a);
        assertThat(rows.get(10L).samples()).isEqualTo(2);
        assertThat(rows.get(10L).nanos()).isEqualTo(2000L);
        assertThat(rows.get(10L).stacks()).containsExactly(new Analysis.CpuStack(0, 2));
        assertThat(rows.get(11L).stacks()).containsExactly(new Analysis.CpuStack(1, 2));
        assertThat(rows.get(1L).samples()).isEqualTo(1);
        assertThat(rows.get(1L).carrierOwn()).isEqualTo(1);
        assertThat(rows.get(1L).stacks()).containsExactly(new Analysis.CpuStack(2, 1));
        assertThat(rows.get(20L).stacks()).containsExactly(new Analysis.CpuStack(3, 1));
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("1 of 5 CPU samples on carriers (20.0%) fell outside"));
    }

    /**
     * The CPU profile follows the window and the task filter as the blocking profile does: with
     * [1000, 4000) only the samples at 1500 (B), 2500 (the carrier's own) and 3500 (A) count; with
     * the task filter "vt-10" only A's, wherever they fell, and none of the carrier's or P's.
     */
    @Test
    void theWindowAndTheTaskFilterNarrowTheCpuProfile() {
        Trace t = trace(true);
        Analysis windowed = RecordingAnalyzer.analyzeEvents("synthetic", t.events(), STACKS, T0, T0 + 6000,
                new AnalysisOptions(AnalysisOptions.DEFAULT.timelineBudget(), null, 1000, 4000));
        assertThat(windowed.cpu().samples()).isEqualTo(3);
        Map<Long, Analysis.CpuTask> rows = rows(windowed);
        assertThat(rows.keySet()).containsExactlyInAnyOrder(1L, 10L, 11L);
        assertThat(rows.get(10L).stacks()).containsExactly(new Analysis.CpuStack(0, 1));
        assertThat(rows.get(11L).stacks()).containsExactly(new Analysis.CpuStack(1, 1));
        assertThat(rows.get(1L).carrierOwn()).isEqualTo(1);

        Analysis filtered = RecordingAnalyzer.analyzeEvents("synthetic", trace(true).events(), STACKS, T0, T0 + 6000,
                new AnalysisOptions(AnalysisOptions.DEFAULT.timelineBudget(), "vt-10", 0, Long.MAX_VALUE));
        assertThat(filtered.cpu().samples()).isEqualTo(2);
        assertThat(rows(filtered).keySet()).containsExactly(10L);
        assertThat(filtered.cpu().carrierOwn()).isZero();
    }

    @Test
    void theJdksOwnSamplesAreCountedNotTimedAndTheLimitSaysSo() {
        Analysis a = analyze(trace(false));
        assertThat(a.cpu().intervalNanos()).isNull();
        assertThat(rows(a).get(10L).nanos()).isNull();
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("CPU samples are the JDK's method sampler's"));
    }

    @Test
    void theTaskTableHasACpuColumnAndTheJsonRowsCpuFields() {
        Analysis a = analyze(trace(true));
        StringWriter text = new StringWriter();
        TaskTable.write(a, TaskTable.Sort.CPU, 0, new PrintWriter(text));
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.getFirst()).contains(" CPU ");
        assertThat(lines.get(1)).startsWith("      10 ").contains("2.00 µs");
        List<Map<String, Object>> json = TaskTable.jsonRows(a);
        assertThat(json).filteredOn(r -> ((Number) r.get("id")).longValue() == 11L).singleElement()
                .satisfies(r -> {
                    assertThat(r).containsEntry("cpuSamples", 2L).containsEntry("cpuNanos", 2000L);
                });
        StringWriter one = new StringWriter();
        TaskTable.writeTask(a, 10, new PrintWriter(one));
        assertThat(one.toString()).contains("on CPU: 2 samples, 2.00 µs").contains("at app.A.work:10");
    }

    @Test
    void aRecordingWithoutCpuSamplesHasNoCpuProfile() {
        Trace t = new Trace().start(A, T0, C).suspend(A, T0 + 1000, T0 + 3000, "sleep", C, C, -1).end(A, T0 + 4000);
        Analysis a = analyze(t);
        assertThat(a.cpu()).isNull();
        StringWriter text = new StringWriter();
        TaskTable.write(a, TaskTable.Sort.WAITING, 0, new PrintWriter(text));
        assertThat(text.toString().lines().findFirst().orElseThrow()).doesNotContain("CPU");
        assertThat(TaskTable.jsonRows(a).getFirst()).containsEntry("cpuSamples", null);
    }

    /**
     * A recording without CPU samples does not keep every run slice to the end: 24 bytes a slice,
     * some 1 GB for a soak's 4M tasks, for samples that never came. The slices of the last second
     * stay, so a sample that comes late by a chunk's clock is still matched.
     */
    @org.junit.jupiter.api.Test
    void slicesOlderThanTheHorizonAreNotKeptWhileNoSampleCame() {
        CpuProfile p = new CpuProfile();
        long step = 2_000_000; // a slice every 2 ms, 1 ms long, for 20 s
        for (int i = 0; i < 10_000; i++) {
            p.slice(1, 100 + i, T0 + i * step, T0 + i * step + 1_000_000);
        }
        assertThat(p.slicesHeld(1)).isLessThan(2 * (int) (CpuProfile.NO_SAMPLE_HORIZON / step) + 4096)
                .isGreaterThanOrEqualTo((int) (CpuProfile.NO_SAMPLE_HORIZON / step));
        long last = T0 + 9_999 * step;
        p.sample(1, last + 500_000, 0);       // inside the last slice
        p.sample(1, last - 400 * step + 10, 0); // inside a slice 0.8 s before it
        Analysis.Cpu cpu = p.result(id -> id >= 100, true, new java.util.ArrayList<>(), Long.MIN_VALUE, Long.MAX_VALUE, id -> true);
        assertThat(cpu.tasks()).extracting(Analysis.CpuTask::task).containsExactlyInAnyOrder(100L + 9_999, 100L + 9_599);
        assertThat(cpu.carrierOwn()).isZero();
    }

    @Test
    void wallSamplesOfACarrierGoToTheVirtualThreadMountedThenWeightedAndTheLimitsSayWhatTheyCannotShow() {
        // A mounted [0, 1000) and [3000, 4000), B [1000, 2000) and [5000, 6000), the carrier idle [2000, 3000)
        Trace t = trace(true).add(new TraceEvent.ProfilerSetting(T0, "wall", "500"))
                .add(new TraceEvent.ThreadSampled(T0 + 200, C, "profiler.WallClockSample", "STATE_RUNNABLE", 1, 0))
                .add(new TraceEvent.ThreadSampled(T0 + 1200, C, "profiler.WallClockSample", "STATE_RUNNABLE", 1, 1))
                .add(new TraceEvent.ThreadSampled(T0 + 2200, C, "profiler.WallClockSample", "STATE_SLEEPING", 3, 2))
                .add(new TraceEvent.ThreadSampled(T0 + 3200, C, "profiler.WallClockSample", "STATE_RUNNABLE", 1, 0));
        Analysis a = analyze(t);
        assertThat(a.wall()).isNotNull();
        assertThat(a.wall().source()).isEqualTo("profiler.WallClockSample");
        assertThat(a.wall().intervalNanos()).isEqualTo(500L);
        Map<Long, Analysis.CpuTask> rows = new java.util.HashMap<>();
        a.wall().tasks().forEach(r -> rows.put(r.task(), r));
        // trace()'s own wall sample at 5600 is B's too; the idle one (weight 3) stays the carrier's
        assertThat(rows.get(A.id()).samples()).isEqualTo(2);
        assertThat(rows.get(A.id()).nanos()).isEqualTo(1000L);
        assertThat(rows.get(B.id()).samples()).isEqualTo(2);
        assertThat(rows.get(C.id()).samples()).isEqualTo(3);
        assertThat(a.wall().carrierOwn()).isEqualTo(3);
        assertThat(a.wall().samples()).isEqualTo(7);
        assertThat(a.source().limits()).anyMatch(l -> l.startsWith("3 of 7 wall samples on carriers (42.9%) fell outside"))
                .anyMatch(l -> l.contains("only while mounted"));
        // the CPU profile is unchanged by them
        assertThat(a.cpu().samples()).isEqualTo(6);
        Map<String, Object> row = TaskTable.jsonRows(a).stream().filter(r -> Long.valueOf(A.id()).equals(r.get("id"))).findFirst()
                .orElseThrow();
        assertThat(row).containsEntry("wallSamples", 2L).containsEntry("wallNanos", 1000L);
    }

    @Test
    void aCarriersContendedMonitorEntryGoesToTheVirtualThreadThatGotTheMonitorAndOtherThreadsEntriesAreLeftOut() {
        // A mounted on C [3000, 4000), B [5000, 6000): an entry on C that ended at 3400 is A's; one that ended at 4900,
        // 100 ns before B's slice began (the clocks of async-profiler's chunk and the agent's differ by microseconds),
        // is B's; platform thread P's own entry stays out of the lock profile (it is in the blocking profile)
        Trace t = trace(true)
                .add(new TraceEvent.Blocked(T0 + 3100, T0 + 3400, C, "monitor.enter", false, null, null, null, 0, false, -1, "java.lang.Object"))
                .add(new TraceEvent.Blocked(T0 + 4200, T0 + 4900, C, "monitor.enter", false, null, null, null, 1, false, -1, "java.lang.Object"))
                .add(new TraceEvent.Blocked(T0 + 200, T0 + 900, P, "monitor.enter", false, null, null, null, 3, false, -1, "java.lang.Object"));
        Analysis a = analyze(t);
        assertThat(a.lock()).isNotNull();
        assertThat(a.lock().source()).isEqualTo("jdk.JavaMonitorEnter");
        assertThat(a.lock().intervalNanos()).isNull();
        assertThat(a.lock().samples()).isEqualTo(2);
        assertThat(a.lock().carrierOwn()).isZero();
        assertThat(a.lock().tasks()).extracting(Analysis.CpuTask::task, Analysis.CpuTask::samples, Analysis.CpuTask::nanos)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(A.id(), 1L, 300L),
                        org.assertj.core.groups.Tuple.tuple(B.id(), 1L, 700L));
        assertThat(a.source().limits()).anyMatch(l -> l.contains("name the carrier"));
    }

    /**
     * With CPU samples coming as well, slices are still dropped once no later sample can fall in
     * them, each sample they held attributed first: the 5M-suspension ping-pong, with 316 of the
     * JDK's samples, kept all its 12M slices to the end and ran a 256 MiB heap out. Slices of 1 ms
     * every 2 ms for 40 s, a sample every 0.7 ms as the sampler sends them: each sample goes to
     * the slice it fell in, or stays the carrier's in a gap, exactly as when every slice was kept.
     */
    @org.junit.jupiter.api.Test
    void slicesAreDroppedWhileSamplesComeAndEverySampleStillFindsItsSlice() {
        CpuProfile p = new CpuProfile();
        long step = 2_000_000;
        long sampleEvery = 700_000;
        int slices = 20_000;
        long nextSample = T0;
        long inSlices = 0;
        long inGaps = 0;
        Map<Long, Long> expected = new java.util.HashMap<>();
        for (int i = 0; i < slices; i++) {
            long start = T0 + i * step;
            // the samples up to this slice's end came before it: a slice is handed over after its task's next wait
            while (nextSample < start + 1_000_000) {
                long task = nextSample >= start ? 100 + i : 0;
                if (task == 0) {
                    inGaps++;
                } else {
                    inSlices++;
                    expected.merge(task, 1L, Long::sum);
                }
                p.sample(1, nextSample, 0);
                nextSample += sampleEvery;
            }
            p.slice(1, 100 + i, start, start + 1_000_000);
        }
        assertThat(p.slicesHeld(1)).isLessThan(2 * (int) (CpuProfile.NO_SAMPLE_HORIZON / step) + 4096);
        Analysis.Cpu cpu = p.result(id -> id >= 100, true, new java.util.ArrayList<>(), Long.MIN_VALUE, Long.MAX_VALUE, id -> true);
        assertThat(cpu.samples()).isEqualTo(inSlices + inGaps);
        assertThat(cpu.carrierOwn()).isEqualTo(inGaps);
        Map<Long, Long> found = new java.util.HashMap<>();
        cpu.tasks().forEach(t -> {
            if (t.task() != 1) {
                found.put(t.task(), t.samples());
            }
        });
        assertThat(found).isEqualTo(expected);
    }
}
