package dev.blockscope.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

/**
 * {@link SoakWorkload} in this JVM, without agent and small: its pairs end together, its counts
 * add up, and the harness reads back the line it prints. Nothing here is timed.
 */
class SoakWorkloadTest {
    @Test
    @Timeout(60)
    void pairsEndTogetherAndTheCountsAddUp() throws Exception {
        SoakWorkload.Result r = SoakWorkload.run(new SoakWorkload.Settings(200, 1, 3, 0.2, 1));

        assertThat(r.threads()).isEqualTo(200);
        assertThat(r.inconsistency()).isNull();
        assertThat(r.rounds()).isPositive();
        assertThat(r.windowRounds()).isPositive().isLessThanOrEqualTo(r.rounds());
        // every round of every thread is one sleep, one lock, one monitor entry and half a hand-off
        assertThat(r.sleeps()).isEqualTo(r.rounds());
        assertThat(r.locks()).isEqualTo(r.rounds());
        assertThat(r.monitors()).isEqualTo(r.rounds());
        assertThat(r.puts()).isEqualTo(r.takes());
        assertThat(r.puts() + r.takes()).isEqualTo(r.rounds());
        // both threads of a pair run the same rounds, so the total is even
        assertThat(r.rounds() % 2).isZero();
        assertThat(r.windowEndEpochNanos()).isGreaterThan(r.windowBeginEpochNanos());
        assertThat(r.windowNanos()).isPositive();
        assertThat(r.windowCpuNanos()).isPositive();
    }

    @Test
    @Timeout(60)
    void theHarnessReadsBackTheLineItPrints() throws Exception {
        SoakWorkload.Result r = SoakWorkload.run(new SoakWorkload.Settings(7, 0, 1, 0, 0.2));

        assertThat(r.threads()).as("rounded up to whole pairs").isEqualTo(8);
        assertThat(SoakWorkload.Result.parse("something else\n" + r.line() + "\n")).isEqualTo(r);
    }

    @Test
    void theCeilingIsTheThreadsOverTheLongerSleepOfAPair() {
        // 1-2 ms: the longer of two sleeps is 2 ms three times in four, so 1.75 ms on average
        assertThat(new SoakWorkload.Settings(10_000, 1, 2, 0, 1).ceilingRoundsPerSecond()).isCloseTo(10_000 / 1.75e-3,
                offset(1e-6));
        assertThat(new SoakWorkload.Settings(10_000, 10, 100, 0, 1).ceilingRoundsPerSecond()).isBetween(142_000.0, 143_500.0);
    }

    @Test
    void aSleepRangeIsMinDashMax() {
        assertThat(SoakWorkload.Settings.range("10-100")).containsExactly(10, 100);
        assertThatThrownBy(() -> SoakWorkload.Settings.range("10")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoakWorkload.Settings(10, 5, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
