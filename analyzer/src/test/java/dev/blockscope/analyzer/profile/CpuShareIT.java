package dev.blockscope.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CPU per virtual thread against ground truth: {@link CpuShares} under the agent with
 * {@code profile=cpu}; three virtual threads share one carrier and print the CPU each burnt; the
 * analysis must give each its share of their CPU samples within 5 percentage points.
 */
public class CpuShareIT {
    @TempDir Path dir;

    public record Run(int exit, String out, String err) {}

    static Run java(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    public static Run underAgent(Path jfr, String agentOptions, Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "-javaagent:" + System.getProperty("blockscope.agent.jar") + "=file=" + jfr + "," + agentOptions,
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Run run = java(command);
        assertThat(run.exit()).as(run.err()).isZero();
        return run;
    }

    @Test
    void threeVirtualThreadsOnOneCarrierGetTheirShareOfTheCpuSamples() throws Exception {
        Path jfr = dir.resolve("shares.jfr");
        Run run = underAgent(jfr, "profile=cpu,interval=1ms,startup=wait", CpuShares.class, "1.5");
        Map<String, Long> burnt = new HashMap<>();
        run.out().lines().filter(l -> l.startsWith("GROUND-TRUTH burn ")).forEach(l -> {
            String[] f = l.split(" ");
            burnt.put(f[2], Long.parseLong(f[3]));
        });
        assertThat(burnt).as(run.out()).containsOnlyKeys("burn-60", "burn-30", "burn-10");
        assertThat(run.err()).doesNotContain("blockscope: profile=");

        Analysis a = RecordingAnalyzer.analyze(jfr, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        // the file holds all three: JFR's chunks, blockscope's and async-profiler's, read as one
        assertThat(a.source().kind()).isEqualTo("blockscope");
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.source().eventsByType().get("jdk.ExecutionSample")).isPositive();
        assertThat(a.cpu()).isNotNull();
        assertThat(a.cpu().intervalNanos()).isEqualTo(1_000_000L);
        Map<String, Long> idByName = new HashMap<>();
        for (Analysis.TaskRow t : a.tasks()) {
            if (t.name() != null && burnt.containsKey(t.name())) {
                idByName.put(t.name(), t.id());
                long end = t.end() == null ? a.window().durationNanos() : t.end();
                assertThat(t.states().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(end - t.start());
            }
        }
        assertThat(idByName).containsOnlyKeys(burnt.keySet());
        Map<Long, Long> samples = new HashMap<>();
        a.cpu().tasks().forEach(r -> samples.put(r.task(), r.samples()));
        long sampled = idByName.values().stream().mapToLong(id -> samples.getOrDefault(id, 0L)).sum();
        long truth = burnt.values().stream().mapToLong(Long::longValue).sum();
        assertThat(sampled).as("samples of the three").isGreaterThan(1000);
        StringBuilder report = new StringBuilder();
        for (String name : burnt.keySet()) {
            double expected = (double) burnt.get(name) / truth;
            double got = (double) samples.getOrDefault(idByName.get(name), 0L) / sampled;
            report.append(String.format(java.util.Locale.ROOT, "%s: burnt %.1f%%, sampled %.1f%%%n", name, 100 * expected, 100 * got));
        }
        System.out.print(report);
        for (String name : burnt.keySet()) {
            double expected = (double) burnt.get(name) / truth;
            double got = (double) samples.getOrDefault(idByName.get(name), 0L) / sampled;
            assertThat(got).as(report.toString()).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.05));
        }
        // each thread burns in a method of its own: a sample whose stack shows one thread's turn is that thread's
        Map<String, String> turnOf = Map.of("burn-60", "turnSixty", "burn-30", "turnThirty", "burn-10", "turnTen");
        for (String name : burnt.keySet()) {
            Analysis.CpuTask row = a.cpu().tasks().stream().filter(r -> r.task() == idByName.get(name)).findFirst().orElseThrow();
            long own = 0;
            long others = 0;
            for (Analysis.CpuStack st : row.stacks()) {
                List<String> frames = st.stack() < 0 ? List.of() : a.stacks().get(st.stack());
                for (Map.Entry<String, String> t : turnOf.entrySet()) {
                    if (frames.stream().anyMatch(f -> f.contains("CpuShares." + t.getValue()))) {
                        if (t.getKey().equals(name)) {
                            own += st.samples();
                        } else {
                            others += st.samples();
                        }
                    }
                }
            }
            assertThat(others).as(name + ": samples in another thread's turn, of " + own).isLessThanOrEqualTo(Math.max(2, own / 100));
        }
        // the per-task CPU time is samples x interval, and the carrier's own samples are said
        Analysis.CpuTask top = a.cpu().tasks().stream().filter(r -> r.task() == idByName.get("burn-60")).findFirst().orElseThrow();
        assertThat(top.nanos()).isEqualTo(top.samples() * 1_000_000L);
        assertThat(top.stacks()).isNotEmpty();
        assertThat(a.stacks().get(top.stacks().getFirst().stack())).anyMatch(f -> f.contains("CpuShares"));
        assertThat(a.cpu().carrierOwn()).isLessThan(a.cpu().samples() / 10);
    }

    @Test
    void aProfilerThatCannotLoadIsOneLineAndTheRestRecords() throws Exception {
        Path jfr = dir.resolve("noprofiler.jfr");
        List<String> command = List.of(
                "-javaagent:" + System.getProperty("blockscope.agent.jar") + "=file=" + jfr + ",profile=cpu,startup=wait",
                "-Done.profiler.libraryPath=" + dir.resolve("missing.so"),
                "-cp", System.getProperty("java.class.path"), CpuShares.class.getName(), "2");
        Run run = java(command);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("GROUND-TRUTH burn burn-60");
        assertThat(run.err().lines().filter(l -> l.startsWith("blockscope: profile=cpu")).toList()).hasSize(1)
                .allMatch(l -> l.contains("async-profiler could not load") && l.contains("recording without samples"));
        Analysis a = RecordingAnalyzer.analyze(jfr, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().kind()).isEqualTo("blockscope");
        // without async-profiler JFR's own sampler stays on (every 20 ms), naming virtual threads itself
        assertThat(a.cpu()).isNotNull();
        assertThat(a.cpu().source()).isEqualTo("jdk.ExecutionSample");
        assertThat(a.cpu().intervalNanos()).isNull();
        assertThat(a.tasks()).anyMatch(t -> "burn-60".equals(t.name()));
        assertThat(a.source().limits()).anyMatch(l -> l.contains("profiler") && l.contains("could not load"));
        assertThat(Files.exists(jfr.resolveSibling(jfr.getFileName() + ".profiler.jfr"))).isFalse();
    }
}
