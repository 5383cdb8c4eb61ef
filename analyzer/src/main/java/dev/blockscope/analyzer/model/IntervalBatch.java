package dev.blockscope.analyzer.model;

import dev.blockscope.analyzer.event.TraceEvent;

/**
 * A fixed block of what the analysis hands to the sinks that need only an interval's own values
 * (the timeline's columns, the switch cost, the CPU profile, carrier coverage), as primitive
 * columns: one slot per hand-off, no object per interval. A slot is an {@link Op}: an interval, with
 * what the sinks would otherwise read from its task's mutable state, captured as it is delivered
 * (its lane, whether its task is a virtual thread, whether it is a carrier's own), or one of the
 * few other calls those sinks take from the event stream (a task's start and end for the switch
 * cost, samples and settings for the CPU, wall and lock profiles), so they see everything in the
 * one order the analysis made it, whichever thread applies it.
 *
 * <p>The columns an op uses: an interval, all of them; {@link Op#BEGAN} task, time
 * ({@link #start}); {@link Op#FORGET} task; {@link Op#CPU_SAMPLE} thread ({@link #task}), time,
 * stack; {@link Op#WALL_SAMPLE} those and its weight ({@link #weight}); {@link Op#LOCK_ENTRY}
 * thread, end ({@link #start}), stack, duration ({@link #end}); {@link Op#SETTING} name
 * ({@link #reason}) and value ({@link #blocker}).
 */
public final class IntervalBatch {
    /** What a slot holds. */
    public enum Op {
        INTERVAL, BEGAN, FORGET, CPU_SAMPLE, WALL_SAMPLE, LOCK_ENTRY, SETTING;

        private static final Op[] ALL = values();
    }

    /** Flag: the interval's task is a virtual thread. */
    public static final int VIRTUAL = 1;
    /** Flag: the interval is a carrier thread's own (not UNKNOWN), as the carriers were known when it came. */
    public static final int CARRIER_OWN = 2;

    private static final TaskState[] STATES = TaskState.values();

    private final byte[] op;
    private final byte[] state;
    private final byte[] flags;
    private final long[] task;
    private final long[] start;
    private final long[] end;
    private final long[] carrier;
    private final long[] lane;
    private final long[] waker;
    private final int[] stack;
    private final int[] weight;
    private final String[] reason;
    private final String[] blocker;
    private int size;

    /** An empty batch of {@code capacity} slots. */
    public IntervalBatch(int capacity) {
        op = new byte[capacity];
        state = new byte[capacity];
        flags = new byte[capacity];
        task = new long[capacity];
        start = new long[capacity];
        end = new long[capacity];
        carrier = new long[capacity];
        lane = new long[capacity];
        waker = new long[capacity];
        stack = new int[capacity];
        weight = new int[capacity];
        reason = new String[capacity];
        blocker = new String[capacity];
    }

    /** Slots filled. */
    public int size() {
        return size;
    }

    /** Whether every slot is filled. */
    public boolean full() {
        return size == op.length;
    }

    /** Empties the batch (the strings it referred to are let go). */
    public void clear() {
        java.util.Arrays.fill(reason, 0, size, null);
        java.util.Arrays.fill(blocker, 0, size, null);
        size = 0;
    }

    /** Adds {@code interval} (copied now), on lane {@code onLane}, with {@link #VIRTUAL} and {@link #CARRIER_OWN} flags. */
    public void interval(Interval interval, long onLane, int taskFlags) {
        int i = size++;
        op[i] = (byte) Op.INTERVAL.ordinal();
        state[i] = (byte) interval.state().ordinal();
        flags[i] = (byte) taskFlags;
        task[i] = interval.task();
        start[i] = interval.start();
        end[i] = interval.end();
        carrier[i] = interval.carrier();
        lane[i] = onLane;
        waker[i] = interval.waker();
        stack[i] = interval.stack();
        reason[i] = interval.reason();
        blocker[i] = interval.blocker();
    }

    /** Adds an op other than an interval (see the class comment for which columns it uses). */
    public void op(Op what, long taskId, long time, long value, int stackId, int weight, String name, String text) {
        int i = size++;
        op[i] = (byte) what.ordinal();
        task[i] = taskId;
        start[i] = time;
        end[i] = value;
        stack[i] = stackId;
        this.weight[i] = weight;
        reason[i] = name;
        blocker[i] = text;
    }

    /**
     * Fills {@code into} with slot {@code i}'s interval (its pin reason is not carried: no sink
     * fed from a batch reads it).
     */
    public Interval read(int i, Interval into) {
        return into.set(task[i], STATES[state[i]], start[i], end[i], reason[i], null, carrier[i], stack[i], waker[i],
                blocker[i]);
    }

    /** Slot {@code i}'s op. */
    public Op op(int i) { return Op.ALL[op[i]]; }
    /** Slot {@code i}'s interval state. */
    public TaskState state(int i) { return STATES[state[i]]; }
    /** Slot {@code i}'s flags ({@link #VIRTUAL}, {@link #CARRIER_OWN}). */
    public int flags(int i) { return flags[i]; }
    /** Slot {@code i}'s task (or sampled thread). */
    public long task(int i) { return task[i]; }
    /** Slot {@code i}'s start (or the op's time). */
    public long start(int i) { return start[i]; }
    /** Slot {@code i}'s end (or a lock entry's duration). */
    public long end(int i) { return end[i]; }
    /** Slot {@code i}'s carrier ({@link Interval#NO_CARRIER} if none). */
    public long carrier(int i) { return carrier[i]; }
    /** Slot {@code i}'s lane: its carrier, or the one a virtual thread's file I/O held. */
    public long lane(int i) { return lane[i]; }
    /** Slot {@code i}'s stack ({@link TraceEvent#NO_STACK} if none). */
    public int stack(int i) { return stack[i]; }
    /** A wall sample's weight (slot {@code i}). */
    public int weight(int i) { return weight[i]; }
    /** Slot {@code i}'s reason (or a setting's name). */
    public String reason(int i) { return reason[i]; }
    /** Slot {@code i}'s blocker (or a setting's value). */
    public String blocker(int i) { return blocker[i]; }
}
