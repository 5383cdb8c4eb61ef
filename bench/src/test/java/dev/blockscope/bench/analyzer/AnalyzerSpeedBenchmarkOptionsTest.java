package dev.blockscope.bench.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The benchmark's options: a mistyped one or {@code --help} is an error, not a six-minute default run. */
class AnalyzerSpeedBenchmarkOptionsTest {
    @Test
    void knownOptionsAreRead() {
        assertThat(AnalyzerSpeedBenchmark.options(new String[] {"--file", "none", "--soak-threads", "10"}))
                .containsEntry("file", "none").containsEntry("soak-threads", "10");
    }

    @Test
    void anUnknownOptionIsRefused() {
        assertThatThrownBy(() -> AnalyzerSpeedBenchmark.options(new String[] {"--help"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --help");
        assertThatThrownBy(() -> AnalyzerSpeedBenchmark.options(new String[] {"--file", "x.jfr", "--round", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown option --round");
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> AnalyzerSpeedBenchmark.options(new String[] {"--rounds"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds needs a value");
    }
}
