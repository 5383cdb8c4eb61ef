package dev.blockscope.agent.bridge;

import dev.blockscope.event.CarrierEvent;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Names carrier threads once: events carry a carrier as its Java thread id (a field read), and a
 * {@code blockscope.Carrier} event, committed the first time a carrier is seen, maps that id to
 * the thread. A task's state caches the last carrier it saw, so the common case is one
 * comparison; the global map is consulted only when the carrier changed. The map is re-emitted
 * at every chunk start ({@link #emitAll}), so each chunk names the carriers it refers to.
 */
public final class CarrierNames {
    private CarrierNames() {}

    private static final ConcurrentHashMap<Long, Thread> KNOWN = new ConcurrentHashMap<>();

    /**
     * The id of {@code carrier} (0 for null), naming it first if it is new. Call only in a task's
     * own context inside the bridge: it may commit an event.
     */
    static long idOf(TaskState s, Thread carrier) {
        if (carrier == null) {
            return 0;
        }
        if (carrier == s.lastCarrier) {
            return s.lastCarrierId;
        }
        long id = carrier.threadId();
        if (KNOWN.putIfAbsent(id, carrier) == null) {
            commit(carrier);
        }
        s.lastCarrier = carrier;
        s.lastCarrierId = id;
        return id;
    }

    /** Names {@code carrier} if it is new, without a task state (pending monitor entries). */
    static long idOf(Thread carrier) {
        if (carrier == null) {
            return 0;
        }
        long id = carrier.threadId();
        if (!KNOWN.containsKey(id) && KNOWN.putIfAbsent(id, carrier) == null) {
            commit(carrier);
        }
        return id;
    }

    private static void commit(Thread carrier) {
        if (ProbeBridge.early()) {
            return; // named when the recording runs (emitAll); an event object would wait for JFR
        }
        CarrierEvent e = new CarrierEvent();
        e.carrier = carrier;
        e.commit();
    }

    /**
     * One {@code blockscope.Carrier} per live carrier seen so far; run by JFR at every chunk
     * start and by the bridge when a recording starts. Carriers that ended are forgotten.
     */
    public static void emitAll() {
        try {
            for (Thread t : KNOWN.values()) {
                if (t.isAlive()) {
                    commit(t);
                } else {
                    KNOWN.remove(t.threadId(), t);
                }
            }
        } catch (Throwable e) {
            AgentCounters.ERRORS.increment();
        }
    }
}
