package dev.blockscope.analyzer.summary;

/**
 * The positions of the first {@code n} values of a {@code long[]} in ascending order of value,
 * ties in position order: what a stable sort of boxed positions by a comparator gives, without
 * boxing or a comparator. A bottom-up merge sort that copies a run pair already in order whole,
 * so input that arrives nearly sorted (run slices, samples, the timeline's intervals) costs one
 * pass. Boxed {@code Integer[]} sorts of this kind were a tenth of the soak recording's analysis
 * (docs/analyzer-speed.md).
 */
final class StableOrder {
    private StableOrder() {}

    /** The positions 0..n-1 ordered by {@code key}, stable. */
    static int[] of(long[] key, int n) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        if (sorted(key, n)) {
            return order;
        }
        int[] buffer = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                if (mid >= hi || key[order[mid - 1]] <= key[order[mid]]) {
                    System.arraycopy(order, lo, buffer, lo, hi - lo);
                } else {
                    merge(key, order, buffer, lo, mid, hi);
                }
            }
            int[] t = order;
            order = buffer;
            buffer = t;
        }
        return order;
    }

    private static boolean sorted(long[] key, int n) {
        for (int k = 1; k < n; k++) {
            if (key[k - 1] > key[k]) {
                return false;
            }
        }
        return true;
    }

    private static void merge(long[] key, int[] from, int[] to, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            to[k] = j >= hi || (i < mid && key[from[i]] <= key[from[j]]) ? from[i++] : from[j++];
        }
    }
}
