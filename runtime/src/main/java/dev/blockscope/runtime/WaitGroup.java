package dev.blockscope.runtime;

import dev.blockscope.event.Reason;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of tasks to finish. {@link #add} before
 * starting each, {@link #done} at each end, {@link #await} (Go's {@code Wait}) to wait until the
 * counter is zero; or {@link #go} which does all three for one task (Go 1.25's {@code wg.Go}).
 *
 * <pre>{@code
 * var wg = new WaitGroup();
 * for (int i = 0; i < 10; i++) {
 *     int n = i;
 *     wg.go("worker-" + n, () -> work(n));
 * }
 * wg.await();
 * }</pre>
 *
 * <p>A counter that would go negative throws {@link IllegalStateException} ("sync: negative
 * WaitGroup counter", where Go panics) and is left unchanged. A waiter is released when the
 * counter reaches zero even if it is raised again before the waiter runs (a new generation
 * starts). An {@code await} that has to wait records one suspension with reason
 * {@code waitgroup}. Waiting is not interruptible, as in Go.
 */
public final class WaitGroup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition zero = lock.newCondition();
    private long count;
    private long generation;
    private int waiting;

    /** Adds {@code delta} (may be negative) to the counter. */
    public void add(int delta) {
        lock.lock();
        try {
            long next = count + delta;
            if (next < 0) {
                throw new IllegalStateException("sync: negative WaitGroup counter (" + count + " + " + delta + ")");
            }
            count = next;
            if (count == 0 && delta != 0) {
                generation++;
                zero.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Decrements the counter by one. */
    public void done() {
        add(-1);
    }

    /** Starts {@code body} as a task named {@code name} counted by this group. */
    public Task go(String name, Runnable body) {
        add(1);
        try {
            return Task.go(name, () -> {
                try {
                    body.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException | Error e) {
            done();
            throw e;
        }
    }

    /** Waits until the counter is zero (Go's {@code Wait}). */
    public void await() {
        lock.lock();
        try {
            if (count == 0) {
                return;
            }
            long waitingFor = generation;
            waiting++;
            Suspension s = Suspension.begin(Reason.WAITGROUP, this, -1);
            while (generation == waitingFor) {
                zero.awaitUninterruptibly();
            }
            s.end();
            waiting--;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks inside {@link #await} now; for tests that need a waiter provably waiting. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /** The counter now (for diagnostics; racy by nature). */
    public long count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
