package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Splits each carrier thread's own timeline intervals by what its virtual threads did on it, so a
 * carrier lane shows what ran there: where a virtual thread's run slice on carrier C covers one of
 * C's intervals that its own events leave open (UNKNOWN, or RUNNING between recorded waits), that
 * part becomes RUNNING with the virtual thread's id in the {@code carrier} column; where a virtual
 * thread's pinned wait or file I/O on C covers it, BLOCKED for that wait's reason (with its stack
 * and blocker). C's own waits (idle parks, {@code carrier.idle}) are never split, so a slice that
 * overlaps one (clock jitter between threads) is not counted twice. Overlapping slices are taken
 * in start order, each from where the previous one ended.
 *
 * <p>When the recording has every idle wait of the carriers (the agent's {@code idle} probe was
 * live), a carrier's remaining UNKNOWN time after its start is not idle, so it is RUNNING: the
 * carrier running its pool's code (scheduling, the hand-off between two virtual threads).
 *
 * <p>The per-carrier state and reason totals this moves are returned, so the carrier's table row
 * is exactly the sum of its lane. The split runs at the end, over the recorded timeline: it needs
 * the whole timeline (not truncated), and is skipped when its extra intervals would not fit the
 * timeline budget; then the caller falls back to the streaming {@code CarrierCoverage} totals and
 * the lane stays unsplit.
 */
public final class CarrierLanes {
    /**
     * What the split moved, per carrier id: {@code states} by state name (negative for the state
     * time was taken from), {@code reasons} added by reason.
     */
    public record Moved(Map<String, Long> states, Map<String, Long> reasons) {}

    private CarrierLanes() {}

    /**
     * Splits the carrier intervals of {@code timeline} in place; returns what moved per carrier,
     * or null when the timeline was not split (truncated, or the split would exceed the budget).
     *
     * @param carriers       ids of carrier threads
     * @param virtual        whether a task id is a virtual thread
     * @param idleRecordedAt from when (relative to the timeline's origin) the recording has every
     *                       idle wait of every carrier (the agent's {@code idle} probe live), or
     *                       {@link Long#MAX_VALUE}: from then on a carrier's UNKNOWN time that is
     *                       not before its start is not idle, so it was running (its own pool code,
     *                       where no slice covers it)
     * @param startUnknown   carriers without a start event, whose first interval may lie before they existed
     */
    public static Map<Long, Moved> split(TimelineRecorder timeline, Set<Long> carriers, LongPredicate virtual,
                                         long idleRecordedAt, Set<Long> startUnknown) {
        if (timeline.dropped() > 0 || carriers.isEmpty()) {
            return timeline.dropped() > 0 ? null : Map.of();
        }
        int n = timeline.size();
        long[] task = timeline.task();
        int[] state = timeline.state();
        long[] carrier = timeline.carrier();
        int running = TaskState.RUNNING.ordinal();
        int pinned = TaskState.BLOCKED_PINNED.ordinal();
        int suspended = TaskState.SUSPENDED.ordinal();
        int unknown = TaskState.UNKNOWN.ordinal();

        // The slices on each carrier: a virtual thread's RUNNING and BLOCKED_PINNED intervals, and
        // its SUSPENDED file I/O, whose carrier column names the carrier it kept.
        Map<Long, int[]> slices = new HashMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (carrier[i] >= 0 && (state[i] == running || state[i] == pinned || state[i] == suspended)
                    && carriers.contains(carrier[i]) && !carriers.contains(task[i]) && virtual.test(task[i])) {
                int[] list = slices.computeIfAbsent(carrier[i], k -> new int[16]);
                int c = counts.getOrDefault(carrier[i], 0);
                if (c == list.length) {
                    list = Arrays.copyOf(list, c * 2);
                    slices.put(carrier[i], list);
                }
                list[c] = i;
                counts.put(carrier[i], c + 1);
            }
        }
        long[] start = timeline.start();
        long[] end = timeline.end();
        Map<Long, int[]> sorted = new HashMap<>();
        slices.forEach((c, list) -> {
            int[] l = Arrays.copyOf(list, counts.get(c));
            Integer[] boxed = Arrays.stream(l).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, (x, y) -> Long.compare(start[x], start[y]));
            sorted.put(c, Arrays.stream(boxed).mapToInt(Integer::intValue).toArray());
        });

        // First pass: count the pieces the open carrier intervals become, to check the budget.
        // (Pieces are computed again while rewriting rather than kept: they can be many.)
        Cutter counter = new Cutter(sorted, carriers, start, end);
        long extra = 0;
        for (int i = 0; i < n; i++) {
            if (state[i] == unknown || state[i] == running) {
                List<long[]> parts = counter.cut(i, task[i]);
                extra += parts == null ? 0 : parts.size() - 1;
            }
        }
        if (n + extra > timeline.budget()) {
            return null;
        }

        // Second pass: rewrite the columns, each split interval replaced by its pieces.
        long[] oTask = Arrays.copyOf(task, n);
        long[] oStart = Arrays.copyOf(start, n);
        long[] oEnd = Arrays.copyOf(end, n);
        int[] oState = Arrays.copyOf(state, n);
        int[] oReason = Arrays.copyOf(timeline.reason(), n);
        long[] oCarrier = Arrays.copyOf(carrier, n);
        int[] oStack = Arrays.copyOf(timeline.stack(), n);
        long[] oWaker = Arrays.copyOf(timeline.waker(), n);
        int[] oBlocker = Arrays.copyOf(timeline.blocker(), n);
        Map<Long, Moved> moved = new HashMap<>();
        Cutter cutter = new Cutter(sorted, carriers, oStart, oEnd);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        timeline.clearColumns();
        for (int i = 0; i < n; i++) {
            boolean isCarrier = carriers.contains(oTask[i]);
            boolean first = isCarrier && seen.add(oTask[i]);
            // Not idle (the idle probe would have recorded it), so running: the state of the
            // carrier's own time where no slice covers it.
            boolean notIdle = isCarrier && oState[i] == unknown && oStart[i] >= idleRecordedAt;
            // A carrier without a start event is known to exist from its first event or slice on.
            boolean existed = !(first && startUnknown.contains(oTask[i]));
            boolean running0 = notIdle && existed;
            int open = running0 ? running : oState[i];
            List<long[]> parts = oState[i] == unknown || oState[i] == running ? cutter.cut(i, oTask[i]) : null;
            if (parts == null) {
                if (running0) {
                    Moved m = moved.computeIfAbsent(oTask[i], k -> new Moved(new HashMap<>(), new HashMap<>()));
                    m.states().merge(TaskState.UNKNOWN.name(), -(oEnd[i] - oStart[i]), Long::sum);
                    m.states().merge(TaskState.RUNNING.name(), oEnd[i] - oStart[i], Long::sum);
                }
                timeline.append(oTask[i], open, oStart[i], oEnd[i], oReason[i], oCarrier[i], oStack[i], oWaker[i], oBlocker[i]);
                continue;
            }
            Moved m = moved.computeIfAbsent(oTask[i], k -> new Moved(new HashMap<>(), new HashMap<>()));
            String from = TaskState.of(oState[i]).name();
            for (long[] p : parts) {
                int slice = (int) p[2];
                if (slice < 0) {
                    if (notIdle && existed) {
                        m.states().merge(TaskState.UNKNOWN.name(), -(p[1] - p[0]), Long::sum);
                        m.states().merge(TaskState.RUNNING.name(), p[1] - p[0], Long::sum);
                    }
                    timeline.append(oTask[i], notIdle && existed ? running : oState[i], p[0], p[1], oReason[i], oCarrier[i],
                            oStack[i], oWaker[i], oBlocker[i]);
                    continue;
                }
                existed = true;
                long length = p[1] - p[0];
                m.states().merge(from, -length, Long::sum);
                if (oState[slice] == running) {
                    m.states().merge(TaskState.RUNNING.name(), length, Long::sum);
                    timeline.append(oTask[i], running, p[0], p[1], -1, oTask[slice], -1, -1, -1);
                } else {
                    String reason = oReason[slice] < 0 ? "other" : timeline.reasons().get(oReason[slice]);
                    m.states().merge(TaskState.BLOCKED.name(), length, Long::sum);
                    m.reasons().merge(reason, length, Long::sum);
                    timeline.append(oTask[i], TaskState.BLOCKED.ordinal(), p[0], p[1], timeline.reasonId(reason), oTask[slice],
                            oStack[slice], -1, oBlocker[slice]);
                }
            }
        }
        return moved;
    }

    /** Cuts carrier intervals, in time order per carrier, by the slices on that carrier. */
    private static final class Cutter {
        private final Map<Long, int[]> sorted;
        private final Set<Long> carriers;
        private final long[] start;
        private final long[] end;
        private final Map<Long, Integer> cursor = new HashMap<>();

        Cutter(Map<Long, int[]> sorted, Set<Long> carriers, long[] start, long[] end) {
            this.sorted = sorted;
            this.carriers = carriers;
            this.start = start;
            this.end = end;
        }

        /** The pieces of interval {@code i} of task {@code task}, or null when it is not a carrier's or no slice covers it. */
        List<long[]> cut(int i, long task) {
            int[] on = sorted.get(task);
            if (on == null || !carriers.contains(task)) {
                return null;
            }
            int k = cursor.getOrDefault(task, 0);
            while (k < on.length && end[on[k]] <= start[i]) {
                k++;
            }
            cursor.put(task, k);
            return pieces(start[i], end[i], on, k, start, end);
        }
    }

    /**
     * The pieces of carrier interval [s, e): {start, end, covering slice index or -1}, or null when
     * no slice covers any of it. {@code on} is sorted by start; slices before {@code k} end by s.
     */
    private static List<long[]> pieces(long s, long e, int[] on, int k, long[] start, long[] end) {
        List<long[]> parts = null;
        long at = s;
        for (int j = k; j < on.length && start[on[j]] < e; j++) {
            int slice = on[j];
            long a = Math.max(start[slice], at);
            long b = Math.min(end[slice], e);
            if (b <= a) {
                continue;
            }
            if (parts == null) {
                parts = new ArrayList<>(4);
            }
            if (a > at) {
                parts.add(new long[] {at, a, -1});
            }
            parts.add(new long[] {a, b, slice});
            at = b;
        }
        if (parts != null && at < e) {
            parts.add(new long[] {at, e, -1});
        }
        return parts;
    }
}
