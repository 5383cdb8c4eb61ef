package dev.blockscope.agent.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The carrier threads seen so far. Events carry a carrier as its Java thread id (a field read);
 * every chunk blockscope writes ends with one {@code blockscope.Carrier} per live carrier
 * ({@link ChunkRecorder}), which names those ids, so each chunk names the carriers it refers to
 * (with {@code maxsize=} early chunks are deleted). A task's state caches the last carrier it
 * saw and that carrier's own state, so the common case is one comparison; the global map is
 * consulted only when the carrier changed.
 */
final class CarrierNames {
    private CarrierNames() {}

    private static final ConcurrentHashMap<Long, Thread> KNOWN = new ConcurrentHashMap<>();
    /**
     * The carriers' states by thread id, for ids under its length (carriers start with the JVM,
     * so theirs are small): a virtual thread moves between carriers all the time, and finding the
     * new one's state in the registry, and remembering it in {@link #KNOWN}, was 2% of a soak's CPU.
     * Written racily; a slot is used only if it holds the very carrier looked up.
     */
    private static final TaskState[] BY_ID = new TaskState[4096];

    /** The id of {@code carrier} (0 for null), remembering it if it is new; {@code s}'s cache is updated. */
    static long idOf(TaskState s, Thread carrier) {
        if (carrier == null) {
            return 0;
        }
        if (carrier == s.lastCarrier) {
            return s.lastCarrierId;
        }
        long id = carrier.threadId();
        TaskState c = id < BY_ID.length ? BY_ID[(int) id] : null;
        if (c == null || c.thread != carrier) {
            KNOWN.putIfAbsent(id, carrier);
            c = OpenSuspensions.stateOf(carrier);
            if (id < BY_ID.length) {
                BY_ID[(int) id] = c;
            }
        }
        s.lastCarrierState = c;
        s.lastCarrier = carrier;
        s.lastCarrierId = id;
        return id;
    }

    /**
     * The state of the current thread {@code self}, when it may be a carrier: from the carriers'
     * table by id when it is there, else from the registry. Only {@link #idOf(TaskState, Thread)}
     * fills the table, where a virtual thread first names its carrier and so also remembers it
     * for the chunks' {@code blockscope.Carrier} events: a carrier put in the table here, by its
     * idle probe before any virtual thread ran on it, was never remembered, and its virtual
     * threads' events named a carrier no chunk named.
     */
    static TaskState ownState(Thread self) {
        long id = self.threadId();
        if (id < BY_ID.length) {
            TaskState c = BY_ID[(int) id];
            if (c != null && c.thread == self) {
                return c;
            }
        }
        return OpenSuspensions.stateOf(self);
    }

    /** Forgets {@code carrier} as if it had not been seen (for tests). */
    static void forget(Thread carrier) {
        long id = carrier.threadId();
        KNOWN.remove(id, carrier);
        if (id < BY_ID.length) {
            BY_ID[(int) id] = null;
        }
    }

    /**
     * The state of {@code carrier}, whose buffer {@code s} (a virtual thread) writes into; null
     * for a platform thread.
     */
    static TaskState stateOf(TaskState s, Thread carrier) {
        if (carrier == null || !s.virtual) {
            return null;
        }
        if (carrier != s.lastCarrier) {
            idOf(s, carrier);
        }
        return s.lastCarrierState;
    }

    /** Remembers {@code carrier} without a task state (the carrier's side of a monitor entry). */
    static long idOf(Thread carrier) {
        if (carrier == null) {
            return 0;
        }
        long id = carrier.threadId();
        if (!KNOWN.containsKey(id)) {
            KNOWN.putIfAbsent(id, carrier);
        }
        return id;
    }

    /** The live carriers seen so far; those that ended are forgotten. */
    static List<Thread> known() {
        List<Thread> live = new ArrayList<>();
        for (Thread t : KNOWN.values()) {
            if (t.isAlive()) {
                live.add(t);
            } else {
                KNOWN.remove(t.threadId(), t);
            }
        }
        return live;
    }
}
