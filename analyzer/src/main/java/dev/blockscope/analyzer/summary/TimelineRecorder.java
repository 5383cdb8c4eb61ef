package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the intervals of all tasks for the timeline, in columns (the JSON's {@code timeline}),
 * up to a budget; past it, intervals are counted but not kept and the timeline is marked truncated.
 * Times are stored relative to the recording start.
 */
public final class TimelineRecorder {
    /** Default budget: about 2 million intervals, some 80 MB of columns. */
    public static final int DEFAULT_BUDGET = 2_000_000;

    private final int budget;
    private final long origin;
    private int size;
    private long[] task = new long[1024];
    private long[] start = new long[1024];
    private long[] end = new long[1024];
    private int[] state = new int[1024];
    private int[] reason = new int[1024];
    private long[] carrier = new long[1024];
    private int[] stack = new int[1024];
    private long[] waker = new long[1024];
    private int[] blocker = new int[1024];
    private long dropped;
    private final Map<String, Integer> reasonIndex = new HashMap<>();
    private final List<String> reasons = new ArrayList<>();
    private final Map<String, Integer> blockerIndex = new HashMap<>();
    private final List<String> blockers = new ArrayList<>();

    /** A recorder keeping at most {@code budget} intervals, with times relative to {@code origin}. */
    public TimelineRecorder(int budget, long origin) {
        this.budget = budget;
        this.origin = origin;
    }

    /** Adds one interval; {@code blockedOn} is the class name of the object waited on, or null. */
    public void add(long taskId, TaskState s, long from, long to, String why, long onCarrier, int stackId, long wokenBy,
                    String blockedOn) {
        if (size == budget) {
            dropped++;
            return;
        }
        int blockerId = blockedOn == null ? -1 : blockerIndex.computeIfAbsent(blockedOn, b -> {
            blockers.add(b);
            return blockers.size() - 1;
        });
        int reasonId = why == null ? -1 : reasonIndex.computeIfAbsent(why, r -> {
            reasons.add(r);
            return reasons.size() - 1;
        });
        append(taskId, s.ordinal(), from - origin, to - origin, reasonId, onCarrier, stackId, wokenBy, blockerId);
    }

    /** Appends one interval in column form (relative times, table indexes), growing the columns as needed. */
    void append(long taskId, int stateId, long from, long to, int reasonId, long onCarrier, int stackId, long wokenBy,
                int blockerId) {
        if (size == task.length) {
            grow(Math.max(task.length * 2, size + 1));
        }
        task[size] = taskId;
        start[size] = from;
        end[size] = to;
        state[size] = stateId;
        reason[size] = reasonId;
        carrier[size] = onCarrier;
        stack[size] = stackId;
        waker[size] = wokenBy;
        blocker[size] = blockerId;
        size++;
    }

    /** Index of {@code why} in {@link #reasons()}, added if new. */
    int reasonId(String why) {
        return reasonIndex.computeIfAbsent(why, r -> {
            reasons.add(r);
            return reasons.size() - 1;
        });
    }

    /** Empties the columns (keeping the string tables), for a rewrite of the whole timeline. */
    void clearColumns() {
        size = 0;
    }

    private void grow(int atLeast) {
        int n = (int) Math.max(atLeast, Math.min((long) budget, task.length * 2L));
        task = Arrays.copyOf(task, n);
        start = Arrays.copyOf(start, n);
        end = Arrays.copyOf(end, n);
        state = Arrays.copyOf(state, n);
        reason = Arrays.copyOf(reason, n);
        carrier = Arrays.copyOf(carrier, n);
        stack = Arrays.copyOf(stack, n);
        waker = Arrays.copyOf(waker, n);
        blocker = Arrays.copyOf(blocker, n);
    }

    /** Intervals kept. */
    public int size() { return size; }
    /** Intervals not kept because the budget was reached. */
    public long dropped() { return dropped; }
    /** Reason codes, indexed by the {@code reason} column. */
    public List<String> reasons() { return reasons; }
    /** Task id column (first {@link #size()} entries valid). */
    public long[] task() { return task; }
    /** Start column, relative nanos. */
    public long[] start() { return start; }
    /** End column, relative nanos. */
    public long[] end() { return end; }
    /** State ordinal column. */
    public int[] state() { return state; }
    /** Reason index column. */
    public int[] reason() { return reason; }
    /** Carrier id column. */
    public long[] carrier() { return carrier; }
    /** Stack index column. */
    public int[] stack() { return stack; }
    /** Waker id column. */
    public long[] waker() { return waker; }
    /** Blocker class column: index into {@link #blockers()}, or -1. */
    public int[] blocker() { return blocker; }
    /** Blocker class names, indexed by the {@code blocker} column. */
    public List<String> blockers() { return blockers; }
    /** The most intervals kept. */
    public int budget() { return budget; }
}
