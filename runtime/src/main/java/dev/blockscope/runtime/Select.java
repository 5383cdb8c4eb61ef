package dev.blockscope.runtime;

import dev.blockscope.event.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed and performs
 * exactly that one. Among cases ready at the same time it picks uniformly at random (as Go does),
 * so no case starves. An {@link #orElse} case (Go's {@code default}) makes it non-blocking; a
 * {@link #timeout} bounds the wait (Go's {@code case <-time.After(d)}, without the extra channel).
 *
 * <pre>{@code
 * int fired = new Select()
 *         .recv(results, (v, ok) -> System.out.println("got " + v))
 *         .send(requests, "next", () -> System.out.println("sent"))
 *         .timeout(Duration.ofMillis(50), () -> System.out.println("timed out"))
 *         .run();
 * }</pre>
 *
 * <p>A select that has to wait records one suspension with reason {@code chan.select}. A select
 * is built once and may be {@link #run()} any number of times, by one thread at a time (it keeps
 * the last result for {@link #value()}; it is not thread-safe). Like Go, a send case on a closed channel throws {@link ChannelClosedException}
 * when it is chosen, and a receive case on a closed channel is always ready (with ok=false).
 */
public final class Select {
    /** What {@link #run()} returns when the timeout fired. */
    public static final int TIMEOUT = -1;
    /** What {@link #run()} returns when the default case ran. */
    public static final int DEFAULT = -2;

    /** Handler of a receive case: the value and Go's {@code ok} (false when closed). */
    @FunctionalInterface
    public interface ReceiveHandler<T> {
        void received(T value, boolean ok);
    }

    private record Case(Channel<?> channel, boolean send, Object value, ReceiveHandler<Object> onReceive,
                        Runnable onSend) {}

    private final List<Case> cases = new ArrayList<>();
    private Runnable orElse;
    private boolean hasDefault;
    private long timeoutNanos = -1;
    private Runnable onTimeout;
    private Channel<?>[] lockOrder;

    private Object lastValue;
    private boolean lastOk;

    /** Adds a receive case; {@code handler} may be null. Returns this select. */
    @SuppressWarnings("unchecked")
    public <T> Select recv(Channel<T> channel, ReceiveHandler<? super T> handler) {
        Objects.requireNonNull(channel, "channel");
        cases.add(new Case(channel, false, null, (ReceiveHandler<Object>) handler, null));
        lockOrder = null;
        return this;
    }

    /** Adds a receive case without handler; read the result with {@link #value()} and {@link #ok()}. */
    public <T> Select recv(Channel<T> channel) {
        return recv(channel, null);
    }

    /** Adds a send case of {@code value}; {@code handler} (may be null) runs when it was sent. */
    public <T> Select send(Channel<T> channel, T value, Runnable handler) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(value, "cannot send null on a channel (null is the zero value)");
        cases.add(new Case(channel, true, value, null, handler));
        lockOrder = null;
        return this;
    }

    /** Go's {@code default}: runs {@code handler} (may be null) when no case is ready; the select never waits. */
    public Select orElse(Runnable handler) {
        this.orElse = handler;
        this.hasDefault = true;
        return this;
    }

    /** Gives up after {@code timeout} if no case became ready; {@code handler} may be null. */
    public Select timeout(Duration timeout, Runnable handler) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("select timeout must not be negative: " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
        this.onTimeout = handler;
        return this;
    }

    /** Value received by the last {@link #run()} (null for a send, timeout or default). */
    public Object value() {
        return lastValue;
    }

    /** Go's {@code ok} of the receive done by the last {@link #run()}. */
    public boolean ok() {
        return lastOk;
    }

    /**
     * Performs one ready case (waiting for one unless there is a default), then runs its handler.
     *
     * @return the index of the case in the order added, {@link #TIMEOUT} or {@link #DEFAULT}
     * @throws IllegalStateException when there is nothing to wait for (Go would block forever)
     */
    public int run() {
        if (cases.isEmpty() && !hasDefault && timeoutNanos < 0) {
            throw new IllegalStateException("select with no case, no default and no timeout would block forever");
        }
        lastValue = null;
        lastOk = false;
        int n = cases.size();
        int[] order = pollOrder(n);
        Channel<?>[] locks = lockOrder();
        int chosen = -3;
        Waiter waiter = null;
        lockAll(locks);
        try {
            for (int i : order) {
                Case c = cases.get(i);
                if (c.send()) {
                    if (c.channel().offerLocked(c.value())) {
                        chosen = i;
                        break;
                    }
                } else {
                    Object r = c.channel().pollLocked();
                    if (r != Channel.EMPTY) {
                        lastOk = r != Channel.CLOSED;
                        lastValue = lastOk ? r : null;
                        chosen = i;
                        break;
                    }
                }
            }
            if (chosen == -3 && hasDefault) {
                chosen = DEFAULT;
            } else if (chosen == -3 && timeoutNanos == 0) {
                chosen = TIMEOUT;
            } else if (chosen == -3) {
                waiter = new Waiter();
                for (int i = 0; i < n; i++) {
                    Case c = cases.get(i);
                    c.channel().enqueueLocked(new Offer(waiter, i, c.value()), c.send());
                }
            }
        } finally {
            unlockAll(locks);
        }
        if (waiter != null) {
            chosen = await(waiter, locks);
        }
        return fire(chosen);
    }

    private int await(Waiter waiter, Channel<?>[] locks) {
        boolean timed = timeoutNanos >= 0;
        long deadline = timed ? System.nanoTime() + timeoutNanos : 0;
        Suspension s = Suspension.begin(Reason.CHAN_SELECT, this, timeoutNanos);
        boolean completed = waiter.awaitDone(this, timed, deadline);
        s.end();
        boolean timedOut = false;
        lockAll(locks);
        try {
            // Claims happen under a channel lock, so with all locks held the race is settled.
            if (!completed && waiter.tryClaim()) {
                waiter.complete(null, false, false, TIMEOUT);
                timedOut = true;
            }
            for (Channel<?> ch : locks) {
                ch.removeLocked(waiter);
            }
        } finally {
            unlockAll(locks);
        }
        if (timedOut) {
            return TIMEOUT;
        }
        Case c = cases.get(waiter.caseIndex);
        if (c.send() && waiter.closed) {
            throw new ChannelClosedException("send on closed channel");
        }
        if (!c.send()) {
            lastValue = waiter.item;
            lastOk = waiter.ok;
        }
        return waiter.caseIndex;
    }

    private int fire(int chosen) {
        if (chosen == DEFAULT) {
            if (orElse != null) {
                orElse.run();
            }
        } else if (chosen == TIMEOUT) {
            if (onTimeout != null) {
                onTimeout.run();
            }
        } else {
            Case c = cases.get(chosen);
            if (c.send()) {
                if (c.onSend() != null) {
                    c.onSend().run();
                }
            } else if (c.onReceive() != null) {
                c.onReceive().received(lastValue, lastOk);
            }
        }
        return chosen;
    }

    /** A random permutation (Fisher-Yates), the source of select's fairness. */
    private static int[] pollOrder(int n) {
        int[] order = new int[n];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /** Distinct channels by id, so that two selects over the same channels cannot deadlock. */
    private Channel<?>[] lockOrder() {
        if (lockOrder == null) {
            lockOrder = cases.stream().map(Case::channel).distinct()
                    .sorted(Comparator.comparingLong(ch -> ch.id)).toArray(Channel<?>[]::new);
        }
        return lockOrder;
    }

    private static void lockAll(Channel<?>[] locks) {
        for (Channel<?> ch : locks) {
            ch.lock.lock();
        }
    }

    private static void unlockAll(Channel<?>[] locks) {
        for (int i = locks.length - 1; i >= 0; i--) {
            locks[i].lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Select" + Arrays.toString(cases.stream().map(c -> (c.send() ? "send " : "recv ") + c.channel()).toArray());
    }
}
