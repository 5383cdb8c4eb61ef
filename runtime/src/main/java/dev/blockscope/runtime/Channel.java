package dev.blockscope.runtime;

import dev.blockscope.event.Reason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Go channel: unbuffered ({@link #unbuffered()}, a send waits for a receiver) or buffered
 * ({@link #buffered(int)}), closable, iterable until closed, and usable in a {@link Select}.
 *
 * <p>Semantics follow Go: a send on a closed channel throws {@link ChannelClosedException} (Go
 * panics), so does a second {@link #close()}; a receive on a closed, drained channel returns at
 * once with the zero value ({@code null}) and {@code ok=false}; values are delivered in FIFO order
 * and waiting senders and receivers are served in arrival order. {@code null} cannot be sent,
 * so that {@code null} is only ever the zero value.
 *
 * <p>Blocking goes through {@link java.util.concurrent.locks.LockSupport#park}, so a virtual
 * thread waiting on a channel releases its carrier. Each operation that has to wait (it queued
 * itself because no partner was ready) is one suspension recorded with reason {@code chan.send}
 * or {@code chan.recv} (see {@link Suspension}); an operation that completes at once records
 * nothing. Channel operations are not interruptible; use {@link Select#timeout} to bound a wait.
 *
 * @param <T> element type
 */
public final class Channel<T> implements Iterable<T> {
    /** Returned by {@link #pollLocked()} when nothing can be received now. */
    static final Object EMPTY = new Object();
    /** Returned by {@link #pollLocked()} when the channel is closed and drained. */
    static final Object CLOSED = new Object();

    private static final AtomicLong IDS = new AtomicLong();

    /** Lock order among channels, for a select that locks several at once. */
    final long id = IDS.incrementAndGet();
    final ReentrantLock lock = new ReentrantLock();
    private final int capacity;
    private final ArrayDeque<Object> buffer;
    private final ArrayDeque<Offer> senders = new ArrayDeque<>();
    private final ArrayDeque<Offer> receivers = new ArrayDeque<>();
    private boolean closed;

    private Channel(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.buffer = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** A channel without buffer: each send waits until a receiver takes the value ({@code make(chan T)}). */
    public static <T> Channel<T> unbuffered() {
        return new Channel<>(0);
    }

    /** A channel holding up to {@code capacity} values before a send waits ({@code make(chan T, n)}). */
    public static <T> Channel<T> buffered(int capacity) {
        return new Channel<>(capacity);
    }

    /**
     * Go's {@code time.After}: a channel that receives the current {@link System#nanoTime()} once,
     * after {@code delay}, from a virtual thread that sleeps meanwhile.
     */
    public static Channel<Long> after(Duration delay) {
        Channel<Long> ch = buffered(1);
        Thread.ofVirtual().name("blockscope-after").start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            ch.send(System.nanoTime());
        });
        return ch;
    }

    /** Sends {@code value}, waiting until a receiver takes it or buffer space frees up. */
    public void send(T value) {
        Objects.requireNonNull(value, "cannot send null on a channel (null is the zero value)");
        Waiter waiter;
        lock.lock();
        try {
            if (offerLocked(value)) {
                return;
            }
            waiter = new Waiter();
            senders.add(new Offer(waiter, 0, value));
        } finally {
            lock.unlock();
        }
        Suspension s = Suspension.begin(Reason.CHAN_SEND, this, -1);
        waiter.awaitDone(this, false, 0);
        s.end();
        if (waiter.closed) {
            throw new ChannelClosedException("send on closed channel");
        }
    }

    /** Receives a value, waiting for one; returns the zero value {@code null} once closed and drained. */
    public T receive() {
        return receiveOk().value();
    }

    /** Receives a value with Go's {@code ok}: false when the channel is closed and drained. */
    @SuppressWarnings("unchecked")
    public Received<T> receiveOk() {
        Waiter waiter;
        lock.lock();
        try {
            Object r = pollLocked();
            if (r == CLOSED) {
                return new Received<>(null, false);
            }
            if (r != EMPTY) {
                return new Received<>((T) r, true);
            }
            waiter = new Waiter();
            receivers.add(new Offer(waiter, 0, null));
        } finally {
            lock.unlock();
        }
        Suspension s = Suspension.begin(Reason.CHAN_RECV, this, -1);
        waiter.awaitDone(this, false, 0);
        s.end();
        return new Received<>((T) waiter.item, waiter.ok);
    }

    /**
     * Closes the channel: waiting receivers get {@code ok=false}, waiting senders throw, buffered
     * values can still be received.
     *
     * @throws ChannelClosedException when already closed ("close of closed channel")
     */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                throw new ChannelClosedException("close of closed channel");
            }
            closed = true;
            for (Offer r; (r = receivers.poll()) != null; ) {
                if (r.waiter().tryClaim()) {
                    r.waiter().complete(null, false, false, r.caseIndex());
                }
            }
            for (Offer w; (w = senders.poll()) != null; ) {
                if (w.waiter().tryClaim()) {
                    w.waiter().complete(null, false, true, w.caseIndex());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Values buffered now ({@code len(ch)}). */
    public int len() {
        lock.lock();
        try {
            return buffer.size();
        } finally {
            lock.unlock();
        }
    }

    /** Buffer capacity ({@code cap(ch)}); 0 for an unbuffered channel. */
    public int cap() {
        return capacity;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Go's {@code for v := range ch}: each {@code next} receives (waiting as {@link #receive()}
     * does) until the channel is closed and drained.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Received<T> next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = receiveOk();
                }
                return next.ok();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                T v = next.value();
                next = null;
                return v;
            }
        };
    }

    /** Number of tasks queued waiting to receive; for tests that need a receiver provably waiting. */
    int waitingReceivers() {
        lock.lock();
        try {
            return (int) receivers.stream().filter(o -> !o.waiter().isDone()).count();
        } finally {
            lock.unlock();
        }
    }

    /** Number of tasks queued waiting to send. */
    int waitingSenders() {
        lock.lock();
        try {
            return (int) senders.stream().filter(o -> !o.waiter().isDone()).count();
        } finally {
            lock.unlock();
        }
    }

    // ---- operations with the lock held, shared by the direct operations and Select ----

    /**
     * Hands {@code value} to a waiting receiver or buffers it.
     *
     * @return false when the send would have to wait
     * @throws ChannelClosedException when closed
     */
    boolean offerLocked(Object value) {
        if (closed) {
            throw new ChannelClosedException("send on closed channel");
        }
        for (Offer r; (r = receivers.poll()) != null; ) {
            if (r.waiter().tryClaim()) {
                r.waiter().complete(value, true, false, r.caseIndex());
                return true;
            }
        }
        if (buffer.size() < capacity) {
            buffer.add(value);
            return true;
        }
        return false;
    }

    /** Takes a value now if there is one: the value, {@link #CLOSED} or {@link #EMPTY}. */
    Object pollLocked() {
        if (!buffer.isEmpty()) {
            Object v = buffer.poll();
            // A sender waiting for space moves its value into the slot just freed.
            for (Offer s; (s = senders.poll()) != null; ) {
                if (s.waiter().tryClaim()) {
                    buffer.add(s.value());
                    s.waiter().complete(null, true, false, s.caseIndex());
                    break;
                }
            }
            return v;
        }
        for (Offer s; (s = senders.poll()) != null; ) {
            if (s.waiter().tryClaim()) {
                s.waiter().complete(null, true, false, s.caseIndex());
                return s.value();
            }
        }
        return closed ? CLOSED : EMPTY;
    }

    void enqueueLocked(Offer offer, boolean send) {
        (send ? senders : receivers).add(offer);
    }

    /** Drops every offer of {@code waiter} (a select cleaning up the cases that did not fire). */
    void removeLocked(Waiter waiter) {
        senders.removeIf(o -> o.waiter() == waiter);
        receivers.removeIf(o -> o.waiter() == waiter);
    }

    @Override
    public String toString() {
        return "Channel#" + id + "(cap=" + capacity + (closed ? ", closed" : "") + ")";
    }
}
