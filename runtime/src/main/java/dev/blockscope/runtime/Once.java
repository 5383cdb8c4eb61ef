package dev.blockscope.runtime;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.Once}: {@link #run} calls its function only the first time, and every caller
 * returns only after that call completed. If the function throws, the exception reaches the
 * caller that ran it and the Once still counts as done (as in Go, where a panicking function is
 * considered to have returned).
 */
public final class Once {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean done;

    /** Calls {@code f} if no call of this Once did yet; otherwise waits for that call to finish. */
    public void run(Runnable f) {
        if (done) {
            return;
        }
        lock.lock();
        try {
            if (!done) {
                try {
                    f.run();
                } finally {
                    done = true;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once a call completed. */
    public boolean isDone() {
        return done;
    }
}
