package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StableOrderTest {
    /** The order it replaced: boxed positions, stable sort by key. */
    private static int[] boxed(long[] key, int n) {
        Integer[] o = new Integer[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> Long.compare(key[a], key[b]));
        return Arrays.stream(o).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void ordersAsAStableBoxedSortDoesWithTiesInPositionOrder() {
        Random r = new Random(15);
        for (int round = 0; round < 500; round++) {
            int n = r.nextInt(300);
            long[] key = new long[n + r.nextInt(5)]; // values past n are not sorted
            int range = 1 + r.nextInt(round % 3 == 0 ? 4 : 1000);
            for (int i = 0; i < key.length; i++) {
                key[i] = round % 5 == 0 ? i / 3 + r.nextInt(2) : r.nextInt(range) - range / 2;
            }
            assertThat(StableOrder.of(key, n)).as("round %d", round).containsExactly(boxed(key, n));
        }
    }

    @Test
    void aSortedPrefixKeptFromTheLastSortThenWhatCameSince() {
        Random r = new Random(16);
        for (int round = 0; round < 300; round++) {
            int prefix = r.nextInt(200);
            int n = prefix + r.nextInt(200);
            long[] key = new long[n];
            long v = r.nextInt(10);
            for (int i = 0; i < prefix; i++) {
                key[i] = v += r.nextInt(3); // ties inside the prefix too
            }
            for (int i = prefix; i < n; i++) {
                key[i] = r.nextInt((int) v + 20); // ties with the prefix's values
            }
            assertThat(StableOrder.of(key, n)).as("round %d", round).containsExactly(boxed(key, n));
        }
    }

    @Test
    void shuffledInputTakesThePackedSortAndOrdersAsTheMergeDoes() {
        Random r = new Random(17);
        for (int round = 0; round < 300; round++) {
            int n = 2 + r.nextInt(round % 10 == 0 ? 5000 : 300);
            long[] key = new long[n];
            long base = round % 4 == 0 ? Long.MIN_VALUE / 2 : r.nextLong() / 4; // any offset: only the span counts
            int range = 1 + r.nextInt(round % 3 == 0 ? 4 : 1_000_000);
            for (int i = 0; i < n; i++) {
                key[i] = base + r.nextInt(range); // ties when the range is small
            }
            assertThat(StableOrder.packed(key, n)).as("round %d: packed", round).isNotNull();
            assertThat(StableOrder.of(key, n)).as("round %d", round).containsExactly(boxed(key, n));
        }
    }

    @Test
    void keysSpanningTooMuchForThePositionsBitsFallBackToTheMerge() {
        long[] key = {Long.MAX_VALUE, 0, Long.MIN_VALUE, 5, 5, -7, Long.MAX_VALUE, 1};
        assertThat(StableOrder.packed(key, key.length)).isNull();
        assertThat(StableOrder.of(key, key.length)).containsExactly(boxed(key, key.length));
        // the widest span that still fits beside 3 bits of position, and one more
        long[] fits = {(1L << 60) - 1, 0, 3, 0, 1L << 59, 2, 1, 7};
        assertThat(StableOrder.packed(fits, fits.length)).containsExactly(boxed(fits, fits.length));
        long[] over = {1L << 60, 0, 3, 0, 1L << 59, 2, 1, 7};
        assertThat(StableOrder.packed(over, over.length)).isNull();
        assertThat(StableOrder.of(over, over.length)).containsExactly(boxed(over, over.length));
    }

    @Test
    void sortedAndReversedInput() {
        long[] up = {1, 2, 2, 3, 9};
        assertThat(StableOrder.of(up, 5)).containsExactly(0, 1, 2, 3, 4);
        long[] down = {9, 3, 2, 2, 1};
        assertThat(StableOrder.of(down, 5)).containsExactly(4, 2, 3, 1, 0);
        assertThat(StableOrder.of(new long[0], 0)).isEmpty();
    }
}
