package dev.blockscope.agent.bridge;

import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual threads that were alive when an attached agent went live. Their
 * {@code VirtualThread.run} frame was entered before the probes existed and runs the code without
 * them to its end, so their end is never recorded as it happens: without this, a server's request
 * threads in flight at the attach stayed UNKNOWN from their last event to the end of the window
 * (half the virtual threads' time in a 5 s attach to a loaded Jetty server). The chunk writer checks
 * them at each sweep (every 100 ms when quiet) and writes a {@code blockscope.TaskEnd} for each
 * one found ended, saying since when it may have been: the last check that found it alive.
 *
 * <p>Only the chunk writer's thread calls {@link #check}; {@link #track} is called before the
 * probes go live, {@link #clear} when a recording starts.
 */
public final class PreexistingTasks {
    private PreexistingTasks() {}

    /** At most this many are tracked (a weak reference each). */
    static final int MAX_TASKS = 200_000;

    private static volatile List<WeakReference<Thread>> tracked = List.of();
    private static long ids[] = new long[0];
    /** When the last check found every tracked task alive or not, epoch nanos (the snapshot's time first). */
    private static volatile long aliveAtNanos;

    /** Tracks the virtual threads among {@code threads}, alive at {@code epochNanos}; replaces what was tracked. */
    public static synchronized void track(Iterable<Thread> threads, long epochNanos) {
        List<WeakReference<Thread>> refs = new ArrayList<>();
        List<Long> idList = new ArrayList<>();
        for (Thread t : threads) {
            if (refs.size() >= MAX_TASKS) {
                break;
            }
            if (t.isVirtual() && t.isAlive()) {
                refs.add(new WeakReference<>(t));
                idList.add(t.threadId());
            }
        }
        long[] a = new long[idList.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = idList.get(i);
        }
        ids = a;
        aliveAtNanos = epochNanos;
        tracked = refs;
    }

    /** Forgets what an earlier recording tracked. */
    static synchronized void clear() {
        tracked = List.of();
        ids = new long[0];
    }

    /** How many are tracked and not yet found ended. */
    static int size() {
        return tracked.size();
    }

    /** A tracked task found ended: its id, its name if still known, and since when it may have been ended. */
    record Ended(long threadId, String name, long aliveAtNanos) {}

    /**
     * The tracked tasks that have ended since the last check, which stop being tracked. A task
     * whose thread object is gone (collected) ended too: it was alive at the last check.
     */
    static synchronized List<Ended> check() {
        List<WeakReference<Thread>> refs = tracked;
        if (refs.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        long alive = aliveAtNanos;
        List<Ended> ended = null;
        List<WeakReference<Thread>> kept = null;
        long[] keptIds = null;
        int n = 0;
        for (int i = 0; i < refs.size(); i++) {
            Thread t = refs.get(i).get();
            if (t == null || !t.isAlive()) {
                if (ended == null) {
                    ended = new ArrayList<>();
                    kept = new ArrayList<>(refs.subList(0, i));
                    keptIds = java.util.Arrays.copyOf(ids, refs.size());
                    n = i;
                }
                ended.add(new Ended(ids[i], t == null ? null : t.getName(), alive));
            } else if (kept != null) {
                kept.add(refs.get(i));
                keptIds[n++] = ids[i];
            }
        }
        aliveAtNanos = nowNanos;
        if (ended == null) {
            return List.of();
        }
        tracked = kept;
        ids = java.util.Arrays.copyOf(keptIds, n);
        return ended;
    }
}
