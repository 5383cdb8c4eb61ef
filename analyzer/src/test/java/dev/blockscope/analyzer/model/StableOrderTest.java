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
    void sortedAndReversedInput() {
        long[] up = {1, 2, 2, 3, 9};
        assertThat(StableOrder.of(up, 5)).containsExactly(0, 1, 2, 3, 4);
        long[] down = {9, 3, 2, 2, 1};
        assertThat(StableOrder.of(down, 5)).containsExactly(4, 2, 3, 1, 0);
        assertThat(StableOrder.of(new long[0], 0)).isEmpty();
    }
}
