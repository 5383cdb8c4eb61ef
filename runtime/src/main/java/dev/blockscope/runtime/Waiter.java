package dev.blockscope.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One blocked channel operation or select of one task (Go's {@code sudog} plus
 * {@code selectDone}). A select enqueues the same waiter on every channel it waits on; whoever
 * completes it first must win {@link #tryClaim()}, so exactly one case fires. Claims happen only
 * under the lock of the channel holding the offer, which is why a task that locks its channels
 * afterwards always sees a claimed waiter already {@link #isDone() done}.
 */
final class Waiter {
    private static final int WAITING = 0;
    private static final int CLAIMED = 1;
    private static final int DONE = 2;

    final Thread thread = Thread.currentThread();
    private final AtomicInteger state = new AtomicInteger(WAITING);

    // Written by the claimer before the volatile DONE store, read by the owner after seeing DONE.
    Object item;
    boolean ok;
    boolean closed;
    int caseIndex = -1;

    boolean tryClaim() {
        return state.compareAndSet(WAITING, CLAIMED);
    }

    /** Completes a waiter this thread claimed, and wakes its owner. */
    void complete(Object item, boolean ok, boolean closed, int caseIndex) {
        this.item = item;
        this.ok = ok;
        this.closed = closed;
        this.caseIndex = caseIndex;
        state.set(DONE);
        if (thread != Thread.currentThread()) {
            LockSupport.unpark(thread);
        }
    }

    boolean isDone() {
        return state.get() == DONE;
    }

    /**
     * Parks the owner until a claimer completed this waiter, or until {@code deadline}
     * ({@link System#nanoTime()} based) when {@code timed}. Channel operations are not
     * interruptible (as in Go); an interrupt is kept and re-asserted on return, never lost.
     *
     * @return true when completed, false when the deadline passed first
     */
    boolean awaitDone(Object blocker, boolean timed, long deadline) {
        boolean interrupted = false;
        try {
            while (!isDone()) {
                if (timed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    LockSupport.parkNanos(blocker, left);
                } else {
                    LockSupport.park(blocker);
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
