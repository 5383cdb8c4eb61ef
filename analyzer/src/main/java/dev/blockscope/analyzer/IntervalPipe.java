package dev.blockscope.analyzer;

import dev.blockscope.analyzer.model.IntervalBatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Hands batches of intervals ({@link IntervalBatch}) from the analysis' thread to a consumer, in
 * order: on a thread of its own (the analysis then uses a second core), or on the producing thread
 * itself when {@link #ANALYSIS_THREADS_PROPERTY} is 1 or there are two cores or fewer. The same batches in the
 * same order either way, so the output does not depend on it.
 *
 * <p>A single-producer, single-consumer ring of {@link #BATCHES} fixed batches: memory is bounded
 * whatever the recording, and the producer waits while the ring is full. Every wait is bounded
 * and checks the other side: an exception or error on the consumer's thread (out of memory too)
 * is rethrown on the producer's at its next hand-off or at {@link #finish()}, and a consumer that
 * has stopped is noticed, so a failure never hangs the analysis. Not thread-safe on the producer's
 * side: one thread feeds it.
 */
final class IntervalPipe implements AutoCloseable {
    /**
     * System property: how many threads the analysis of a file uses besides the chunk readers: 2
     * (the default with more than two cores) moves the interval sinks to a thread of their own, 1
     * runs them on the analysis' thread. The output does not depend on it.
     */
    static final String ANALYSIS_THREADS_PROPERTY = "blockscope.analysisThreads";

    /** Slots in a batch: a hand-off per this many intervals. */
    static final int BATCH = 4096;
    /** Batches in the ring: about 2 MB of columns at {@link #BATCH} slots each. */
    static final int BATCHES = 8;
    /** How long one wait parks before it checks the other side again. */
    private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Consumer<IntervalBatch> consumer;
    private final IntervalBatch[] ring;
    private final Thread thread;
    /** The thread that feeds the pipe (the one the consumer wakes). */
    private volatile Thread producer;
    private IntervalBatch current;
    /** Batches handed over (written by the producer only). */
    private volatile long published;
    /** Batches consumed (written by the consumer's thread only). */
    private volatile long consumed;
    /** Set by the producer: no batch comes after those published. */
    private volatile boolean closed;
    /** Set by the producer: stop without consuming the rest (the analysis failed). */
    private volatile boolean aborted;
    private volatile boolean producerWaiting;
    private volatile boolean consumerWaiting;
    private volatile Throwable failure;
    private boolean finished;

    /**
     * A pipe to {@code consumer}, on a thread of its own when {@code threaded}, else applied on the
     * producer's thread as each batch fills.
     */
    IntervalPipe(Consumer<IntervalBatch> consumer, boolean threaded) {
        this(consumer, threaded, BATCH, BATCHES);
    }

    IntervalPipe(Consumer<IntervalBatch> consumer, boolean threaded, int batch, int batches) {
        this.consumer = consumer;
        if (threaded) {
            ring = new IntervalBatch[batches];
            for (int i = 0; i < batches; i++) {
                ring[i] = new IntervalBatch(batch);
            }
            current = ring[0];
            thread = new Thread(this::consume, "blockscope-interval-sinks");
            thread.setDaemon(true); // never keeps the JVM alive: a failed analysis stops it, see close()
            thread.start();
        } else {
            ring = null;
            current = new IntervalBatch(batch);
            thread = null;
        }
    }

    /** Whether the analysis runs the sinks on a thread of their own: {@link #ANALYSIS_THREADS_PROPERTY}, else the cores. */
    static boolean threaded() {
        String v = System.getProperty(ANALYSIS_THREADS_PROPERTY);
        if (v != null && !v.isBlank()) {
            try {
                return Integer.parseInt(v.trim()) > 1;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + ANALYSIS_THREADS_PROPERTY + "=" + v + ": expected a number of threads");
            }
        }
        // on two cores the JIT, G1 and the chunk readers already fill the second one: the sinks' thread
        // cost 6-9% more CPU there and gained no wall time (docs/analyzer-speed.md)
        return Runtime.getRuntime().availableProcessors() > 2;
    }

    /** The batch to add the next slot to: never full. */
    IntervalBatch batch() {
        if (current.full()) {
            handOver();
        }
        return current;
    }

    private void handOver() {
        if (thread == null) {
            consumer.accept(current);
            current.clear();
            return;
        }
        checkConsumer();
        published = published + 1; // the consumer may take it now
        if (consumerWaiting) {
            LockSupport.unpark(thread);
        }
        // the next batch is free once the consumer is done with the one a ring ago
        boolean interrupted = false;
        while (published - consumed >= ring.length) {
            producer = Thread.currentThread();
            producerWaiting = true;
            if (published - consumed >= ring.length) {
                checkConsumer();
                LockSupport.parkNanos(this, WAIT_NANOS);
                interrupted |= Thread.interrupted(); // a wait that ignored it would spin
            }
            producerWaiting = false;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        current = ring[(int) (published % ring.length)];
    }

    /** Rethrows the consumer's failure; fails if its thread stopped without one. */
    private void checkConsumer() {
        Throwable t = failure;
        if (t != null) {
            rethrow(t);
        }
        if (!thread.isAlive() && published > consumed) {
            throw new IllegalStateException("the analysis' interval thread stopped with " + (published - consumed)
                    + " batch(es) still to apply");
        }
    }

    private static void rethrow(Throwable t) {
        switch (t) {
            case Error e -> throw e; // out of memory stays itself: the CLI says it in one line
            case RuntimeException e -> throw e;
            default -> throw new IllegalStateException(t);
        }
    }

    /**
     * Hands over what is left and waits until the consumer has applied every batch: after this
     * the producer's thread may read what the consumer wrote. Rethrows the consumer's failure.
     */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (thread == null) {
            if (current.size() > 0) {
                consumer.accept(current);
                current.clear();
            }
            return;
        }
        if (current.size() > 0) {
            handOver();
        }
        closed = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (true) {
            Throwable t = failure;
            if (t != null) {
                rethrow(t);
            }
            if (consumed == published) {
                break;
            }
            if (!thread.isAlive()) {
                checkConsumer();
            }
            producer = Thread.currentThread();
            producerWaiting = true;
            if (consumed != published && failure == null) {
                LockSupport.parkNanos(this, WAIT_NANOS);
                interrupted |= Thread.interrupted();
            }
            producerWaiting = false;
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10)); // it ends at once: nothing left, closed
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the consumer without applying what is left (the analysis failed, or was finished):
     * waits a bounded time for it to finish the batch it is applying, so the sinks are no longer
     * written when this returns, unless that batch takes longer.
     */
    @Override
    public void close() {
        if (thread == null || !thread.isAlive()) {
            return;
        }
        aborted = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void consume() {
        try {
            while (!aborted) {
                long next = consumed;
                if (next == published) {
                    if (closed && next == published) {
                        return;
                    }
                    consumerWaiting = true;
                    if (next == published && !closed && !aborted) {
                        LockSupport.parkNanos(this, WAIT_NANOS);
                    }
                    consumerWaiting = false;
                    continue;
                }
                IntervalBatch b = ring[(int) (next % ring.length)];
                consumer.accept(b);
                b.clear();
                consumed = next + 1;
                if (producerWaiting) {
                    LockSupport.unpark(producer);
                }
            }
        } catch (Throwable t) {
            failure = t;
            Thread waiting = producer;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
    }
}
