package dev.blockscope.agent;

import dev.blockscope.agent.advice.BlockingCallAdvice;
import dev.blockscope.agent.advice.CarrierIdleAdvice;
import dev.blockscope.agent.advice.ParkAdvice;
import dev.blockscope.agent.advice.ShutdownAdvice;
import dev.blockscope.agent.advice.ThreadLifecycleAdvice;
import dev.blockscope.agent.advice.UnparkAdvice;
import dev.blockscope.agent.advice.VirtualThreadAdvice;
import dev.blockscope.event.Reason;

import java.util.ArrayList;
import java.util.List;

/**
 * The probe groups selectable with {@code probes=}. Each has one or more shapes (alternative
 * target lists for different JDKs); the first shape whose every method exists on this JDK is
 * installed, and when none matches the probe is off with one line on stderr.
 */
enum Probe {
    PARK("LockSupport.park*/unpark with the blocker's kind; the wake-ups", List.of(List.of(
            ProbeTarget.of(Names.LS, "park", ParkAdvice.NoBlocker.class),
            ProbeTarget.of(Names.LS, "park", ParkAdvice.Blocker.class, Names.OBJ),
            ProbeTarget.of(Names.LS, "parkNanos", ParkAdvice.Nanos.class, "long"),
            ProbeTarget.of(Names.LS, "parkNanos", ParkAdvice.BlockerNanos.class, Names.OBJ, "long"),
            ProbeTarget.of(Names.LS, "parkUntil", ParkAdvice.Until.class, "long"),
            ProbeTarget.of(Names.LS, "parkUntil", ParkAdvice.BlockerUntil.class, Names.OBJ, "long"),
            ProbeTarget.of(Names.LS, "unpark", UnparkAdvice.class, "java.lang.Thread")))),
    SLEEP("Thread.sleep", List.of(
            List.of(ProbeTarget.of(Names.T, "sleepNanos", BlockingCallAdvice.SleepNanos.class, "long")),
            // JDK 21: every sleep counts, also one that never unmounted (see SleepNanos)
            List.of(ProbeTarget.call(Names.T, "sleep", Reason.SLEEP, false, "long"),
                    ProbeTarget.call(Names.T, "sleep", Reason.SLEEP, false, "long", "int"),
                    ProbeTarget.call(Names.T, "sleep", Reason.SLEEP, false, "java.time.Duration")))),
    WAIT("Object.wait", List.of(List.of(
            ProbeTarget.of(Names.OBJ, "wait", BlockingCallAdvice.MonitorWait.class, "long")))),
    JOIN("Thread.join", List.of(List.of(
            ProbeTarget.call(Names.T, "join", Reason.JOIN, true),
            ProbeTarget.call(Names.T, "join", Reason.JOIN, true, "long"),
            ProbeTarget.call(Names.T, "join", Reason.JOIN, true, "long", "int"),
            ProbeTarget.call(Names.T, "join", Reason.JOIN, true, "java.time.Duration")))),
    YIELD("Thread.yield", List.of(List.of(ProbeTarget.call(Names.T, "yield", Reason.YIELD, true)))),
    VTHREAD("virtual threads: task start/end, unmount, pinned parks with the JDK's pin reason", List.of(List.of(
            ProbeTarget.of(Names.VT, "yieldContinuation", VirtualThreadAdvice.YieldContinuation.class),
            ProbeTarget.of(Names.VT, "parkOnCarrierThread", VirtualThreadAdvice.ParkOnCarrier.class, "boolean", "long"),
            ProbeTarget.of(Names.VT + "$VThreadContinuation", "onPinned", VirtualThreadAdvice.OnPinned.class,
                    "jdk.internal.vm.Continuation$Pinned"),
            ProbeTarget.of(Names.VT, "run", VirtualThreadAdvice.Run.class, "java.lang.Runnable"),
            ProbeTarget.of(Names.VT, "start", ThreadLifecycleAdvice.Start.class, "jdk.internal.vm.ThreadContainer")))),
    MONITOR("virtual threads blocked on synchronized (JDK 24+), measured on the carrier", List.of(List.of(
            ProbeTarget.of(Names.VT, "afterYield", VirtualThreadAdvice.AfterYield.class),
            ProbeTarget.of(Names.VT, "mount", VirtualThreadAdvice.Mount.class)))),
    IDLE("carrier threads' own idle waits for work (carrier.idle, as blockscope.CarrierIdle)", List.of(
            List.of(ProbeTarget.of(Names.FJP, "awaitWork", CarrierIdleAdvice.class, Names.FJP + "$WorkQueue", "int")),
            List.of(ProbeTarget.of(Names.FJP, "awaitWork", CarrierIdleAdvice.class, Names.FJP + "$WorkQueue")))),
    THREAD("platform threads: start (parent), run, exit, uncaught exceptions", List.of(List.of(
            ProbeTarget.of(Names.T, "start", ThreadLifecycleAdvice.Start.class),
            ProbeTarget.of(Names.T, "run", ThreadLifecycleAdvice.Run.class),
            ProbeTarget.of(Names.T, "exit", ThreadLifecycleAdvice.Exit.class),
            ProbeTarget.of(Names.T, "dispatchUncaughtException", ThreadLifecycleAdvice.Uncaught.class, "java.lang.Throwable")))),
    SOCKET("socket connect/accept/read/write (NioSocketImpl, SocketChannelImpl, ServerSocketChannelImpl)", List.of(List.of(
            ProbeTarget.call(Names.NSI, "read", Reason.SOCKET_READ, true, "[B", "int", "int"),
            ProbeTarget.call(Names.NSI, "write", Reason.SOCKET_WRITE, true, "[B", "int", "int"),
            ProbeTarget.call(Names.NSI, "connect", Reason.SOCKET_CONNECT, true, "java.net.SocketAddress", "int"),
            ProbeTarget.call(Names.NSI, "accept", Reason.SOCKET_ACCEPT, true, "java.net.SocketImpl"),
            ProbeTarget.call(Names.SCI, "read", Reason.SOCKET_READ, true, "java.nio.ByteBuffer"),
            ProbeTarget.call(Names.SCI, "write", Reason.SOCKET_WRITE, true, "java.nio.ByteBuffer"),
            ProbeTarget.call(Names.SCI, "connect", Reason.SOCKET_CONNECT, true, "java.net.SocketAddress"),
            ProbeTarget.call("sun.nio.ch.ServerSocketChannelImpl", "accept", Reason.SOCKET_ACCEPT, true)))),
    SELECTOR("Selector.select*", List.of(List.of(
            ProbeTarget.call("sun.nio.ch.SelectorImpl", "lockAndDoSelect", Reason.SELECTOR, true,
                    "java.util.function.Consumer", "long")))),
    FILE("file I/O (FileInputStream, FileOutputStream, RandomAccessFile, FileChannel)", List.of(List.of(
            ProbeTarget.call("java.io.FileInputStream", "read", Reason.FILE_READ, false),
            ProbeTarget.call("java.io.FileInputStream", "read", Reason.FILE_READ, false, "[B", "int", "int"),
            ProbeTarget.call("java.io.FileInputStream", "read", Reason.FILE_READ, false, "[B"),
            ProbeTarget.call("java.io.FileOutputStream", "write", Reason.FILE_WRITE, false, "int"),
            ProbeTarget.call("java.io.FileOutputStream", "write", Reason.FILE_WRITE, false, "[B", "int", "int"),
            ProbeTarget.call("java.io.FileOutputStream", "write", Reason.FILE_WRITE, false, "[B"),
            ProbeTarget.call("java.io.RandomAccessFile", "read", Reason.FILE_READ, false),
            ProbeTarget.call("java.io.RandomAccessFile", "read", Reason.FILE_READ, false, "[B", "int", "int"),
            ProbeTarget.call("java.io.RandomAccessFile", "read", Reason.FILE_READ, false, "[B"),
            ProbeTarget.call("java.io.RandomAccessFile", "write", Reason.FILE_WRITE, false, "int"),
            ProbeTarget.call("java.io.RandomAccessFile", "write", Reason.FILE_WRITE, false, "[B", "int", "int"),
            ProbeTarget.call("java.io.RandomAccessFile", "write", Reason.FILE_WRITE, false, "[B"),
            ProbeTarget.call(Names.FCI, "read", Reason.FILE_READ, false, "java.nio.ByteBuffer"),
            ProbeTarget.call(Names.FCI, "write", Reason.FILE_WRITE, false, "java.nio.ByteBuffer"),
            ProbeTarget.call(Names.FCI, "read", Reason.FILE_READ, false, "java.nio.ByteBuffer", "long"),
            ProbeTarget.call(Names.FCI, "write", Reason.FILE_WRITE, false, "java.nio.ByteBuffer", "long")))),
    PROCESS("Process.waitFor", List.of(List.of(
            ProbeTarget.call("java.lang.ProcessImpl", "waitFor", Reason.PROCESS_WAIT, false),
            ProbeTarget.call("java.lang.ProcessImpl", "waitFor", Reason.PROCESS_WAIT, false,
                    "long", "java.util.concurrent.TimeUnit")))),
    EXIT("JVM exit (System.exit, SIGTERM, end of main) waits for a recording still starting (startup=now)", List.of(List.of(
            ProbeTarget.of("java.lang.Shutdown", "exit", ShutdownAdvice.class, "int"),
            ProbeTarget.of("java.lang.Shutdown", "shutdown", ShutdownAdvice.class))));


    /** Class names used by the probe table (a holder, so enum constants may use them). */
    private static final class Names {
        static final String LS = "java.util.concurrent.locks.LockSupport";
        static final String T = "java.lang.Thread";
        static final String VT = "java.lang.VirtualThread";
        static final String OBJ = "java.lang.Object";
        static final String NSI = "sun.nio.ch.NioSocketImpl";
        static final String SCI = "sun.nio.ch.SocketChannelImpl";
        static final String FCI = "sun.nio.ch.FileChannelImpl";
        static final String FJP = "java.util.concurrent.ForkJoinPool";
    }

    final String description;
    private final List<List<ProbeTarget>> shapes;

    Probe(String description, List<List<ProbeTarget>> shapes) {
        this.description = description;
        this.shapes = shapes;
    }

    /** The option name ({@code probes=park+sleep}). */
    String optionName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The targets of the first shape this JDK has, or an empty list, with the reason appended to
     * {@code why}.
     */
    List<ProbeTarget> resolve(StringBuilder why) {
        List<String> misses = new ArrayList<>();
        for (List<ProbeTarget> shape : shapes) {
            // a loop, not a stream: this runs in premain, where each new lambda shape costs a cold
            // JVM milliseconds to bootstrap
            String miss = null;
            for (ProbeTarget target : shape) {
                miss = target.mismatch();
                if (miss != null) {
                    break;
                }
            }
            if (miss == null) {
                return shape;
            }
            misses.add(miss);
        }
        why.append(String.join("; ", misses));
        return List.of();
    }
}
