package dev.blockscope.analyzer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The latency grid adds a wait's whole cells as a difference instead of walking them; each cell
 * must get exactly what walking gave it, for waits inside one cell, across many, on cell
 * boundaries, before the grid's start and past its end (where the last cell takes the rest).
 */
class PinningLatencyGridTest {
    /** The grid as the summarizer filled it before: every cell of a wait walked. */
    private static long[] walked(long origin, long cell, int cells, long[][] waits) {
        long[] latency = new long[cells];
        for (long[] w : waits) {
            for (long t = w[0]; t < w[1]; ) {
                int i = (int) Math.max(0, Math.min(cells - 1, (t - origin) / cell));
                long cellEnd = origin + (i + 1) * cell;
                long upTo = i == cells - 1 ? w[1] : Math.min(w[1], cellEnd);
                latency[i] += upTo - t;
                t = upTo;
            }
        }
        return latency;
    }

    @Test
    void eachCellGetsWhatWalkingGaveIt() {
        long origin = 1_000_000_000L;
        long duration = 60_000_000_000L; // 60 s: 300 µs cells
        PinningSummarizer p = new PinningSummarizer(origin, duration);
        int cells = p.latencyCells().length;
        long cell = 300_000;
        Random random = new Random(15);
        long[][] waits = new long[4_000][];
        for (int k = 0; k < waits.length; k++) {
            long start = origin - 5_000_000 + (long) (random.nextDouble() * (duration + 10_000_000));
            long length = switch (k % 4) {
                case 0 -> random.nextInt(1_000);                       // inside a cell, mostly
                case 1 -> (long) (random.nextDouble() * 50_000_000);    // across many
                case 2 -> cell * (1 + random.nextInt(5));               // whole cells
                default -> (long) (random.nextDouble() * 500_000_000L);
            };
            if (k % 7 == 0) {
                start = origin + cell * random.nextInt(cells); // on a boundary
            }
            waits[k] = new long[] {start, start + length};
            p.latency(start, start + length);
        }
        p.latency(origin - 10, origin + duration + 99_000_000); // the whole grid and past both ends
        long[][] all = java.util.Arrays.copyOf(waits, waits.length + 1);
        all[waits.length] = new long[] {origin - 10, origin + duration + 99_000_000};
        assertThat(p.latencyCells()).isEqualTo(walked(origin, cell, cells, all));
        assertThat(p.latencyCells()).as("a second look adds nothing").isEqualTo(walked(origin, cell, cells, all));
    }
}
