package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a preview of so many bytes ends ({@link RecordingReader#timeHolding}): each chunk's bytes spread over its span. */
class PreviewEndTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;

    private static Chunk chunk(int index, long startSeconds, long lengthNanos, long size) {
        return new Chunk(index, 0, size, T0 + startSeconds * S, lengthNanos, false);
    }

    /**
     * The layout of a soak's recording: the JDK's one chunk (0.5 MB over all 47 s) beside
     * blockscope's (8.6 MB every 2 s). 8 MB are held 1.856 s in, not at the JDK chunk's start
     * (its 0.5 MB counted whole there) nor at the end of blockscope's first chunk.
     */
    @Test
    void aChunkRunningBesideTheOthersCountsForItsShare() {
        List<Chunk> chunks = List.of(chunk(0, 0, 47 * S, 500_000), chunk(1, 0, 2 * S, 8_600_000), chunk(2, 2, 2 * S, 8_600_000),
                chunk(3, 4, 2 * S, 8_600_000));
        double perNano = 8_600_000 / 2e9 + 500_000 / 47e9;
        long expected = (long) Math.ceil(8_000_000 / perNano);
        assertThat(RecordingReader.timeHolding(chunks, 8_000_000) - T0).isBetween(expected - 2, expected + 2);
        // past blockscope's first chunk: its bytes whole, then the second's share
        long more = RecordingReader.timeHolding(chunks, 10_000_000) - T0;
        assertThat(more).isGreaterThan(2 * S).isLessThan(3 * S);
    }

    @Test
    void moreThanTheChunksHoldIsPastTheirEnd() {
        List<Chunk> chunks = List.of(chunk(0, 0, S, 1_000), chunk(1, 1, S, 1_000));
        assertThat(RecordingReader.timeHolding(chunks, 2_001)).isEqualTo(T0 + 2 * S + 1);
        assertThat(RecordingReader.timeHolding(chunks, 2_000)).isEqualTo(T0 + 2 * S);
        assertThat(RecordingReader.timeHolding(chunks, 1)).isBetween(T0, T0 + 1_000_000);
    }

    /** A chunk without a span (a header cut short) holds all its bytes at its start. */
    @Test
    void aChunkWithoutASpanHoldsItsBytesAtItsStart() {
        List<Chunk> chunks = List.of(chunk(0, 0, 0, 5_000), chunk(1, 3, 0, 5_000));
        assertThat(RecordingReader.timeHolding(chunks, 5_000)).isEqualTo(T0);
        assertThat(RecordingReader.timeHolding(chunks, 5_001)).isEqualTo(T0 + 3 * S);
    }
}
