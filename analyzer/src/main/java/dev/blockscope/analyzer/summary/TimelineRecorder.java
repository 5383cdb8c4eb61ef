package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the intervals of all tasks for the timeline, in columns (the JSON's {@code timeline}),
 * up to a budget. Past it the longest intervals are kept, whatever their task: once the columns
 * are full, a new interval takes the slot of the shortest one kept if it is longer (a min-heap
 * of the slots by duration), else it is left out. So a few threads' long intervals (a JVM service
 * thread BLOCKED or UNKNOWN for seconds, written last) are not pushed out by millions of short
 * ones that came first. What was left out is counted ({@link #dropped()}, {@link #droppedNanos()},
 * {@link #longestDropped()}, {@link #tasksCut()}), the timeline is marked truncated, and
 * {@link #restoreOrder()} puts the slots back in time order. Times are relative to the recording start.
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
    private long droppedNanos;
    private long longestDropped;
    private final java.util.Set<Long> tasksCut = new java.util.HashSet<>();
    // Once full: the slots as a min-heap by duration (heap[0] holds the shortest interval kept).
    private int[] heap;
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
            replaceShortest(taskId, s, from, to, why, onCarrier, stackId, wokenBy, blockedOn);
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

    private void drop(long taskId, long nanos) {
        dropped++;
        droppedNanos += nanos;
        longestDropped = Math.max(longestDropped, nanos);
        tasksCut.add(taskId);
    }

    private long duration(int slot) {
        return end[slot] - start[slot];
    }

    /** The columns are full: the new interval replaces the shortest one kept if it is longer. */
    private void replaceShortest(long taskId, TaskState s, long from, long to, String why, long onCarrier, int stackId,
                                 long wokenBy, String blockedOn) {
        if (budget == 0) {
            drop(taskId, to - from);
            return;
        }
        if (heap == null) {
            heap = new int[size];
            for (int i = 0; i < size; i++) {
                heap[i] = i;
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }
        int slot = heap[0];
        if (to - from <= duration(slot)) {
            drop(taskId, to - from);
            return;
        }
        drop(task[slot], duration(slot));
        int blockerId = blockedOn == null ? -1 : blockerIndex.computeIfAbsent(blockedOn, b -> {
            blockers.add(b);
            return blockers.size() - 1;
        });
        int reasonId = why == null ? -1 : reasonId(why);
        set(slot, taskId, s.ordinal(), from - origin, to - origin, reasonId, onCarrier, stackId, wokenBy, blockerId);
        siftDown(0);
    }

    private void siftDown(int i) {
        int n = heap.length;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                return;
            }
            int c = l + 1 < n && duration(heap[l + 1]) < duration(heap[l]) ? l + 1 : l;
            if (duration(heap[c]) >= duration(heap[i])) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[c];
            heap[c] = t;
            i = c;
        }
    }

    /**
     * Puts the kept intervals back in time order (by start; a task's intervals never overlap, so
     * each task's are in order again) after slots were reused. Nothing to do if none was.
     */
    public void restoreOrder() {
        if (heap == null) {
            return;
        }
        heap = null;
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        int[] scratch = new int[size];
        mergeSort(order, scratch, 0, size);
        long[] l = new long[size];
        int[] n = new int[size];
        permute(order, task, l);
        permute(order, start, l);
        permute(order, end, l);
        permute(order, carrier, l);
        permute(order, waker, l);
        permute(order, state, n);
        permute(order, reason, n);
        permute(order, stack, n);
        permute(order, blocker, n);
    }

    private void mergeSort(int[] a, int[] tmp, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid);
        mergeSort(a, tmp, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            tmp[k++] = start[a[j]] < start[a[i]] || start[a[j]] == start[a[i]] && a[j] < a[i] ? a[j++] : a[i++];
        }
        while (i < mid) {
            tmp[k++] = a[i++];
        }
        while (j < to) {
            tmp[k++] = a[j++];
        }
        System.arraycopy(tmp, from, a, from, to - from);
    }

    private static void permute(int[] order, long[] column, long[] scratch) {
        for (int i = 0; i < order.length; i++) {
            scratch[i] = column[order[i]];
        }
        System.arraycopy(scratch, 0, column, 0, order.length);
    }

    private static void permute(int[] order, int[] column, int[] scratch) {
        for (int i = 0; i < order.length; i++) {
            scratch[i] = column[order[i]];
        }
        System.arraycopy(scratch, 0, column, 0, order.length);
    }

    /** Appends one interval in column form (relative times, table indexes), growing the columns as needed. */
    void append(long taskId, int stateId, long from, long to, int reasonId, long onCarrier, int stackId, long wokenBy,
                int blockerId) {
        if (size == task.length) {
            grow(Math.max(task.length * 2, size + 1));
        }
        set(size, taskId, stateId, from, to, reasonId, onCarrier, stackId, wokenBy, blockerId);
        size++;
    }

    private void set(int i, long taskId, int stateId, long from, long to, int reasonId, long onCarrier, int stackId,
                     long wokenBy, int blockerId) {
        task[i] = taskId;
        start[i] = from;
        end[i] = to;
        state[i] = stateId;
        reason[i] = reasonId;
        carrier[i] = onCarrier;
        stack[i] = stackId;
        waker[i] = wokenBy;
        blocker[i] = blockerId;
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
    /** Total duration of the intervals not kept. */
    public long droppedNanos() { return droppedNanos; }
    /** The longest interval left out (0 when none was): every interval kept is at least as long. */
    public long longestDropped() { return longestDropped; }
    /** Tasks that lost at least one interval. */
    public int tasksCut() { return tasksCut.size(); }
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
