package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.TaskState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The cost of one virtual-thread switch, measured from the recording where it shows one: a
 * <em>back-to-back hand-off</em> on one carrier, where virtual thread A's run slice ends because A
 * suspends, and the next slice on that carrier is virtual thread B's, which was already runnable
 * (its RUNNABLE interval began at or before A suspended). Then the carrier had work waiting and
 * nothing else to do, and the time from A's suspension to B's resumption is one switch: A's
 * unmount, the pool handing over B, B's mount, plus the agent's own probe time at both ends (the
 * Suspend times are taken inside its probes). A hand-off across which the carrier recorded its
 * own wait (an idle park, clock jitter) is not one.
 *
 * <p>The figure is the median of those gaps. It needs the RUNNABLE intervals (the agent's
 * Unpark events or timed wake-ups) and the carriers of the run slices, so a recording without the
 * agent has no such samples; with fewer than {@link #MIN_SAMPLES} the cost stays an estimate.
 */
public final class SwitchCost {
    /** Fewest back-to-back hand-offs for a median to stand as a measurement. */
    public static final int MIN_SAMPLES = 5;

    /** The median gap in nanos (0 without samples) and how many hand-offs it comes from. */
    public record Measured(long medianNanos, int samples) {}

    private SwitchCost() {}

    /** Measures over the timeline as recorded (before carrier lanes are split). */
    public static Measured measure(TimelineRecorder timeline, Set<Long> carriers, LongPredicate virtual) {
        int n = timeline.size();
        long[] task = timeline.task();
        long[] start = timeline.start();
        long[] end = timeline.end();
        int[] state = timeline.state();
        long[] carrier = timeline.carrier();
        int running = TaskState.RUNNING.ordinal();
        int runnable = TaskState.RUNNABLE.ordinal();
        int suspended = TaskState.SUSPENDED.ordinal();

        // Per task, the interval before and after each of its intervals (a task's intervals are in time order).
        int[] before = new int[n];
        int[] after = new int[n];
        Arrays.fill(after, -1);
        Map<Long, int[]> last = new HashMap<>();
        long lastTask = Long.MIN_VALUE;
        int[] lastOf = null;
        for (int i = 0; i < n; i++) {
            if (task[i] != lastTask) {
                lastTask = task[i];
                lastOf = last.computeIfAbsent(task[i], k -> new int[] {-1});
            }
            before[i] = lastOf[0];
            if (lastOf[0] >= 0) {
                after[lastOf[0]] = i;
            }
            lastOf[0] = i;
        }
        // Run slices per carrier, and the carrier's own waits, in time order.
        Map<Long, int[]> slices = new HashMap<>();
        Map<Long, int[]> sizes = new HashMap<>();
        Map<Long, java.util.TreeMap<Long, Long>> ownWaits = new HashMap<>();
        long known = Long.MIN_VALUE;
        boolean knownVirtual = false;
        for (int i = 0; i < n; i++) {
            if (task[i] != known) {
                known = task[i];
                knownVirtual = virtual.test(task[i]) && !carriers.contains(task[i]);
            }
            if (state[i] == running && carrier[i] >= 0 && knownVirtual) {
                int[] size = sizes.computeIfAbsent(carrier[i], k -> new int[1]);
                int[] list = slices.computeIfAbsent(carrier[i], k -> new int[16]);
                if (size[0] == list.length) {
                    list = Arrays.copyOf(list, size[0] * 2);
                    slices.put(carrier[i], list);
                }
                list[size[0]++] = i;
            } else if (state[i] != running && carriers.contains(task[i]) && TaskState.of(state[i]).waiting()) {
                ownWaits.computeIfAbsent(task[i], k -> new java.util.TreeMap<>()).put(start[i], end[i]);
            }
        }
        long[] gaps = new long[16];
        int count = 0;
        for (Map.Entry<Long, int[]> e : slices.entrySet()) {
            int size = sizes.get(e.getKey())[0];
            Integer[] order = new Integer[size];
            for (int k = 0; k < size; k++) {
                order[k] = e.getValue()[k];
            }
            Arrays.sort(order, (x, y) -> Long.compare(start[x], start[y]));
            java.util.TreeMap<Long, Long> waits = ownWaits.getOrDefault(e.getKey(), new java.util.TreeMap<>());
            for (int k = 0; k + 1 < size; k++) {
                int a = order[k];
                int b = order[k + 1];
                int aNext = after[a];
                int bPrev = before[b];
                if (aNext < 0 || state[aNext] != suspended || bPrev < 0 || state[bPrev] != runnable) {
                    continue; // A did not suspend there, or B was not waiting for a carrier
                }
                long suspendedAt = end[a];
                long resumedAt = start[b];
                if (start[bPrev] > suspendedAt || resumedAt < suspendedAt || overlaps(waits, suspendedAt, resumedAt)) {
                    continue;
                }
                if (count == gaps.length) {
                    gaps = Arrays.copyOf(gaps, count * 2);
                }
                gaps[count++] = resumedAt - suspendedAt;
            }
        }
        if (count == 0) {
            return new Measured(0, 0);
        }
        long[] sorted = Arrays.copyOf(gaps, count);
        Arrays.sort(sorted);
        long median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
        return new Measured(median, count);
    }

    private static boolean overlaps(java.util.TreeMap<Long, Long> waits, long from, long to) {
        Map.Entry<Long, Long> w = waits.lowerEntry(to);
        return w != null && w.getValue() > from;
    }
}
