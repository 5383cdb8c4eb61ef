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
        int[] runs = runStarts(key, n);
        int count = runs.length - 1;
        if (count > 1 && (long) count * RUNS_FOR_PACKED > n) {
            int[] packed = packed(key, n);
            if (packed != null) {
                return packed;
            }
        }
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
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
     * Input with more runs than a {@code 1/RUNS_FOR_PACKED} of its length (shuffled rather than
     * nearly sorted) is ordered by {@link #packed}. A carrier's run slices, which arrive as their
     * tasks' next waits end, come about three to a run: merged run by run through the positions,
     * their sorts were a twentieth of a 10,000-thread soak's analysis.
     */
    private static final int RUNS_FOR_PACKED = 16;

    /**
     * The order by one sort of primitive longs, each the key's offset from the smallest key
     * shifted left over the position's bits, or'ed with the position: equal keys then order by
     * position (stable), and the sort needs neither the positions' indirection nor a buffer of
     * them. Null when the keys span too much for the bits left (then the merge sort orders them).
     */
    static int[] packed(long[] key, int n) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int k = 0; k < n; k++) {
            min = Math.min(min, key[k]);
            max = Math.max(max, key[k]);
        }
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
        long span = max - min;
        if (span < 0 || (span >>> (63 - bits)) != 0) {
            return null; // the offsets and the position would not fit in a positive long
        }
        long[] packed = new long[n];
        for (int k = 0; k < n; k++) {
            packed[k] = (key[k] - min) << bits | k;
        }
        java.util.Arrays.sort(packed);
        long mask = (1L << bits) - 1;
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = (int) (packed[k] & mask);
        }
        return order;
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
