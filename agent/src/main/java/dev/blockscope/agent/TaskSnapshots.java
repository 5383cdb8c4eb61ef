package dev.blockscope.agent;

import dev.blockscope.agent.bridge.OpenSuspensions;
import dev.blockscope.agent.bridge.ProbeBridge;
import dev.blockscope.event.Reason;
import dev.blockscope.event.TaskSnapshotEvent;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * What an attached agent sees first: every task already waiting when its probes go live, as a
 * thread dump shows it (its state, the park blocker, the innermost frame), one
 * {@code blockscope.TaskSnapshot} each. Such a wait began before the probes existed and ends in
 * code without them, so no Suspend ever covers it: without this, every task in flight at the
 * attach was UNKNOWN until its next event (45% of the virtual threads' time in one attach window
 * on a loaded server), and a thread blocked the whole window was absent. Platform threads come
 * from {@link Thread#getAllStackTraces}; virtual threads from the JDK's thread containers (what
 * its thread dump lists), through {@code jdk.internal.vm}, exported to the agent at attach.
 */
final class TaskSnapshots {
    /** At most this many tasks are snapshot (each costs a stack walk). */
    static final int MAX_TASKS = 200_000;

    private TaskSnapshots() {}

    /** What the snapshot saw of one waiting task: checked again at the end ({@link #stillWaiting}). */
    private record Seen(Thread.State state, int blocker, String top, String reason) {}

    /** The tasks the last snapshot found waiting, by thread, and when it was taken (epoch nanos). */
    private static final Map<Thread, Seen> SEEN = new WeakHashMap<>();
    private static long seenAtNanos;
    private static final Map<String, String> TOPS = new java.util.HashMap<>();

    /** Commits one TaskSnapshot per waiting task; returns how many, or -1 with {@code why} when virtual threads could not be listed. */
    static int record(StringBuilder why) {
        Set<Thread> threads = listThreads(why);
        Instant now = Instant.now();
        // every virtual thread alive now: its end will pass no probe (its run() frame began without them)
        dev.blockscope.agent.bridge.PreexistingTasks.track(threads, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        int n = 0;
        synchronized (SEEN) {
            SEEN.clear();
            seenAtNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            for (Thread t : threads) {
                if (n >= MAX_TASKS) {
                    break;
                }
                if (snapshot(t)) {
                    n++;
                }
            }
            TOPS.clear();
        }
        return n;
    }

    private static Set<Thread> listThreads(StringBuilder why) {
        Set<Thread> threads = new LinkedHashSet<>(Thread.getAllStackTraces().keySet());
        try {
            threads.addAll(virtualThreads());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            why.append("virtual threads not listed (").append(e).append(')');
        }
        return threads;
    }

    private static boolean snapshot(Thread t) {
        if (t == Thread.currentThread() || ignored(t)) {
            return false;
        }
        Seen seen = look(t);
        if (seen == null) {
            return false;
        }
        if (seen.top() != null) {
            // thousands of request threads wait at the same frame: one string for them all
            String top = TOPS.computeIfAbsent(seen.top(), k -> k);
            seen = new Seen(seen.state(), seen.blocker(), top, seen.reason());
        }
        Object blocker = LockSupport.getBlocker(t);
        TaskSnapshotEvent e = new TaskSnapshotEvent();
        e.taskId = t.threadId();
        e.taskName = t.getName();
        e.taskVirtual = t.isVirtual();
        e.state = seen.state().name();
        e.reason = seen.reason();
        e.blockerClass = blocker == null ? null : blocker.getClass().getName();
        e.topFrame = seen.top();
        e.commit();
        SEEN.put(t, seen);
        return true;
    }

    /** {@code t}'s wait now, or null if it is not waiting. */
    private static Seen look(Thread t) {
        Thread.State state = t.getState();
        if (state != Thread.State.BLOCKED && state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return null;
        }
        Object blocker = LockSupport.getBlocker(t);
        StackTraceElement[] stack = t.getStackTrace();
        String top = stack.length == 0 ? null : stack[0].getClassName() + "." + stack[0].getMethodName();
        return new Seen(state, blocker == null ? 0 : System.identityHashCode(blocker), top, reason(state, blocker, stack));
    }

    /**
     * The tasks the snapshot found waiting that are still in that wait now: alive, in the same
     * state, on the same blocker, at the same innermost frame, and unseen by every probe since
     * (a task that woke and waited again would have passed one). The recording's last chunk lists
     * each as open since the snapshot. Forgets the snapshot.
     */
    static List<OpenSuspensions.EarlierWait> stillWaiting() {
        List<OpenSuspensions.EarlierWait> waits = new ArrayList<>();
        synchronized (SEEN) {
            for (Map.Entry<Thread, Seen> e : SEEN.entrySet()) {
                Thread t = e.getKey();
                if (t == null || !t.isAlive() || OpenSuspensions.seen(t)) {
                    continue;
                }
                Seen now = look(t);
                if (e.getValue().equals(now)) {
                    waits.add(new OpenSuspensions.EarlierWait(t.threadId(), t.getName(), t.isVirtual(), now.reason(), seenAtNanos));
                }
            }
            SEEN.clear();
        }
        return waits;
    }

    /** The reason as the probes would have named the wait. */
    static String reason(Thread.State state, Object blocker, StackTraceElement[] stack) {
        if (state == Thread.State.BLOCKED) {
            return Reason.MONITOR_ENTER;
        }
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            String m = f.getMethodName();
            if (c.equals("java.lang.Thread") && m.startsWith("sleep")) {
                return Reason.SLEEP;
            }
            if (c.equals("java.lang.Thread") && m.equals("join")) {
                return Reason.JOIN;
            }
            if (c.equals("java.lang.Object") && m.startsWith("wait")) {
                return Reason.MONITOR_WAIT;
            }
            if (c.equals("java.util.concurrent.locks.LockSupport")) {
                return ProbeBridge.parkReason(blocker);
            }
            if (c.startsWith("sun.nio.ch.") && (m.contains("read") || m.contains("Read"))) {
                return Reason.SOCKET_READ;
            }
            if (!c.startsWith("java.lang.") && !c.startsWith("jdk.internal.") && !c.startsWith("sun.")) {
                break; // past the JDK's own frames
            }
        }
        return blocker != null ? ProbeBridge.parkReason(blocker) : Reason.OTHER;
    }

    /** Not tasks: carriers, JFR's and the agent's own threads (as the probes decide). */
    private static boolean ignored(Thread t) {
        String name = t.getName();
        return name.startsWith("JFR ") || name.startsWith("blockscope ")
                || t.getClass().getName().equals("jdk.internal.misc.CarrierThread");
    }

    /** Every virtual thread the JDK's thread containers know (the root and its children, recursively), as its thread dump lists them. */
    @SuppressWarnings("unchecked")
    private static List<Thread> virtualThreads() throws ReflectiveOperationException {
        Class<?> containers = Class.forName("jdk.internal.vm.ThreadContainers");
        Class<?> container = Class.forName("jdk.internal.vm.ThreadContainer");
        Object root = containers.getMethod("root").invoke(null);
        Method children = container.getMethod("children");
        Method threadsOf = container.getMethod("threads");
        List<Thread> all = new ArrayList<>();
        java.util.ArrayDeque<Object> todo = new java.util.ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Object c = todo.poll();
            try (Stream<Thread> ts = (Stream<Thread>) threadsOf.invoke(c)) {
                ts.filter(Thread::isVirtual).forEach(all::add);
            }
            try (Stream<Object> kids = (Stream<Object>) children.invoke(c)) {
                kids.forEach(todo::add);
            }
        }
        return all;
    }
}
