package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.Interval;
import dev.blockscope.analyzer.model.StableOrder;
import dev.blockscope.analyzer.model.TaskState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the intervals of all tasks for the timeline: the columns the JSON's {@code timeline}
 * carries, up to a budget. Past it the longest intervals are kept, whatever their task (of those
 * exactly as long as the shortest kept, the first to come): so a few threads' long intervals (a JVM
 * service thread BLOCKED or UNKNOWN for seconds, written last) are not pushed out by millions of
 * short ones that came first. What was left out is counted ({@link #dropped()},
 * {@link #droppedNanos()}, {@link #longestDropped()}, {@link #tasksCut()}) and the timeline is
 * marked truncated; the columns kept are in time order. Times are relative to the recording start.
 *
 * <p>Two ways to get there, with the same result. {@linkplain #TimelineRecorder(int, long, boolean)
 * Keeping every interval} ({@code serve}, which reaches each one in its windows), each goes to an
 * {@link IntervalFile} on disk as it comes, and {@link #restoreOrder()} selects from the file by
 * counting passes. Otherwise nothing goes to disk: the heap holds the columns and a quarter of the
 * budget more, in pages of {@link #PAGE} intervals (so the columns never grow by a copy: doubling
 * them made a third of a ping-pong analysis' garbage), put into columns of exactly their size once,
 * at {@link #restoreOrder()}. A count of the stored intervals by length ({@link #lengths}) keeps a floor: the
 * longest duration that the budget's worth of stored intervals are known to reach. An interval
 * no longer than it cannot be among the longest at the end (of equal ones the first to come win,
 * and those are stored), so it is dropped as it comes. When the columns are full, the stored ones
 * shorter than the floor go in one pass; only if that frees too little (many of exactly the
 * floor's length, or the floor known coarsely for long intervals) are the longest selected exactly.
 */
public final class TimelineRecorder {
    /** Default budget: about 2 million intervals, some 110 MB of columns. */
    public static final int DEFAULT_BUDGET = 2_000_000;

    private final int budget;
    private final long origin;
    private int size;
    private long[] task = new long[0];
    private long[] start = new long[0];
    private long[] end = new long[0];
    private int[] state = new int[0];
    private int[] reason = new int[0];
    private long[] carrier = new long[0];
    private int[] stack = new int[0];
    private long[] waker = new long[0];
    private int[] blocker = new int[0];
    static final int PAGE_BITS = 15;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE - 1;

    /** {@link #PAGE} intervals of each column. */
    private static final class Page {
        final long[] task = new long[PAGE];
        final long[] start = new long[PAGE];
        final long[] end = new long[PAGE];
        final int[] state = new int[PAGE];
        final int[] reason = new int[PAGE];
        final long[] carrier = new long[PAGE];
        final int[] stack = new int[PAGE];
        final long[] waker = new long[PAGE];
        final int[] blocker = new int[PAGE];

        void set(int o, long taskId, int stateId, long from, long to, int reasonId, long onCarrier, int stackId,
                 long wokenBy, int blockerId) {
            task[o] = taskId;
            start[o] = from;
            end[o] = to;
            state[o] = stateId;
            reason[o] = reasonId;
            carrier[o] = onCarrier;
            stack[o] = stackId;
            waker[o] = wokenBy;
            blocker[o] = blockerId;
        }

        long duration(int o) {
            return Math.max(0, end[o] - start[o]);
        }
    }

    /** In the heap, while intervals come: the columns in pages (then {@link #task} and the others are empty). */
    private Page[] pages = new Page[0];
    /** Intervals the pages hold room for. */
    private int rows;
    /** Every interval, in the order they came; null when only the longest are kept, in the heap. */
    private final IntervalFile all;
    /** In the heap only: the columns' most intervals before the shortest past the budget are dropped. */
    private final int capacity;
    /** In the heap only: whether intervals were dropped (then the columns are sorted by start at the end). */
    private boolean compacted;
    /**
     * In the heap only: a duration the budget's worth of stored intervals are known to reach
     * (raised by {@link #counted} as they come, set exactly by a cut; it only rises). An interval
     * no longer than it can never be among the longest (of equal ones the first to come win, and
     * those are stored), so it is dropped as it comes, not stored. {@link Long#MIN_VALUE} while none.
     */
    private long floor = Long.MIN_VALUE;
    /**
     * In the heap only: stored intervals by length bucket ({@link #bucketOf}), counted as they are
     * stored; a bucket's count is exact while the bucket lies above {@link #floor}, and never
     * read again once the floor passed it. Null until the first interval is stored.
     */
    private int[] lengths;
    /** In the heap only: a lower bound of the stored intervals longer than {@link #floor}. */
    private long aboveFloor;
    private long longestSeen;
    private boolean selected;
    private long dropped;
    private long droppedNanos;
    private long longestDropped;
    private final dev.blockscope.analyzer.model.TaskIdSet tasksCut = new dev.blockscope.analyzer.model.TaskIdSet();
    private final Map<String, Integer> reasonIndex = new HashMap<>();
    private final List<String> reasons = new ArrayList<>();
    private final Map<String, Integer> blockerIndex = new HashMap<>();
    private final List<String> blockers = new ArrayList<>();

    /**
     * A recorder keeping at most {@code budget} intervals, with times relative to {@code origin},
     * and every interval in an {@link IntervalFile} ({@link #intervals()}).
     */
    public TimelineRecorder(int budget, long origin) {
        this(budget, origin, true);
    }

    /**
     * A recorder keeping at most {@code budget} intervals, with times relative to {@code origin};
     * with {@code keepAll}, every interval also goes to an {@link IntervalFile}, else none does and
     * {@link #intervals()} is null.
     */
    public TimelineRecorder(int budget, long origin, boolean keepAll) {
        this.budget = budget;
        this.origin = origin;
        this.all = keepAll ? new IntervalFile() : null;
        this.capacity = (int) Math.min(Integer.MAX_VALUE - 16, budget + Math.max(4096L, budget / 4L));
    }

    /**
     * Adds one interval (read during this call only: see {@link Interval}), on the lane of carrier
     * {@code lane}: its own carrier, or the one a virtual thread's file I/O held.
     */
    public void add(Interval interval, long lane) {
        add(interval.task(), interval.state(), interval.start(), interval.end(), interval.reason(), lane, interval.stack(),
                interval.waker(), interval.blocker());
    }

    private void add(long taskId, TaskState s, long from, long to, String why, long onCarrier, int stackId, long wokenBy,
                     String blockedOn) {
        int blockerId = blockedOn == null ? -1 : blockerId(blockedOn);
        int reasonId = why == null ? -1 : reasonId(why);
        longestSeen = Math.max(longestSeen, to - from);
        if (all != null) {
            all.append(taskId, s.ordinal(), from - origin, to - origin, reasonId, onCarrier, stackId, wokenBy, blockerId);
            return;
        }
        if (selected) {
            throw new IllegalStateException("an interval added after the timeline was put in order");
        }
        long duration = Math.max(0, to - from);
        if (budget <= 0 || duration <= floor) {
            drop(taskId, duration);
            return;
        }
        if (size >= capacity) {
            dropBelowFloor();
            if (size > budget + (capacity - budget) / 2) {
                compact(budget);
            }
        }
        if (size == rows) {
            addPage();
        }
        setPaged(size++, taskId, s.ordinal(), from - origin, to - origin, reasonId, onCarrier, stackId, wokenBy, blockerId);
        counted(duration);
    }

    /** Exact length buckets below this many nanoseconds; above, {@link #SUB_BITS} bits of precision. */
    private static final int EXACT_BITS = 16;
    private static final int SUB_BITS = 10;
    private static final int BUCKETS = (1 << EXACT_BITS) + (63 - EXACT_BITS) * (1 << SUB_BITS);

    /** The bucket of a duration (at least 0): its own below 65,536 ns, else one of 1,024 per power of two. */
    static int bucketOf(long d) {
        if (d < 1L << EXACT_BITS) {
            return (int) d;
        }
        int e = 63 - Long.numberOfLeadingZeros(d);
        int m = (int) (d >>> (e - SUB_BITS)) & ((1 << SUB_BITS) - 1);
        return (1 << EXACT_BITS) + ((e - EXACT_BITS) << SUB_BITS) + m;
    }

    /** The shortest duration in bucket {@code b}. */
    static long lowestIn(int b) {
        if (b < 1 << EXACT_BITS) {
            return b;
        }
        int e = EXACT_BITS + ((b - (1 << EXACT_BITS)) >>> SUB_BITS);
        long m = (b - (1 << EXACT_BITS)) & ((1 << SUB_BITS) - 1);
        return (1L << e) | (m << (e - SUB_BITS));
    }

    /** The longest duration in bucket {@code b}. */
    static long highestIn(int b) {
        if (b < 1 << EXACT_BITS) {
            return b;
        }
        int e = EXACT_BITS + ((b - (1 << EXACT_BITS)) >>> SUB_BITS);
        return lowestIn(b) + (1L << (e - SUB_BITS)) - 1;
    }

    /** Counts a stored interval of {@code duration} (longer than the floor) and raises the floor while it can. */
    private void counted(long duration) {
        if (lengths == null) {
            lengths = new int[BUCKETS];
        }
        lengths[bucketOf(duration)]++;
        if (++aboveFloor < budget) {
            return;
        }
        // Raising the floor to the top of the next bucket up drops what is no longer than that:
        // right when the budget's worth of stored intervals reach it (those came first, so they
        // also win ties with any interval to come).
        while (floor < Long.MAX_VALUE) {
            long next = floor < 0 ? 0 : floor + 1;
            int b = bucketOf(next);
            long top = highestIn(b);
            long reaching = top == next ? aboveFloor : aboveFloor - lengths[b];
            if (reaching < budget) {
                return;
            }
            aboveFloor -= lengths[b];
            floor = top;
        }
    }

    /**
     * Drops, in one pass, what of the stored intervals can no longer be among the longest: those
     * shorter than the floor, and of those exactly as long the last to come past what the budget
     * leaves them beside the ones known to be longer ({@link #aboveFloor}, a lower bound: so
     * enough are always kept).
     */
    private void dropBelowFloor() {
        keepFrom(floor, Math.max(0, budget - aboveFloor));
    }

    /**
     * Keeps, in the order they came, the stored intervals longer than {@code threshold} and the
     * first {@code ties} exactly as long; drops the rest.
     */
    private void keepFrom(long threshold, long ties) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Page p = pages[i >>> PAGE_BITS];
            int o = i & PAGE_MASK;
            long d = p.duration(o);
            if (d > threshold || d == threshold && ties-- > 0) {
                if (kept != i) {
                    setPaged(kept, p.task[o], p.state[o], p.start[o], p.end[o], p.reason[o], p.carrier[o], p.stack[o],
                            p.waker[o], p.blocker[o]);
                }
                kept++;
            } else {
                drop(p.task[o], d);
            }
        }
        size = kept;
    }

    private void addPage() {
        pages = Arrays.copyOf(pages, pages.length + 1);
        pages[pages.length - 1] = new Page();
        rows += PAGE;
    }

    private void setPaged(int i, long taskId, int stateId, long from, long to, int reasonId, long onCarrier, int stackId,
                          long wokenBy, int blockerId) {
        pages[i >>> PAGE_BITS].set(i & PAGE_MASK, taskId, stateId, from, to, reasonId, onCarrier, stackId, wokenBy, blockerId);
    }

    /**
     * Puts the paged intervals into columns of exactly their number, in time order when some were
     * dropped (see {@link #sortByStart()}), else in the order they came; the pages go.
     */
    private void unpage() {
        int n = size;
        int[] order = null;
        if (compacted) {
            long[] starts = new long[n];
            for (int i = 0; i < n; i++) {
                starts[i] = pages[i >>> PAGE_BITS].start[i & PAGE_MASK];
            }
            order = byStart(starts, n);
        }
        allocate(n);
        for (int k = 0; k < n; k++) {
            int i = order == null ? k : order[k];
            Page p = pages[i >>> PAGE_BITS];
            int o = i & PAGE_MASK;
            set(k, p.task[o], p.state[o], p.start[o], p.end[o], p.reason[o], p.carrier[o], p.stack[o], p.waker[o], p.blocker[o]);
        }
        size = n;
        pages = new Page[0];
        rows = 0;
    }

    /**
     * Every interval added, on disk (mapped for reading once {@link #restoreOrder()} ran), or null
     * when the recorder keeps only the longest; closed by {@link #close()}.
     */
    public IntervalFile intervals() {
        return all;
    }

    /** Deletes the file of every interval, if any. */
    public void close() {
        if (all != null) {
            all.close();
        }
    }

    /** In the heap: keeps the {@code k} longest of the columns (ties: the first to come), in the order they came. */
    private void compact(int k) {
        long[] threshold = kthLongest(size, i -> pages[(int) (i >>> PAGE_BITS)].duration((int) (i & PAGE_MASK)), k);
        keepFrom(threshold[0], k - threshold[1]); // drops, so the columns are sorted at the end
        floor = threshold[0];
        aboveFloor = threshold[1]; // stored and longer than the floor, exactly
    }

    /** The duration of interval {@code i}. */
    private interface Durations {
        long of(long i);
    }

    private void drop(long taskId, long nanos) {
        compacted = true; // something left out: the columns are put in time order at the end
        dropped++;
        droppedNanos += nanos;
        longestDropped = Math.max(longestDropped, nanos);
        tasksCut.add(taskId);
    }

    private static long duration(IntervalFile f, long i) {
        return Math.max(0, f.end(i) - f.start(i));
    }

    /**
     * The duration {@code t} of the {@code k}-th longest of {@code n} intervals ({@code 0 < k <= n}),
     * and how many are longer: counting passes, each narrowing the range that holds it 65,536-fold.
     */
    /** Each counting pass of {@link #kthLongest} narrows the range 2^this-fold. */
    private static final int BUCKET_BITS = 16;

    private long[] kthLongest(long n, Durations duration, long k) {
        long lo = 0;
        long hi = longestSeen;
        long above = 0;
        long[] counts = new long[1 << BUCKET_BITS];
        while (true) {
            // buckets of a power of two wide: a shift per interval, not a 64-bit division
            int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(hi - lo) - BUCKET_BITS);
            java.util.Arrays.fill(counts, 0);
            for (long i = 0; i < n; i++) {
                long d = duration.of(i);
                if (d >= lo && d <= hi) {
                    counts[(int) ((d - lo) >>> shift)]++;
                }
            }
            long cumulative = above;
            for (int b = counts.length - 1; b >= 0; b--) {
                if (cumulative + counts[b] >= k) {
                    if (shift == 0) {
                        return new long[] {lo + b, cumulative};
                    }
                    above = cumulative;
                    lo = lo + ((long) b << shift);
                    hi = Math.min(hi, lo + (1L << shift) - 1);
                    break;
                }
                cumulative += counts[b];
            }
        }
    }

    /**
     * Takes the columns from the file of every interval: all of them in the order they came when
     * they fit the budget, else the longest (see the class comment), put back in time order (by
     * start; a task's intervals never overlap, so each task's are in order again). Once.
     */
    public void restoreOrder() {
        if (selected) {
            return;
        }
        selected = true;
        if (all == null) {
            if (size > budget) {
                compact(budget);
            }
            unpage();
            return;
        }
        all.seal();
        long n = all.size();
        if (n <= budget) {
            allocate((int) n);
            for (long i = 0; i < n; i++) {
                copy(i);
            }
            return;
        }
        allocate(budget);
        if (budget > 0) {
            long[] threshold = kthLongest(n, i -> duration(all, i), budget);
            long ties = budget - threshold[1];
            for (long i = 0; i < n; i++) {
                long d = duration(all, i);
                if (d > threshold[0] || d == threshold[0] && ties-- > 0) {
                    copy(i);
                } else {
                    drop(all.task(i), d);
                }
            }
        } else {
            for (long i = 0; i < n; i++) {
                drop(all.task(i), duration(all, i));
            }
        }
        sortByStart();
    }

    /**
     * Puts the columns in time order (by start; a task's intervals never overlap, so each task's
     * are in order again), ties in the order they came ({@link #byStart}).
     */
    private void sortByStart() {
        int[] order = byStart(start, size);
        // each column is replaced by its permuted copy, of just the kept length: the old one is
        // garbage at once, and trim() has nothing left to copy
        task = permuted(order, task);
        start = permuted(order, start);
        end = permuted(order, end);
        carrier = permuted(order, carrier);
        waker = permuted(order, waker);
        state = permuted(order, state);
        reason = permuted(order, reason);
        stack = permuted(order, stack);
        blocker = permuted(order, blocker);
    }

    /** Positions the packed sort of {@link #byStart} takes (2M: the default budget); the starts may then span 73 minutes. */
    private static final int POSITION_BITS = 21;

    /**
     * The positions of the columns in order of start, ties in the order they came. One sort of
     * primitive keys (start, then position) where both fit a long: the intervals of thousands of
     * threads come by their ends, far from the order of their starts, which a merge of positions
     * by their starts visits at random. Else the natural merge of {@link StableOrder}.
     */
    private static int[] byStart(long[] start, int size) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            min = Math.min(min, start[i]);
            max = Math.max(max, start[i]);
        }
        if (size > 1 << POSITION_BITS || size > 0 && (max - min < 0 || max - min >= 1L << (63 - POSITION_BITS))) {
            return StableOrder.of(start, size);
        }
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = (start[i] - min) << POSITION_BITS | i;
        }
        Arrays.sort(keys);
        int[] order = new int[size];
        for (int k = 0; k < size; k++) {
            order[k] = (int) (keys[k] & ((1 << POSITION_BITS) - 1));
        }
        return order;
    }

    private void allocate(int n) {
        task = new long[n];
        start = new long[n];
        end = new long[n];
        state = new int[n];
        reason = new int[n];
        carrier = new long[n];
        stack = new int[n];
        waker = new long[n];
        blocker = new int[n];
        size = 0;
    }

    private void copy(long i) {
        set(size++, all.task(i), all.state(i), all.start(i), all.end(i), all.reason(i), all.carrier(i), all.stack(i),
                all.waker(i), all.blocker(i));
    }

    private static long[] permuted(int[] order, long[] column) {
        long[] out = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = column[order[i]];
        }
        return out;
    }

    private static int[] permuted(int[] order, int[] column) {
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = column[order[i]];
        }
        return out;
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
        if (why == lastReason) {
            return lastReasonId;
        }
        Integer id = reasonIndex.get(why); // not computeIfAbsent: its capturing lambda was an object per interval
        if (id == null) {
            reasons.add(why);
            id = reasons.size() - 1;
            reasonIndex.put(why, id);
        }
        lastReason = why;
        lastReasonId = id;
        return id;
    }

    private String lastReason;
    private int lastReasonId;

    private int blockerId(String blockedOn) {
        Integer id = blockerIndex.get(blockedOn);
        if (id == null) {
            blockers.add(blockedOn);
            id = blockers.size() - 1;
            blockerIndex.put(blockedOn, id);
        }
        return id;
    }

    /** Empties the columns (keeping the string tables), for a rewrite of the whole timeline. */
    void clearColumns() {
        size = 0;
    }

    private void grow(int atLeast) {
        int n = (int) Math.max(atLeast, Math.min((long) budget, Math.max(1024, task.length * 2L)));
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

    /** Trims the columns to {@link #size()}, so they can be handed out without a copy. */
    public void trim() {
        if (task.length != size) {
            task = Arrays.copyOf(task, size);
            start = Arrays.copyOf(start, size);
            end = Arrays.copyOf(end, size);
            state = Arrays.copyOf(state, size);
            reason = Arrays.copyOf(reason, size);
            carrier = Arrays.copyOf(carrier, size);
            stack = Arrays.copyOf(stack, size);
            waker = Arrays.copyOf(waker, size);
            blocker = Arrays.copyOf(blocker, size);
        }
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
    public int tasksCut() { return (int) tasksCut.size(); }
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
