package dev.blockscope.analyzer.summary;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which platform threads are the JVM's and the recorder's own rather than the application's: the
 * JDK's housekeeping threads (reference handling, signal dispatch, cleaners, the virtual-thread
 * scheduler's helpers), JFR's threads and blockscope's. They are reported as their own group so
 * their long, mostly UNKNOWN lifetimes (they park for the whole recording in waits that are never
 * written) do not swamp the application's platform threads.
 *
 * <p>The rule, for a platform thread that is not a carrier:
 * <ol>
 *   <li>by name: it starts with {@code "JFR "} or {@code "blockscope "}, is one of the JDK's own
 *       thread names ({@link #JDK_NAMES}), or is a ForkJoinPool's timer thread
 *       ({@code ForkJoinPool-N-delayScheduler}, which the JDK starts for the pool; the
 *       virtual-thread scheduler's is {@code ForkJoinPool-1-delayScheduler});</li>
 *   <li>by evidence, on a recording made with the agent only (which records every thread that
 *       starts or blocks after it is installed): the agent recorded nothing of it, it was seen
 *       only through {@code jdk.*} events, never in a recorded wait and never in an execution
 *       sample. Such a thread did no work the application asked for that the recording can see;
 *       on a recording without the agent nothing is complete, so this part does not apply.</li>
 * </ol>
 * Whatever its name, a platform thread is one when the JDK's events give its thread group as the
 * JVM's ({@link #byGroup}): an agent's recording has the name and group of every platform thread
 * each second (jdk.ThreadCPULoad), also of a thread started before the recording whose name the
 * agent's own chunks do not carry. And a platform thread whose name the recording does not give
 * (null or empty) is one when a stack of its waits ends in one of the JDK's own thread bodies
 * ({@link #byThreadBody}): the cleaner's, the reference handler's, JFR's, the I/O pollers'... (a
 * soak recording's nameless Common-Cleaner and its like were 48.5 % of the platform threads' time,
 * all UNKNOWN, counted as the application's).
 *
 * <p>Carriers are never service threads, and virtual threads only when they are the JDK's own I/O
 * sub-pollers ({@code SubPoller-N}, which JDK 25 on Linux starts as virtual threads; the agent
 * does not record them, but execution samples and {@code jdk.VirtualThreadStart} name them).
 */
public final class JvmServiceThreads {
    /** Names of threads the JDK starts for itself (exact). */
    public static final Set<String> JDK_NAMES = Set.of("Reference Handler", "Finalizer", "Signal Dispatcher",
            "Common-Cleaner", "Notification Thread", "Attach Listener", "Service Thread", "Monitor Deflation Thread",
            "VirtualThread-unblocker", "VirtualThread-unparker", "DestroyJavaVM", "process reaper", "Read-Poller", "Write-Poller",
            "MasterPoller",
            "Sweeper thread", "Cleaner-0", "Java2D Disposer");
    private static final Pattern JDK_PATTERNS = Pattern.compile(
            "ForkJoinPool-\\d+-delayScheduler|C[12] CompilerThread\\d+|process reaper.*|JVMCI.*CompilerThread\\d+");

    /** The JDK's own virtual threads: the I/O sub-pollers of {@code sun.nio.ch.Poller}. */
    private static final Pattern JDK_VIRTUAL = Pattern.compile("SubPoller-\\d+");

    private JvmServiceThreads() {}

    /** Whether a virtual thread named {@code name} is one of the JDK's own (an I/O sub-poller). */
    public static boolean jdkVirtualThread(String name) {
        return name != null && JDK_VIRTUAL.matcher(name).matches();
    }

    /** Frames (class.method) that are the body of one of the JDK's, JFR's or the agent's own threads. */
    private static final Set<String> THREAD_BODIES = Set.of("java.lang.ref.Reference$ReferenceHandler.run",
            "java.lang.ref.Finalizer$FinalizerThread.run", "jdk.internal.ref.CleanerImpl.run", "jdk.internal.misc.InnocuousThread.run",
            "java.util.concurrent.ForkJoinPool$DelayScheduler.run", "java.lang.VirtualThread.unblockVirtualThreads");
    /** Packages and classes whose frames at the bottom of a stack mean the thread is the JVM's or the recorder's. */
    private static final List<String> THREAD_BODY_PREFIXES = List.of("jdk.jfr.internal.", "sun.nio.ch.Poller",
            "java.lang.ProcessHandleImpl", "dev.blockscope.agent.");
    /** How many frames from the bottom of a stack hold the thread's body (java.lang.Thread.run and runWith not counted). */
    private static final int BODY_FRAMES = 3;

    /**
     * Whether a stack (top frame first, "pkg.Class.method:line") ends in one of the JDK's own
     * thread bodies: only its outermost frames count, so an application thread waiting inside JDK
     * or JFR code is not one.
     */
    public static boolean byThreadBody(List<String> frames) {
        int seen = 0;
        for (int k = frames.size() - 1; k >= 0 && seen < BODY_FRAMES; k--) {
            String f = frames.get(k);
            int colon = f.lastIndexOf(':');
            String method = colon > 0 ? f.substring(0, colon) : f;
            if (method.equals("java.lang.Thread.run") || method.equals("java.lang.Thread.runWith")) {
                continue;
            }
            seen++;
            if (THREAD_BODIES.contains(method) || THREAD_BODY_PREFIXES.stream().anyMatch(method::startsWith)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a platform thread's Java thread group is the JVM's: {@code "system"} (the JVM's own
     * threads: reference handling, signals, compilers, JFR's recorder, the attach listener) or
     * {@code "InnocuousThreadGroup"} (the threads the JDK starts for its own work: Common-Cleaner,
     * the I/O pollers, the process reaper). The JDK's chunks give every thread's group; the
     * application's threads are in {@code "main"} or groups of its own.
     */
    public static boolean byGroup(String group) {
        return "system".equals(group) || "InnocuousThreadGroup".equals(group);
    }

    /** Rule 1: whether {@code name} is the name of one of the JVM's or the recorder's own threads. */
    public static boolean byName(String name) {
        if (name == null) {
            return false;
        }
        return name.startsWith("JFR ") || name.startsWith("blockscope ") || JDK_NAMES.contains(name)
                || JDK_PATTERNS.matcher(name).matches();
    }

    /**
     * The whole rule for a platform thread that is not a carrier.
     *
     * @param agentRecording whether the recording was made with the agent (it has blockscope events)
     * @param recordedByAgent whether any blockscope event names the thread
     * @param waits          waits recorded for it (any source)
     * @param sampled        whether an execution or wall-clock sample saw it
     */
    public static boolean isService(String name, boolean agentRecording, boolean recordedByAgent, int waits, boolean sampled) {
        return byName(name) || (agentRecording && !recordedByAgent && waits == 0 && !sampled);
    }
}
