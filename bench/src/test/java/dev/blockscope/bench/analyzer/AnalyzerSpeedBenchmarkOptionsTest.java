package dev.blockscope.bench.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark's options: a mistyped one or {@code --help} is an error, not a six-minute default run. */
class AnalyzerSpeedBenchmarkOptionsTest {
    @Test
    void knownOptionsAreRead() {
        assertThat(AnalyzerSpeedBenchmark.options(new String[] {"--file", "none", "--soak-threads", "10"}))
                .containsEntry("file", "none").containsEntry("soak-threads", "10");
        assertThat(AnalyzerSpeedBenchmark.options(new String[] {"--warm", "3"})).containsEntry("warm", "3");
    }

    @Test
    void aContenderReadsItsFileAgainWarmAndSaysWhatEachTook() throws Exception {
        Path demo = Path.of("../analyzer/src/test/resources/golden/demo.jfr");
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Contender.main(new String[] {"blockscope", demo.toString(), "2"});
            Contender.main(new String[] {"blockscope", demo.toString()});
        } finally {
            System.setOut(out);
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\\R");
        assertThat(lines).hasSize(2);
        // RESULT name events nanos peakHeap peakRss cpu warmNanos warmCpu
        String[] warm = lines[0].split(" ");
        String[] cold = lines[1].split(" ");
        assertThat(warm).hasSize(9);
        assertThat(cold).hasSize(9);
        assertThat(warm[2]).isEqualTo(cold[2]);
        assertThat(Long.parseLong(warm[2])).isPositive();
        assertThat(Long.parseLong(warm[6])).isPositive();
        assertThat(Long.parseLong(warm[7])).isPositive();
        assertThat(Long.parseLong(warm[8])).isPositive();
        assertThat(cold[7]).isEqualTo("-1");
        assertThat(cold[8]).isEqualTo("-1");
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
