package dev.blockscope.analyzer.model;

/**
 * The positions of the first {@code n} values of a {@code long[]} in ascending order of value,
 * ties in position order: what a stable sort of boxed positions by a comparator gives, without
 * boxing or a comparator. Callers that sort the same values again as more arrive keep what
 * they hold in this order, so the next sort finds it as one run. Boxed {@code Integer[]} sorts
 * of this kind were a tenth of the soak recording's analysis (docs/analyzer-speed.md).
 */
public final class StableOrder {
    private StableOrder() {}

    /**
     * The positions 0..n-1 ordered by {@code key}, stable. A natural merge sort: the ascending
     * runs the input already has are merged pairwise, those after the first among themselves and
     * the first (what a caller kept in order from its previous sort) once with their result, so a
     * long sorted prefix costs one pass, not one per level of merging.
     */
    public static int[] of(long[] key, int n) {
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        int[] runs = runStarts(key, n);
        int count = runs.length - 1;
        if (count <= 1) {
            return order;
        }
        int prefix = runs[1];
        int[] buffer = new int[n];
        int[] rest = mergeRuns(key, order, buffer, java.util.Arrays.copyOfRange(runs, 1, runs.length), count - 1);
        int[] out = rest == order ? buffer : order; // the other one: nothing in it is needed any more
        int i = 0;
        int j = prefix;
        for (int k = 0; k < n; k++) {
            // the first run is positions 0..prefix-1 in order: ties go to it, the earlier positions
            out[k] = j >= n || (i < prefix && key[i] <= key[rest[j]]) ? i++ : rest[j++];
        }
        return out;
    }

    /**
     * Merges the {@code count} runs beginning at {@code runs[0..count-1]} (then their end) of
     * {@code a}, pairwise, using {@code b}; returns whichever of the two holds the result there.
     */
    private static int[] mergeRuns(long[] key, int[] a, int[] b, int[] runs, int count) {
        int end = runs[count];
        while (count > 1) {
            int merged = 0;
            for (int r = 0; r < count; r += 2) {
                int lo = runs[r];
                if (r + 1 == count) {
                    System.arraycopy(a, lo, b, lo, runs[r + 1] - lo);
                } else {
                    merge(key, a, b, lo, runs[r + 1], runs[r + 2]);
                }
                runs[merged++] = lo;
            }
            runs[merged] = end;
            count = merged;
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /** Where each ascending run begins, then {@code n}. */
    private static int[] runStarts(long[] key, int n) {
        int count = n == 0 ? 0 : 1;
        for (int k = 1; k < n; k++) {
            if (key[k - 1] > key[k]) {
                count++;
            }
        }
        int[] runs = new int[count + 1];
        int r = 0;
        if (n > 0) {
            runs[r++] = 0;
        }
        for (int k = 1; k < n; k++) {
            if (key[k - 1] > key[k]) {
                runs[r++] = k;
            }
        }
        runs[r] = n;
        return runs;
    }

    private static void merge(long[] key, int[] from, int[] to, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
            to[k] = j >= hi || (i < mid && key[from[i]] <= key[from[j]]) ? from[i++] : from[j++];
        }
    }
}
