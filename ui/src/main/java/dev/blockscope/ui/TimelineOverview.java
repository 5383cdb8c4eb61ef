package dev.blockscope.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline at a fixed resolution: every lane (task or carrier) cut into {@link #BUCKETS}
 * equal buckets (fewer when there are more than 2,048 lanes: {@link #CELL_BUDGET}) of the whole recording, each bucket holding what covered most of its time, how
 * much of it, and how many intervals touched it. A large report embeds this next to the exact
 * columns so the page can draw its first frame and every zoomed-out view from it, and answer a
 * hover truthfully ("12 intervals here, 71 % sleep"), before it has decoded millions of exact
 * intervals; those are decoded afterwards, off the main thread (docs/ui.md).
 *
 * <p>A task lane's bucket holds the (state, reason) pair with the most time in it. A carrier
 * lane (the virtual threads' RUNNING and BLOCKED_PINNED intervals on that carrier, not the
 * carrier thread's own intervals) holds per bucket the longest slice that touched it: its task and
 * state; carrier slices may overlap in the input, so "most time" is taken per slice.
 *
 * <p>Binary layout, little-endian, every section aligned to its element size so the page reads
 * it through typed-array views without copying:
 * <pre>
 * i32 version (1), buckets B, lanes L, carrier lanes C, pairs P, 0     24 bytes
 * f64 t0, t1                        the span the buckets divide          16 bytes
 * i32 pairState[P], i32 pairReason[P]   code k (1-based) is pair k-1; reason -1 = none
 * f64 laneId[L]                     task lanes first, then the C carrier lanes
 * f64 carrierTask[C * B]            task of the bucket's longest slice (-1 when empty)
 * u16 code[L * B]                   dominant pair, 0 when nothing touched the bucket
 * u16 count[L * B]                  intervals touching the bucket, saturating at 65535
 * u8  share[L * B]                  dominant's share of the covered time, 0..255
 * u8  covered[L * B]                covered share of the bucket's time, 0..255
 * </pre>
 */
final class TimelineOverview {

    /** Buckets per lane: a bucket is narrower than a pixel on screens up to about 2,000 px wide. */
    static final int BUCKETS = 2048;

    /**
     * Buckets in all lanes together (6 bytes each before compression): a recording of 100,000
     * tasks must not make a 1 GB overview; its lanes get fewer buckets, down to {@link #MIN_BUCKETS}.
     */
    static final int CELL_BUDGET = 1 << 22;
    static final int MIN_BUCKETS = 16;

    /** Buckets per lane for this many lanes: maxBuckets while the budget allows. */
    static int bucketsFor(int lanes, int maxBuckets) {
        return Math.max(Math.min(MIN_BUCKETS, maxBuckets), Math.min(maxBuckets, CELL_BUDGET / Math.max(1, lanes)));
    }

    static final List<String> DEFAULT_STATES = List.of("RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN");

    final int buckets;
    final double t0, t1;
    final int[] pairState, pairReason;
    final long[] laneId;
    final int carrierLanes;
    final long[] carrierTask;
    final char[] code, count;
    final byte[] share, covered;

    private TimelineOverview(int buckets, double t1, int[] pairState, int[] pairReason, long[] laneId, int carrierLanes,
                             long[] carrierTask, char[] code, char[] count, byte[] share, byte[] covered) {
        this.buckets = buckets;
        this.t0 = 0;
        this.t1 = t1;
        this.pairState = pairState;
        this.pairReason = pairReason;
        this.laneId = laneId;
        this.carrierLanes = carrierLanes;
        this.carrierTask = carrierTask;
        this.code = code;
        this.count = count;
        this.share = share;
        this.covered = covered;
    }

    /** The overview of the split timeline, or null when it has no interval with a positive end. */
    static TimelineOverview of(TimelineColumns.Split split) {
        return of(split, BUCKETS);
    }

    static TimelineOverview of(TimelineColumns.Split split, int maxBuckets) {
        int n = split.count();
        long[] task = split.column("task"), start = split.column("start"), end = split.column("end");
        long[] state = split.column("state"), reason = split.column("reason"), carrier = split.column("carrier");
        long maxEnd = 0;
        for (int i = 0; i < n; i++) maxEnd = Math.max(maxEnd, end[i]);
        if (maxEnd <= 0) return null;
        List<String> states = split.states() != null ? split.states() : DEFAULT_STATES;
        int running = states.indexOf("RUNNING"), pinned = states.indexOf("BLOCKED_PINNED");

        // (state, reason) pairs get codes 1..P in order of first appearance
        Map<Long, Integer> pairCode = new HashMap<>();
        int[] codeOf = new int[n];
        for (int i = 0; i < n; i++) {
            long key = (state[i] << 32) | ((reason[i] + 1) & 0xFFFFFFFFL);
            codeOf[i] = pairCode.computeIfAbsent(key, k -> pairCode.size() + 1);
        }
        int pairs = pairCode.size();
        int[] pairState = new int[pairs], pairReason = new int[pairs];
        for (Map.Entry<Long, Integer> e : pairCode.entrySet()) {
            pairState[e.getValue() - 1] = (int) (e.getKey() >> 32);
            pairReason[e.getValue() - 1] = (int) (e.getKey() & 0xFFFFFFFFL) - 1;
        }

        int[][] taskLanes = groupBy(task, n, null);
        boolean[] onCarrier = new boolean[n];
        // a carrier thread's own intervals name the virtual thread they carried: its own lane, not a carrier lane
        java.util.Set<Long> carrierTasks = split.carrierTasks();
        for (int i = 0; i < n; i++) {
            onCarrier[i] = carrier[i] >= 0 && (state[i] == running || state[i] == pinned) && !carrierTasks.contains(task[i]);
        }
        int[][] carrierLanes = groupBy(carrier, n, onCarrier);
        int lanes = taskLanes.length + carrierLanes.length;
        int buckets = bucketsFor(lanes, maxBuckets);
        long[] laneId = new long[lanes];
        char[] code = new char[lanes * buckets], count = new char[lanes * buckets];
        byte[] share = new byte[lanes * buckets], covered = new byte[lanes * buckets];
        long[] carrierTask = new long[carrierLanes.length * buckets];
        Arrays.fill(carrierTask, -1);
        double width = (double) maxEnd / buckets;
        double[] acc = new double[pairs + 1];
        for (int l = 0; l < taskLanes.length; l++) {
            int[] idx = taskLanes[l];
            laneId[l] = task[idx[0]];
            sortByStart(idx, start);
            fillTaskLane(idx, start, end, codeOf, width, buckets, l * buckets, acc, code, count, share, covered);
        }
        double[] best = new double[buckets], sum = new double[buckets];
        for (int c = 0; c < carrierLanes.length; c++) {
            int[] idx = carrierLanes[c];
            int l = taskLanes.length + c, base = l * buckets, taskBase = c * buckets;
            laneId[l] = carrier[idx[0]];
            Arrays.fill(best, -1);
            Arrays.fill(sum, 0);
            for (int i : idx) {
                forEachBucket(start[i], end[i], width, buckets, (b, overlap) -> {
                    sum[b] += overlap;
                    if (count[base + b] < Character.MAX_VALUE) count[base + b]++;
                    if (overlap > best[b]) {
                        best[b] = overlap;
                        code[base + b] = (char) codeOf[i];
                        carrierTask[taskBase + b] = task[i];
                    }
                });
            }
            for (int b = 0; b < buckets; b++) {
                if (code[base + b] == 0) continue;
                share[base + b] = fraction(sum[b] > 0 ? best[b] / sum[b] : 1);
                covered[base + b] = fraction(sum[b] / width);
            }
        }
        return new TimelineOverview(buckets, maxEnd, pairState, pairReason, laneId, carrierLanes.length, carrierTask,
                code, count, share, covered);
    }

    /** One task lane: its intervals are in time order and do not overlap, so buckets fill left to right. */
    private static void fillTaskLane(int[] idx, long[] start, long[] end, int[] codeOf, double width, int buckets, int base,
                                     double[] acc, char[] code, char[] count, byte[] share, byte[] covered) {
        int[] current = {-1, 0}; // bucket being filled, code of its last interval (for zero-length ones)
        Runnable flush = () -> {
            int b = current[0];
            if (b < 0) return;
            int bestCode = current[1];
            double bestTime = 0, total = 0;
            for (int k = 1; k < acc.length; k++) {
                total += acc[k];
                if (acc[k] > bestTime) { bestTime = acc[k]; bestCode = k; }
            }
            code[base + b] = (char) bestCode;
            share[base + b] = fraction(total > 0 ? bestTime / total : 1);
            covered[base + b] = fraction(total / width);
            Arrays.fill(acc, 0);
        };
        for (int i : idx) {
            int k = codeOf[i];
            forEachBucket(start[i], end[i], width, buckets, (b, overlap) -> {
                if (b != current[0]) {
                    flush.run();
                    current[0] = b;
                }
                current[1] = k;
                acc[k] += overlap;
                if (count[base + b] < Character.MAX_VALUE) count[base + b]++;
            });
        }
        flush.run();
    }

    private interface BucketVisitor {
        void visit(int bucket, double overlap);
    }

    /** Calls back for each bucket [s, e] touches, with the time it spends in that bucket. */
    private static void forEachBucket(long s, long e, double width, int buckets, BucketVisitor visitor) {
        int b0 = Math.max(0, Math.min(buckets - 1, (int) (s / width)));
        int b1 = Math.max(b0, Math.min(buckets - 1, (int) (e / width)));
        if (b1 > b0 && e <= b1 * width) b1--; // an interval ending exactly on a boundary does not touch the next bucket
        for (int b = b0; b <= b1; b++) {
            double overlap = Math.min(e, (b + 1) * width) - Math.max(s, b * width);
            visitor.visit(b, Math.max(0, overlap));
        }
    }

    private static byte fraction(double f) {
        return (byte) Math.max(0, Math.min(255, Math.round(f * 255)));
    }

    /** Interval indices grouped by key, in order of first appearance; only accepted ones when {@code accept} is set. */
    private static int[][] groupBy(long[] keys, int n, boolean[] accept) {
        Map<Long, Integer> slotOf = new HashMap<>();
        int[] slot = new int[n];
        int[] sizes = new int[16];
        for (int i = 0; i < n; i++) {
            if (accept != null && !accept[i]) {
                slot[i] = -1;
                continue;
            }
            int s = slotOf.computeIfAbsent(keys[i], k -> slotOf.size());
            if (s == sizes.length) sizes = Arrays.copyOf(sizes, s * 2);
            slot[i] = s;
            sizes[s]++;
        }
        int[][] groups = new int[slotOf.size()][];
        for (int g = 0; g < groups.length; g++) groups[g] = new int[sizes[g]];
        int[] fill = new int[groups.length];
        for (int i = 0; i < n; i++) if (slot[i] >= 0) groups[slot[i]][fill[slot[i]]++] = i;
        return groups;
    }

    private static void sortByStart(int[] idx, long[] start) {
        for (int k = 1; k < idx.length; k++) {
            if (start[idx[k]] < start[idx[k - 1]]) {
                Integer[] boxed = Arrays.stream(idx).boxed().toArray(Integer[]::new);
                Arrays.sort(boxed, (p, q) -> Long.compare(start[p], start[q]));
                for (int j = 0; j < idx.length; j++) idx[j] = boxed[j];
                return;
            }
        }
    }

    /** Writes the binary layout described on the class. */
    void writeBinary(OutputStream out) throws IOException {
        int lanes = laneId.length, pairs = pairState.length, cells = lanes * buckets;
        int size = 40 + 8 * pairs + 8 * lanes + 8 * carrierTask.length + 4 * cells + 2 * cells;
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(1).putInt(buckets).putInt(lanes).putInt(carrierLanes).putInt(pairs).putInt(0);
        buffer.putDouble(t0).putDouble(t1);
        for (int p : pairState) buffer.putInt(p);
        for (int p : pairReason) buffer.putInt(p);
        for (long id : laneId) buffer.putDouble(id);
        for (long t : carrierTask) buffer.putDouble(t);
        for (char c : code) buffer.putChar(c);
        for (char c : count) buffer.putChar(c);
        buffer.put(share).put(covered);
        out.write(buffer.array(), 0, buffer.position());
    }
}
