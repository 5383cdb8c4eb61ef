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
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile=cpu} where perf events are not permitted: {@link CpuShares} under the agent,
 * started by {@code src/test/seccomp/NoPerfEvents.java}, whose seccomp filter makes
 * {@code perf_event_open} fail with EPERM for that JVM alone (as Docker's default profile does).
 * The agent must say so in one line, start async-profiler on itimer, and the analysis still give
 * each virtual thread its share of the CPU it measured itself.
 *
 * <p>Before the agent probed perf events itself, async-profiler 4.6 took {@code event=cpu} without
 * them, sampled with an engine of its own choosing (ctimer) and the agent said nothing.
 */
class CpuFallbackIT {
    @TempDir Path dir;

    @Test
    void withoutPerfEventsCpuFallsBackToItimerInOneLineAndStillGivesEachVirtualThreadItsShare() throws Exception {
        Path jfr = dir.resolve("itimer.jfr");
        CpuShareIT.Run run = CpuShareIT.java(List.of(
                "--enable-native-access=ALL-UNNAMED", Path.of("src/test/seccomp/NoPerfEvents.java").toAbsolutePath().toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the default interval (10 ms): CPU timers fire at most once a scheduler tick (4 ms here)
                "-javaagent:" + System.getProperty("blockscope.agent.jar") + "=file=" + jfr + ",profile=cpu,startup=wait",
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), CpuShares.class.getName(), "5"));
        Assumptions.assumeFalse(run.exit() == 3 && run.err().contains("NO-PERF-EVENTS unsupported"), run.err());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("NO-PERF-EVENTS installed");

        List<String> agentLines = run.err().lines().filter(l -> l.startsWith("blockscope:")).toList();
        assertThat(agentLines).as(run.err()).hasSize(1);
        assertThat(agentLines.getFirst()).startsWith("blockscope: profile=cpu: perf events not available (")
                .endsWith("; sampling the CPU with itimer");
        // async-profiler's own per-thread warnings of the failed perf events stay out of the application's stderr
        assertThat(run.err()).doesNotContain("[WARN]").doesNotContain("perf_event_open");

        Map<String, Long> burnt = new HashMap<>();
        run.out().lines().filter(l -> l.startsWith("GROUND-TRUTH burn ")).forEach(l -> {
            String[] f = l.split(" ");
            burnt.put(f[2], Long.parseLong(f[3]));
        });
        assertThat(burnt).as(run.out()).containsOnlyKeys("burn-60", "burn-30", "burn-10");

        Analysis a = RecordingAnalyzer.analyze(jfr, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.cpu()).isNotNull();
        assertThat(a.cpu().source()).isEqualTo("itimer");
        assertThat(a.cpu().engine()).isEqualTo("itimer");
        assertThat(a.cpu().intervalNanos()).isEqualTo(10_000_000L);
        assertThat(a.source().limits()).anyMatch(l -> l.contains("itimer") && l.contains("scheduler tick"));

        Map<String, Long> idByName = new HashMap<>();
        a.tasks().stream().filter(t -> t.name() != null && burnt.containsKey(t.name())).forEach(t -> idByName.put(t.name(), t.id()));
        assertThat(idByName).containsOnlyKeys(burnt.keySet());
        Map<Long, Analysis.CpuTask> rows = new HashMap<>();
        a.cpu().tasks().forEach(r -> rows.put(r.task(), r));
        long sampled = idByName.values().stream().mapToLong(id -> rows.containsKey(id) ? rows.get(id).samples() : 0).sum();
        long truth = burnt.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder report = new StringBuilder();
        for (String name : burnt.keySet()) {
            Analysis.CpuTask row = rows.get(idByName.get(name));
            report.append(String.format(Locale.ROOT, "%s: burnt %d ms (%.1f%%), sampled %d ms (%.1f%%)%n", name,
                    burnt.get(name) / 1_000_000, 100.0 * burnt.get(name) / truth, row == null ? 0 : row.nanos() / 1_000_000,
                    row == null ? 0 : 100.0 * row.samples() / sampled));
        }
        System.out.print(report);
        assertThat(sampled).as(report.toString()).isGreaterThan(300);
        for (String name : burnt.keySet()) {
            double expected = (double) burnt.get(name) / truth;
            double got = (double) rows.get(idByName.get(name)).samples() / sampled;
            // 7 points, not cpu's 5: itimer fires at scheduler ticks (4 ms here), longer than burn-10's turns of 1-3 ms
            assertThat(got).as(report.toString()).isCloseTo(expected, Offset.offset(0.07));
        }
        // at an interval above the tick, itimer's samples are CPU time: the three's together near what they burnt (1.10 seen;
        // a process-wide timer's signal goes to the thread running at the tick, so other threads' CPU can land on them),
        // where at 1 ms, below the 4 ms tick, they came to 0.27
        assertThat((double) sampled * 10_000_000L / truth).as(report.toString()).isBetween(0.75, 1.3);
    }
}
