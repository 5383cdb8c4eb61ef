package dev.blockscope.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * async-profiler's lock samples per virtual thread against ground truth: {@link LockShares} under
 * the agent with {@code profile=lock}. async-profiler's jdk.JavaMonitorEnter names the carrier;
 * each must go to the virtual thread that got the monitor, which the stack proves (each thread
 * enters it in a method of its own). The entries' durations are async-profiler's and are printed
 * beside the waits each thread measured, not held to them: for a virtual thread they summed to a
 * third to a half of those waits, unevenly between threads, so their shares test async-profiler's
 * timing rather than the mapping.
 */
class LockShareIT {
    @TempDir Path dir;

    @Test
    void aCarriersLockSamplesGoToTheVirtualThreadThatGotTheMonitor() throws Exception {
        Path jfr = dir.resolve("lock.jfr");
        List<String> args = List.of(
                "-javaagent:" + System.getProperty("blockscope.agent.jar") + "=file=" + jfr + ",profile=lock,startup=wait",
                "-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.virtualThreadScheduler.maxPoolSize=2",
                "-cp", System.getProperty("java.class.path"), LockShares.class.getName(), "3");
        CpuShareIT.Run run = CpuShareIT.java(args);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("blockscope: profile=");
        Map<String, Long> waited = new HashMap<>();
        run.out().lines().filter(l -> l.startsWith("GROUND-TRUTH waited ")).forEach(l -> {
            String[] f = l.split(" ");
            waited.put(f[2], Long.parseLong(f[3]));
        });
        assertThat(waited).as(run.out()).containsOnlyKeys("hold-1", "hold-2", "hold-4", "hold-8");

        Analysis a = RecordingAnalyzer.analyze(jfr, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.lock()).as("lock profile").isNotNull();
        assertThat(a.source().limits()).anyMatch(l -> l.contains("lock samples") && l.contains("name the carrier"));
        Map<String, Long> idByName = new HashMap<>();
        a.tasks().stream().filter(t -> t.name() != null && waited.containsKey(t.name())).forEach(t -> idByName.put(t.name(), t.id()));
        assertThat(idByName).containsOnlyKeys(waited.keySet());
        Map<Long, Analysis.CpuTask> rows = new HashMap<>();
        a.lock().tasks().forEach(r -> rows.put(r.task(), r));

        Map<String, String> method = Map.of("hold-1", "holdOne", "hold-2", "holdTwo", "hold-4", "holdFour", "hold-8", "holdEight");
        long truth = waited.values().stream().mapToLong(Long::longValue).sum();
        long sampled = idByName.values().stream().mapToLong(id -> rows.containsKey(id) ? rows.get(id).nanos() : 0).sum();
        StringBuilder report = new StringBuilder();
        for (String name : waited.keySet()) {
            Analysis.CpuTask r = rows.get(idByName.get(name));
            report.append(String.format(Locale.ROOT, "%s: waited %d ms (%.1f%%), lock samples %d, %d ms (%.1f%%)%n", name,
                    waited.get(name) / 1_000_000, 100.0 * waited.get(name) / truth, r == null ? 0 : r.samples(),
                    r == null ? 0 : r.nanos() / 1_000_000, r == null ? 0 : 100.0 * r.nanos() / sampled));
        }
        report.append("carriers' own: ").append(a.lock().carrierOwn()).append(" of ").append(a.lock().samples()).append('\n');
        System.out.print(report);
        long entries = rows.values().stream().mapToLong(Analysis.CpuTask::samples).sum();
        // how many contended entries async-profiler samples in 3 s varies with the scheduling: 34 to 728 seen,
        // 34 in a full build on a loaded machine; enough for every thread's entries to be checked below
        assertThat(entries).as(report.toString()).isGreaterThan(20);
        long misattributed = 0;
        for (String name : waited.keySet()) {
            Analysis.CpuTask r = rows.get(idByName.get(name));
            assertThat(r).as(name + "\n" + report).isNotNull();
            // every entry given to this thread was made in its own method; none in another's
            long own = 0;
            long others = 0;
            for (Analysis.CpuStack st : r.stacks()) {
                List<String> frames = st.stack() < 0 ? List.of() : a.stacks().get(st.stack());
                for (Map.Entry<String, String> m : method.entrySet()) {
                    if (frames.stream().anyMatch(f -> f.contains("LockShares." + m.getValue()))) {
                        if (m.getKey().equals(name)) {
                            own += st.samples();
                        } else {
                            others += st.samples();
                        }
                    }
                }
            }
            // a lock sample goes to the slice nearest its time within 1 ms (the profiler's chunk and the agent's
            // have clocks of their own, converted each with its chunk's header): most runs give a few of hundreds to
            // the neighbouring slice's thread (3 of 660, 1 of 27), but one clean-clone build of nine gave 15 of one
            // thread's 32, where the two clocks stood further apart than the threads' slices are long. What the
            // mapping does hold: each thread's entries are mostly its own, and few of all are another's
            assertThat(others).as(name + ": entries in another thread's method, of " + own + "\n" + report)
                    .isLessThan(own);
            misattributed += others;
            assertThat(own + others).as(name + "\n" + report).isEqualTo(r.samples());
            assertThat(r.nanos()).as(name + "\n" + report).isPositive();
        }
        assertThat(misattributed).as("entries in another thread's method, of " + entries + "\n" + report)
                .isLessThanOrEqualTo(entries / 4);
        assertThat(a.lock().carrierOwn()).as(report.toString()).isLessThanOrEqualTo(a.lock().samples() / 20);
    }
}
