package dev.blockscope.agent.bridge;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which suspensions get a stack. A stack is what makes a blocking profile useful and what costs
 * most: JFR walks a virtual thread's continuation in 5 to 8 microseconds, 30 to 50 times the
 * suspension's own record, and on a service where a third of the waits last a millisecond or
 * more, taking all of theirs cost a quarter of its CPU. So stacks are taken within a budget per
 * second, and the longest waits come first: a wait is a candidate when it lasted at least the
 * threshold ({@code stacks=}) or held its carrier (pinned); candidates take a stack while the
 * second's budget ({@code stackrate=}) lasts. When a second runs out of budget, the threshold
 * doubles for the next one, and when it used less than a quarter, the threshold halves again
 * (never below {@code stacks=}): under load the budget goes to the longest waits, and when
 * things are quiet every wait over the threshold has one. Pinned waits take a stack whatever
 * their length while the budget lasts: they are what pinning diagnoses are made of.
 *
 * <p>The analyzer reports what share of the blocked time carries a stack; the rest is counted by
 * reason and blocker class, never given a stack of its own.
 */
final class StackBudget {
    private StackBudget() {}

    /** No stacks at all ({@code stacks=off}). */
    static final long NONE = Long.MAX_VALUE;

    /** {@code stacks=}: the shortest wait that may get a stack, in clock ticks; {@link #NONE}: none. */
    private static volatile long minTicks = NONE;
    /** The threshold now, {@link #minTicks} or above when the budget ran out. */
    private static volatile long thresholdTicks = NONE;
    /** Stacks per second, 0 for no limit. */
    private static volatile long perSecond;

    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final long MAX_THRESHOLD_NANOS = 10 * SECOND_NANOS;
    private static final AtomicLong WINDOW_END = new AtomicLong();
    private static final AtomicLong LEFT = new AtomicLong();
    /** Candidates refused in the current second (the budget ran out). */
    private static final AtomicLong REFUSED = new AtomicLong();
    /** Candidates refused so far. */
    static final java.util.concurrent.atomic.LongAdder REFUSED_TOTAL = new java.util.concurrent.atomic.LongAdder();

    /** Sets the policy: the threshold in nanoseconds ({@link #NONE}: no stacks) and the stacks per second (0: no limit). */
    static void configure(long minNanos, long rate) {
        long ticks = minNanos == NONE ? NONE : SuspendTiming.fromNanos(minNanos);
        perSecond = Math.max(0, rate);
        minTicks = ticks;
        thresholdTicks = ticks;
        LEFT.set(perSecond);
        REFUSED.set(0);
        WINDOW_END.set(System.nanoTime() + SECOND_NANOS);
    }

    /** The threshold now, in nanoseconds, or -1 for no stacks (for the recording's statistics). */
    static long thresholdNanos() {
        long t = thresholdTicks;
        return t == NONE ? -1 : SuspendTiming.toNanos(t);
    }

    /** Whether a suspension of {@code durationTicks}, {@code pinned} or not, gets a stack. */
    static boolean take(long durationTicks, boolean pinned) {
        long threshold = thresholdTicks;
        if (threshold == NONE || (!pinned && durationTicks < threshold)) {
            return false;
        }
        long rate = perSecond;
        if (rate == 0) {
            return true;
        }
        long now = System.nanoTime();
        long end = WINDOW_END.get();
        if (now - end >= 0 && WINDOW_END.compareAndSet(end, now + SECOND_NANOS)) {
            roll(rate);
        }
        if (LEFT.getAndDecrement() > 0) {
            return true;
        }
        REFUSED.incrementAndGet();
        REFUSED_TOTAL.increment();
        return false;
    }

    /** A new second: adapts the threshold to how the last one went and refills the budget. */
    private static void roll(long rate) {
        long left = LEFT.get();
        long refused = REFUSED.getAndSet(0);
        long t = thresholdTicks;
        long min = minTicks;
        if (refused > 0) {
            long doubled = t == 0 ? SuspendTiming.fromNanos(1_000) : t * 2;
            thresholdTicks = Math.min(doubled, SuspendTiming.fromNanos(MAX_THRESHOLD_NANOS));
        } else if (left > rate * 3 / 4 && t > min) {
            thresholdTicks = Math.max(min, t / 2);
        }
        LEFT.set(rate);
    }
}
