package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.TaskState;
import java.util.Arrays;
import java.util.HashMap;
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
        Map<Long, Lane> lanes = new HashMap<>();
        carriers.forEach(c -> lanes.put(c, new Lane()));
        Lane cached = null;
        long cachedId = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (carrier[i] >= 0 && (state[i] == running || state[i] == pinned || state[i] == suspended)) {
                Lane lane = carrier[i] == cachedId ? cached : lanes.get(carrier[i]);
                cachedId = carrier[i];
                cached = lane;
                if (lane != null && !carriers.contains(task[i]) && virtual.test(task[i])) {
                    lane.add(i);
                }
            }
        }
        long[] start = timeline.start();
        long[] end = timeline.end();
        Map<Long, int[]> sorted = new HashMap<>();
        lanes.forEach((c, lane) -> {
            if (lane.size > 0) {
                sorted.put(c, lane.sortedBy(start));
            }
        });

        // First pass: count the pieces the open carrier intervals become, to check the budget.
        // (Pieces are computed again while rewriting rather than kept: they can be many.)
        Cutter counter = new Cutter(sorted, carriers, start, end);
        long[] pieceCount = new long[1];
        PieceSink countPiece = (from, to, slice) -> pieceCount[0]++;
        long extra = 0;
        long lastTask = Long.MIN_VALUE;
        boolean isCarrier = false;
        for (int i = 0; i < n; i++) {
            if (task[i] != lastTask) {
                lastTask = task[i];
                isCarrier = sorted.containsKey(task[i]);
            }
            if (isCarrier && (state[i] == unknown || state[i] == running)) {
                pieceCount[0] = 0;
                if (counter.cut(i, task[i], countPiece)) {
                    extra += pieceCount[0] - 1;
                }
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
        Cutter cutter = new Cutter(sorted, carriers, oStart, oEnd);
        int unknownState = unknown;
        Rewriter rewriter = new Rewriter(timeline, oTask, oState, oReason, oCarrier, oStack, oWaker, oBlocker);
        timeline.clearColumns();
        Lane lane = null;
        long laneOf = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            if (oTask[i] != laneOf) {
                laneOf = oTask[i];
                lane = lanes.get(oTask[i]);
            }
            if (lane == null) {
                timeline.append(oTask[i], oState[i], oStart[i], oEnd[i], oReason[i], oCarrier[i], oStack[i], oWaker[i], oBlocker[i]);
                continue;
            }
            boolean first = !lane.seen;
            lane.seen = true;
            // Not idle (the idle probe would have recorded it), so running: the state of the
            // carrier's own time where no slice covers it.
            boolean notIdle = oState[i] == unknownState && oStart[i] >= idleRecordedAt;
            // A carrier without a start event is known to exist from its first event or slice on.
            boolean existed = !(first && startUnknown.contains(oTask[i]));
            rewriter.at(i, lane, notIdle, existed);
            if (!((oState[i] == unknown || oState[i] == running) && cutter.cut(i, oTask[i], rewriter))) {
                if (notIdle && existed) {
                    lane.move(unknown, running, oEnd[i] - oStart[i]);
                }
                timeline.append(oTask[i], notIdle && existed ? running : oState[i], oStart[i], oEnd[i], oReason[i], oCarrier[i],
                        oStack[i], oWaker[i], oBlocker[i]);
            }
        }
        Map<Long, Moved> moved = new HashMap<>();
        lanes.forEach((c, l) -> moved.put(c, l.moved()));
        return moved;
    }

    /** One carrier: the slices on it (timeline indexes) and what the split moved. */
    private static final class Lane {
        int[] slices = new int[16];
        int size;
        boolean seen;
        final long[] delta = new long[TaskState.values().length];
        final Map<String, Long> reasons = new HashMap<>();

        void add(int index) {
            if (size == slices.length) {
                slices = Arrays.copyOf(slices, size * 2);
            }
            slices[size++] = index;
        }

        int[] sortedBy(long[] start) {
            Integer[] boxed = new Integer[size];
            for (int k = 0; k < size; k++) {
                boxed[k] = slices[k];
            }
            Arrays.sort(boxed, (x, y) -> Long.compare(start[x], start[y]));
            int[] out = new int[size];
            for (int k = 0; k < size; k++) {
                out[k] = boxed[k];
            }
            return out;
        }

        void move(int from, int to, long nanos) {
            delta[from] -= nanos;
            delta[to] += nanos;
        }

        Moved moved() {
            Map<String, Long> states = new HashMap<>();
            for (TaskState st : TaskState.values()) {
                if (delta[st.ordinal()] != 0) {
                    states.put(st.name(), delta[st.ordinal()]);
                }
            }
            return new Moved(states, reasons);
        }
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

        /**
         * Hands the pieces of interval {@code i} of task {@code task} to {@code sink} and returns
         * true, or returns false (handing nothing) when no slice covers any of it.
         */
        boolean cut(int i, long task, PieceSink sink) {
            int[] on = sorted.get(task);
            if (on == null || !carriers.contains(task)) {
                return false;
            }
            int k = cursor.getOrDefault(task, 0);
            while (k < on.length && end[on[k]] <= start[i]) {
                k++;
            }
            cursor.put(task, k);
            return pieces(start[i], end[i], on, k, start, end, sink);
        }
    }

    /** Receives the pieces of a carrier interval in time order: {@code slice} is the covering slice's index, or -1. */
    @FunctionalInterface
    private interface PieceSink {
        void piece(long from, long to, int slice);
    }

    /**
     * The pieces of carrier interval [s, e), handed to {@code sink}; false (none handed) when no
     * slice covers any of it. {@code on} is sorted by start; slices before {@code k} end by s.
     */
    private static boolean pieces(long s, long e, int[] on, int k, long[] start, long[] end, PieceSink sink) {
        boolean covered = false;
        long at = s;
        for (int j = k; j < on.length && start[on[j]] < e; j++) {
            int slice = on[j];
            long a = Math.max(start[slice], at);
            long b = Math.min(end[slice], e);
            if (b <= a) {
                continue;
            }
            covered = true;
            if (a > at) {
                sink.piece(at, a, -1);
            }
            sink.piece(a, b, slice);
            at = b;
        }
        if (covered && at < e) {
            sink.piece(at, e, -1);
        }
        return covered;
    }

    /** Writes the pieces of one carrier interval into the rewritten timeline and counts what moved. */
    private static final class Rewriter implements PieceSink {
        private final TimelineRecorder timeline;
        private final long[] task;
        private final int[] state;
        private final int[] reason;
        private final long[] carrier;
        private final int[] stack;
        private final long[] waker;
        private final int[] blocker;
        private int i;
        private Lane lane;
        private boolean notIdle;
        private boolean existed;

        Rewriter(TimelineRecorder timeline, long[] task, int[] state, int[] reason, long[] carrier, int[] stack, long[] waker,
                 int[] blocker) {
            this.timeline = timeline;
            this.task = task;
            this.state = state;
            this.reason = reason;
            this.carrier = carrier;
            this.stack = stack;
            this.waker = waker;
            this.blocker = blocker;
        }

        void at(int interval, Lane of, boolean notIdleThere, boolean existedThere) {
            i = interval;
            lane = of;
            notIdle = notIdleThere;
            existed = existedThere;
        }

        @Override
        public void piece(long from, long to, int slice) {
            int running = TaskState.RUNNING.ordinal();
            long length = to - from;
            if (slice < 0) {
                if (notIdle && existed) {
                    lane.move(TaskState.UNKNOWN.ordinal(), running, length);
                }
                timeline.append(task[i], notIdle && existed ? running : state[i], from, to, reason[i], carrier[i], stack[i],
                        waker[i], blocker[i]);
                return;
            }
            existed = true; // a virtual thread ran on it: the carrier existed from here on
            if (state[slice] == running) {
                lane.move(state[i], running, length);
                timeline.append(task[i], running, from, to, -1, task[slice], -1, -1, -1);
            } else {
                String why = reason[slice] < 0 ? "other" : timeline.reasons().get(reason[slice]);
                lane.move(state[i], TaskState.BLOCKED.ordinal(), length);
                lane.reasons.merge(why, length, Long::sum);
                timeline.append(task[i], TaskState.BLOCKED.ordinal(), from, to, timeline.reasonId(why), task[slice], stack[slice],
                        -1, blocker[slice]);
            }
        }
    }
}
