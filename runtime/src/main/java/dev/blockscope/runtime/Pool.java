package dev.blockscope.runtime;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Go's {@code sync.Pool}: a cache of reusable objects. {@link #get} returns an idle object or,
 * when there is none, a new one from the factory (Go's {@code New}); {@link #put} returns one.
 * Like Go's pool it may drop objects: it keeps at most {@code maxIdle} idle objects and discards
 * the rest, so it never grows without bound. Thread-safe and lock-free; most recently returned
 * objects are handed out first, as they are the likeliest to be in cache.
 *
 * @param <T> pooled type
 */
public final class Pool<T> {
    private final Supplier<? extends T> factory;
    private final int maxIdle;
    private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final LongAdder created = new LongAdder();

    /** A pool keeping up to 1024 idle objects. */
    public Pool(Supplier<? extends T> factory) {
        this(factory, 1024);
    }

    /** A pool keeping up to {@code maxIdle} idle objects. */
    public Pool(Supplier<? extends T> factory, int maxIdle) {
        this.factory = Objects.requireNonNull(factory, "factory");
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle must be >= 0, was " + maxIdle);
        }
        this.maxIdle = maxIdle;
    }

    /** An idle object, or a new one from the factory. */
    public T get() {
        T t = idle.pollFirst();
        if (t != null) {
            idleCount.decrementAndGet();
            return t;
        }
        created.increment();
        return factory.get();
    }

    /** Returns {@code item} to the pool (dropped when the pool already holds {@code maxIdle}). */
    public void put(T item) {
        Objects.requireNonNull(item, "cannot put null in a pool");
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            return;
        }
        idle.offerFirst(item);
    }

    /** How many objects the factory made so far (the book's {@code numCalcsCreated}). */
    public long created() {
        return created.sum();
    }

    /** Idle objects held now (approximate under concurrency). */
    public int idle() {
        return Math.max(0, idleCount.get());
    }
}
