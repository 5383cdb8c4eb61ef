package dev.blockscope.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wall samples per virtual thread against ground truth: {@link WallShares} under the agent with
 * {@code profile=wall}. async-profiler samples the one carrier; each of its samples must go to the
 * virtual thread mounted then, in proportion to the mounted time each measured itself, and the
 * sleeper, unmounted nearly all its life, must have almost none: its time is its waits.
 */
class WallShareIT {
    @TempDir Path dir;

    @Test
    void aCarriersWallSamplesGoToTheVirtualThreadMountedThenAndAnUnmountedOneHasItsWaits() throws Exception {
        Path jfr = dir.resolve("wall.jfr");
        CpuShareIT.Run run = CpuShareIT.underAgent(jfr, "profile=wall,interval=2ms,startup=wait", WallShares.class, "3");
        Map<String, Long> mounted = new HashMap<>();
        run.out().lines().filter(l -> l.startsWith("GROUND-TRUTH mounted ")).forEach(l -> {
            String[] f = l.split(" ");
            mounted.put(f[2], Long.parseLong(f[3]));
        });
        assertThat(mounted).as(run.out()).containsOnlyKeys("spin-a", "spin-b", "sleeper");
        assertThat(run.err()).doesNotContain("blockscope: profile=");

        Analysis a = RecordingAnalyzer.analyze(jfr, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        assertThat(a.source().skipped()).isEmpty();
        assertThat(a.wall()).as("wall profile").isNotNull();
        assertThat(a.wall().source()).isEqualTo("profiler.WallClockSample");
        assertThat(a.wall().intervalNanos()).isEqualTo(2_000_000L);
        assertThat(a.source().limits()).anyMatch(l -> l.contains("wall samples are of OS threads") && l.contains("only while mounted"));

        Map<String, Analysis.TaskRow> byName = new HashMap<>();
        a.tasks().stream().filter(t -> t.name() != null && mounted.containsKey(t.name())).forEach(t -> byName.put(t.name(), t));
        assertThat(byName).containsOnlyKeys(mounted.keySet());
        Map<Long, Long> samples = new HashMap<>();
        a.wall().tasks().forEach(r -> samples.put(r.task(), r.samples()));
        long spinA = samples.getOrDefault(byName.get("spin-a").id(), 0L);
        long spinB = samples.getOrDefault(byName.get("spin-b").id(), 0L);
        long sleeper = samples.getOrDefault(byName.get("sleeper").id(), 0L);
        double truthA = (double) mounted.get("spin-a") / (mounted.get("spin-a") + mounted.get("spin-b"));
        String report = String.format(Locale.ROOT,
                "spin-a mounted %d ms, %d samples; spin-b mounted %d ms, %d samples; sleeper mounted %d ms, %d samples;"
                        + " carriers' own %d of %d%n",
                mounted.get("spin-a") / 1_000_000, spinA, mounted.get("spin-b") / 1_000_000, spinB,
                mounted.get("sleeper") / 1_000_000, sleeper, a.wall().carrierOwn(), a.wall().samples());
        System.out.print(report);
        assertThat(spinA + spinB).as(report).isGreaterThan(300);
        assertThat((double) spinA / (spinA + spinB)).as(report).isCloseTo(truthA, Offset.offset(0.05));
        // mounted for well under 1% of its life: a sample of it would be a carrier's sample given to the
        // wrong task. On a loaded machine its mounts last longer (its carrier's OS thread waits for a
        // core while it is mounted), so it may have what its own measured mounted time is worth, twice
        long ownWorth = 2 * mounted.get("sleeper") / 2_000_000L + 3;
        assertThat(sleeper).as(report).isLessThanOrEqualTo(Math.max(ownWorth, Math.max(3, (spinA + spinB) / 50)));
        // what the sleeper did instead is in the agent's record: its sleeps, and its waits for the busy carrier after each
        Analysis.TaskRow s = byName.get("sleeper");
        long life = s.states().values().stream().mapToLong(Long::longValue).sum();
        assertThat(s.states().getOrDefault("SUSPENDED", 0L) + s.states().getOrDefault("RUNNABLE", 0L)).as(s.states().toString())
                .isGreaterThan(life * 9 / 10);
        assertThat(s.suspensions()).as("its sleeps").isGreaterThan(100);
    }
}
