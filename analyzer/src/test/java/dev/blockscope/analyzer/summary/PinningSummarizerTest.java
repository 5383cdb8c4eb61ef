package dev.blockscope.analyzer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The latency grid is bounded whatever window a damaged file makes up. */
class PinningSummarizerTest {
    // A window of -214,748,365,100,000 ns made the cell count -2,147,483,649, cast to int
    // 2,147,483,647: a 16 GB array, an OutOfMemoryError at any heap size (issue 14); others a
    // negative array size.
    @ParameterizedTest
    @ValueSource(longs = {-214_748_365_100_000L, -214_748_364_900_000L, -1, 0, Long.MIN_VALUE, Long.MAX_VALUE, 5_000_000_000L})
    void anyDurationGivesABoundedGrid(long duration) {
        PinningSummarizer p = new PinningSummarizer(1_000_000_000L, duration);
        p.latency(1_000_000_000L, 1_500_000_000L);
        p.pinned(1, -1, "sleep", "NATIVE", 1_100_000_000L, 1_200_000_000L);
        assertThat(p.result(25, i -> List.of())).singleElement().satisfies(site -> assertThat(site.count()).isEqualTo(1));
    }
}
