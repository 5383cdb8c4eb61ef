package dev.blockscope.bench;

import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The workloads of {@link ProbeCostHarness}: each repeats one kind of blocking call that one of
 * the agent's probes records, on virtual threads unless its name ends in {@code .platform}, and
 * prints what the timed part cost per op. The names are the agent's reasons where there is one.
 * One op, and what the agent at its defaults records for it (JDK 25.0.3):
 * <ul>
 * <li>{@code sleep}: {@code Thread.sleep(Duration.ofNanos(1000))}, which unmounts until the timer
 *     fires; one {@code sleep}. Not 1 ns: a virtual thread's sleep leaves a park permit behind
 *     ({@code VirtualThread.sleepNanos}), the next sleep's first park takes it and returns at
 *     once, and a 1 ns sleep is over by then: it never unmounts (0.3 us per 1 ns sleep against
 *     12 us per 1 us sleep here), though the agent records it all the same.
 * <li>{@code monitor.enter}: one contended {@code synchronized} enter of a virtual thread, and
 *     the two parks of the hand-off that makes it ({@link MonitorContention}); one
 *     {@code monitor.enter} and two {@code park.other}.
 * <li>{@code monitor.enter.platform}: the same with platform threads. The agent records no
 *     Suspend for their enter; its recording has one {@code jdk.JavaMonitorEnter} (threshold 0,
 *     with a stack) instead, and the two {@code park.other}.
 * <li>{@code monitor.wait}: one wait/notify hand-off between two virtual threads; one
 *     {@code monitor.wait} (the JDK's {@code jdk.JavaMonitorWait} is enabled at 20 ms only,
 *     for comparison, while the agent's wait probe records every wait).
 * <li>{@code join}: start a virtual thread that returns at once and join it; one {@code join}
 *     and the child's {@code TaskStart} and {@code TaskEnd}.
 * <li>{@code socket.read}: 8 bytes each way over loopback TCP between two virtual threads; two
 *     {@code socket.read} (the writes do not block and are not recorded). The JDK's own
 *     {@code SubPoller} virtual threads (JDK 25 on Linux polls sockets with virtual threads,
 *     {@code jdk.pollerMode=2}) park and yield once per read; the agent does not record them as
 *     tasks.
 * <li>{@code file.read}, {@code file.write}: {@code position(0)}, then one 4 KB
 *     {@code FileInputStream.read} or {@code FileOutputStream.write} (page cache: it does not
 *     block); one {@code file.read} or {@code file.write}, since the file probe records every call.
 * <li>{@code selector}: two virtual threads with a selector each wake each other's in turn
 *     ({@code wakeup()}, no channels); one {@code select} that unmounts (JDK 25 parks a virtual
 *     thread's select on the master poller, a platform thread) and one {@code selector}.
 * <li>{@code park}: {@link HandOff}'s park/unpark hand-off; one {@code park.other}.
 * </ul>
 * All but {@code monitor.enter.platform} run on one carrier ({@link #ONE_CARRIER}), so the sides of
 * a hand-off run in turn and every wait finds nothing to take yet.
 *
 * <p>Usage (normally run by the harness in a child JVM whose class path holds only the workloads):
 * {@code java [-Djdk.virtualThreadScheduler.parallelism=1 ...] dev.blockscope.bench.ProbeWorkloads
 * <probe> <warmup-ops> <ops>}. It waits for an agent's recording first (see
 * {@link HandOff#awaitAgentRecording}), runs the warm-up ops, then the timed ops, and prints
 * {@code ns-per-op=} (wall), {@code cpu-ns-per-op=} (process CPU time), {@code thread-cpu-ns-per-op=}
 * (the CPU time of the threads that ran the ops, see {@link ThreadCpu}), {@code ops=} (the ops
 * run; the two-sided workloads round up to an even number) and {@code timed-begin-epoch-ns=} /
 * {@code timed-end-epoch-ns=}, the wall clock around the timed part, so the harness counts only
 * the events whose start lies inside it.
 */
public final class ProbeWorkloads {
    private ProbeWorkloads() {}

    /** One carrier: the two sides of a hand-off run in turn, so every wait really waits. */
    static final List<String> ONE_CARRIER = List.of("-Djdk.virtualThreadScheduler.parallelism=1",
            "-Djdk.virtualThreadScheduler.maxPoolSize=1");

    /**
     * Repeats one kind of blocking call. {@link #run} runs {@code ops} operations in threads of
     * its own and returns when they have ended, with the number of ops run.
     */
    @FunctionalInterface
    interface Workload extends AutoCloseable {
        long run(int ops) throws Exception;

        @Override
        default void close() throws IOException {}
    }

    /** Makes a workload and whatever it holds open across its runs (sockets, files, selectors). */
    @FunctionalInterface
    interface Opener {
        Workload open() throws IOException;
    }

    /**
     * One workload: its name; whether an op waits for an OS thread to wake ({@code osWakeUp}: on
     * one carrier the carrier parks in the OS until a timer, poller or platform thread wakes it,
     * tens of microseconds here, and whether it has parked yet when the wake-up comes decides the
     * op's time, which the agent's work on that path moves either way: such a row measures the
     * OS, not the probe); the fraction of the harness's ops it runs ({@code opsDivisor}: 50 for
     * the platform threads' monitor contention, whose ops go through the OS scheduler, 200 to
     * 700 us each here); what one op is and what the agent should record for it; the JVM flags
     * of its child JVM (carriers); and how it is made.
     */
    record Kind(String name, boolean osWakeUp, int opsDivisor, String op, List<String> jvmFlags, Opener opener) {}

    /** Every workload; the class comment says what one op is and what the agent records for it. */
    static final List<Kind> KINDS = List.of(
            new Kind("sleep", true, 1, "Thread.sleep(Duration.ofNanos(1000)), which unmounts (a 1 ns sleep would not)",
                    ONE_CARRIER, () -> ops -> onVirtualThread(ops, ProbeWorkloads::sleeps)),
            new Kind("monitor.enter", true, 1, "one contended synchronized enter of a virtual thread, and the two parks of"
                    + " the hand-off that makes it", ONE_CARRIER, () -> new MonitorContention(true)),
            new Kind("monitor.enter.platform", true, 50, "the same with platform threads (no Suspend for the enter: the"
                    + " agent's recording has jdk.JavaMonitorEnter at threshold 0)", List.of(),
                    () -> new MonitorContention(false)),
            new Kind("monitor.wait", true, 1, "one wait/notify hand-off between two virtual threads: one Object.wait",
                    ONE_CARRIER, WaitNotify::new),
            new Kind("join", false, 1, "start a virtual thread that returns at once and join it (a join, the child's"
                    + " TaskStart and TaskEnd)", ONE_CARRIER, () -> ops -> onVirtualThread(ops, ProbeWorkloads::startAndJoin)),
            new Kind("socket.read", true, 1, "8 bytes each way over loopback TCP between two virtual threads: two blocking"
                    + " reads (the JDK's SubPoller virtual threads, which are not tasks, park and yield once per read)",
                    ONE_CARRIER, SocketPingPong::new),
            new Kind("file.read", false, 1, "position(0), FileInputStream.read(byte[4096]) from the page cache (does not block)",
                    ONE_CARRIER, FileReads::new),
            new Kind("file.write", false, 1, "position(0), FileOutputStream.write(byte[4096]) into the page cache (does not block)",
                    ONE_CARRIER, FileWrites::new),
            new Kind("selector", true, 1, "one Selector.select() woken by the other virtual thread's wakeup()",
                    ONE_CARRIER, SelectorPingPong::new),
            new Kind("park", false, 1, "one LockSupport park/unpark hand-off between two virtual threads (HandOff)",
                    ONE_CARRIER, () -> ops -> {
                        int rounds = (ops + 1) / 2;
                        HandOff.run(true, rounds);
                        return 2L * rounds;
                    }));

    /** The workload named {@code name}, or null. */
    static Kind kind(String name) {
        for (Kind k : KINDS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }

    static List<String> names() {
        return KINDS.stream().map(Kind::name).toList();
    }

    /** What the timed part cost; the epoch times bound it on the clock JFR's start times use. */
    record Result(long ops, double nsPerOp, double cpuNsPerOp, double threadCpuNsPerOp, long beganEpochNanos,
                  long endedEpochNanos) {
        /** The lines {@link #main} prints, which the harness parses. */
        String lines() {
            return "ns-per-op=" + nsPerOp + "\n"
                    + "cpu-ns-per-op=" + cpuNsPerOp + "\n"
                    + "thread-cpu-ns-per-op=" + threadCpuNsPerOp + "\n"
                    + "ops=" + ops + "\n"
                    + "timed-begin-epoch-ns=" + beganEpochNanos + "\n"
                    + "timed-end-epoch-ns=" + endedEpochNanos + "\n";
        }
    }

    public static void main(String[] args) throws Exception {
        Kind kind = args.length == 3 ? kind(args[0]) : null;
        if (kind == null || Integer.parseInt(args[2]) < 1) {
            System.err.println("usage: ProbeWorkloads <probe> <warmup-ops> <ops, at least 1>; probes: " + String.join(", ", names()));
            System.exit(2);
        }
        System.out.print(measure(kind, Integer.parseInt(args[1]), Integer.parseInt(args[2])).lines());
    }

    /** Waits for an agent's recording, runs {@code warmup} ops, then times {@code ops} ops. */
    static Result measure(Kind kind, int warmup, int ops) throws Exception {
        HandOff.awaitAgentRecording();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Workload workload = kind.opener().open()) {
            workload.run(warmup);
            long began = epochNanos();
            ThreadCpu threads = ThreadCpu.start();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long done = workload.run(ops);
            long ns = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long threadCpu = threads.elapsed();
            long ended = epochNanos();
            return new Result(done, (double) ns / done, (double) cpu / done, (double) threadCpu / done, began, ended);
        }
    }

    /**
     * The CPU time of the threads that run the ops: every live platform thread but JFR's and the
     * agent's (the carriers that run the virtual threads, the JDK's timer and poller threads
     * that wake them, main), plus what the workload's own platform threads, which start and end
     * within the timed part, report of themselves ({@link #addEnded}). Left out: JFR's threads
     * (writing the events out), the agent's, and the JIT's and GC's, which are no Java threads.
     * Other processes on the machine delay these threads but do not add to their CPU time, so it
     * is steadier than process CPU where the op keeps its threads busy (a park hand-off). Where an
     * op waits for an OS wake-up it is not: an idle carrier spins before it parks, so this CPU
     * follows the wake-up's timing like wall time does (docs/overhead.md, eighth pass, which
     * counts those probes' cost in a CPU profile instead).
     */
    static final class ThreadCpu {
        private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
        /** CPU time reported by platform threads of the workloads that ended meanwhile. */
        private static final AtomicLong ENDED = new AtomicLong();

        private final Map<Long, Long> before;
        private final long endedBefore;

        private ThreadCpu(Map<Long, Long> before, long endedBefore) {
            this.before = before;
            this.endedBefore = endedBefore;
        }

        static ThreadCpu start() {
            return new ThreadCpu(snapshot(), ENDED.get());
        }

        /** CPU nanoseconds of those threads since {@link #start}. */
        long elapsed() {
            long sum = ENDED.get() - endedBefore;
            for (var e : snapshot().entrySet()) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }

        /** A platform thread of a workload, ending: adds the CPU time it spent since {@code since}. */
        static void addEnded(long since) {
            ENDED.addAndGet(MX.getCurrentThreadCpuTime() - since);
        }

        private static Map<Long, Long> snapshot() {
            Map<Long, Long> cpu = new HashMap<>();
            for (ThreadInfo info : MX.getThreadInfo(MX.getAllThreadIds())) {
                if (info == null || info.getThreadName().startsWith("JFR ") || info.getThreadName().startsWith("blockscope ")) {
                    continue;
                }
                long t = MX.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
            return cpu;
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ---- the workloads ----------------------------------------------------------------------

    /** The body of a workload that one thread runs. */
    @FunctionalInterface
    interface Body {
        void run(int ops) throws Exception;
    }

    /** A side that fails would leave the other waiting forever: the run ends with the error. */
    private static Thread.Builder builder(boolean virtual) {
        Thread.UncaughtExceptionHandler fail = (t, e) -> {
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        };
        return (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).uncaughtExceptionHandler(fail);
    }

    /** Runs {@code body} on one virtual thread and waits for it. */
    private static long onVirtualThread(int ops, Body body) throws InterruptedException {
        runSides(true, me -> body.run(ops), 1);
        return ops;
    }

    /** Starts {@code count} threads running {@code side} (with their index) and joins them. */
    private static void runSides(boolean virtual, Side side, int count) throws InterruptedException {
        Thread.Builder builder = builder(virtual);
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            int me = i;
            threads[i] = builder.unstarted(() -> {
                long cpu0 = virtual ? 0 : ThreadCpu.MX.getCurrentThreadCpuTime();
                try {
                    side.run(me);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    if (!virtual) {
                        ThreadCpu.addEnded(cpu0);
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** One side of a two-thread workload. */
    @FunctionalInterface
    interface Side {
        void run(int me) throws Exception;
    }

    private static final Duration ONE_MICROSECOND = Duration.ofNanos(1000);

    /** 1 us, not 1 ns (see the class comment): the sleep's second park unmounts until the timer fires. */
    private static void sleeps(int ops) throws InterruptedException {
        for (int i = 0; i < ops; i++) {
            Thread.sleep(ONE_MICROSECOND);
        }
    }

    private static final Runnable NOTHING = () -> {};

    /** On one carrier the child runs only once the joiner has unmounted, so every join waits. */
    private static void startAndJoin(int ops) throws InterruptedException {
        for (int i = 0; i < ops; i++) {
            Thread.ofVirtual().start(NOTHING).join();
        }
    }

    /**
     * Two threads take turns holding one monitor, so that every entry but the first is
     * contended. The side whose turn it is asks the holder to let go ({@code release}, and an
     * unpark) and enters: it blocks, because the holder keeps the monitor, parked, until it has
     * been asked and the asker is BLOCKED on it. The new holder then gives the turn back and
     * parks, holding the monitor; the old one parks until its turn comes, so it never takes the
     * monitor back before the other side has it. One op is therefore one contended enter and
     * two parks, and needs no spinning: on one carrier the two sides run in turn (a virtual
     * thread that parks holding a monitor unmounts, JDK 24+), and the holder finds the asker
     * BLOCKED at once; platform threads may spin briefly for it.
     */
    static final class MonitorContention implements Workload {
        private final boolean virtual;
        private final Object lock = new Object();
        private final Thread[] sides = new Thread[2];
        private volatile int turn;
        private volatile boolean release;
        private volatile boolean finished;
        private int entries; // guarded by lock

        MonitorContention(boolean virtual) {
            this.virtual = virtual;
        }

        @Override
        public long run(int ops) throws InterruptedException {
            turn = 0;
            release = false;
            finished = false;
            synchronized (lock) {
                entries = 0;
            }
            Thread.Builder builder = builder(virtual);
            for (int i = 0; i < 2; i++) {
                int me = i;
                sides[i] = builder.unstarted(() -> {
                    long cpu0 = virtual ? 0 : ThreadCpu.MX.getCurrentThreadCpuTime();
                    try {
                        side(me, ops);
                    } finally {
                        if (!virtual) {
                            ThreadCpu.addEnded(cpu0);
                        }
                    }
                });
            }
            sides[0].start();
            sides[1].start();
            sides[0].join();
            sides[1].join();
            return ops;
        }

        private void side(int me, int ops) {
            Thread other = sides[1 - me];
            while (true) {
                while (turn != me) {
                    LockSupport.park();
                }
                if (finished) {
                    return;
                }
                release = true;
                LockSupport.unpark(other);
                synchronized (lock) { // contended but for the first entry of a run
                    if (++entries > ops) { // entry 1 is not contended; entries 2 .. ops+1 are the ops
                        finished = true; // before turn: the other side reads them in that order
                        turn = 1 - me;
                        LockSupport.unpark(other);
                        return;
                    }
                    release = false;
                    turn = 1 - me;
                    LockSupport.unpark(other);
                    while (!release) {
                        LockSupport.park();
                    }
                    while (other.getState() != Thread.State.BLOCKED) {
                        Thread.onSpinWait();
                    }
                }
            }
        }
    }

    /** Two virtual threads pass a turn with wait/notify under one monitor: each hand-off is one wait. */
    static final class WaitNotify implements Workload {
        private final Object lock = new Object();
        private int turn; // guarded by lock

        @Override
        public long run(int ops) throws InterruptedException {
            int perSide = (ops + 1) / 2;
            synchronized (lock) {
                turn = 0;
            }
            runSides(true, me -> {
                synchronized (lock) {
                    for (int i = 0; i < perSide; i++) {
                        while (turn != me) {
                            lock.wait();
                        }
                        turn = 1 - me;
                        lock.notify();
                    }
                }
            }, 2);
            return 2L * perSide;
        }
    }

    /**
     * A connected pair of loopback sockets (TCP_NODELAY); the client sends 8 bytes, the server
     * answers with 8. On one carrier each read finds nothing yet and unmounts.
     */
    static final class SocketPingPong implements Workload {
        private final ServerSocket listener;
        private final Socket client;
        private final Socket server;

        SocketPingPong() throws IOException {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            listener = new ServerSocket(0, 1, loopback);
            client = new Socket(loopback, listener.getLocalPort());
            server = listener.accept();
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        }

        @Override
        public long run(int ops) throws InterruptedException {
            runSides(true, me -> {
                Socket s = me == 0 ? client : server;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[8];
                for (int i = 0; i < ops; i++) {
                    if (me == 0) {
                        out.write(buf);
                        readFully(in, buf);
                    } else {
                        readFully(in, buf);
                        out.write(buf);
                    }
                }
            }, 2);
            return ops;
        }

        private static void readFully(InputStream in, byte[] buf) throws IOException {
            for (int n = 0; n < buf.length; ) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    throw new EOFException("peer closed the connection");
                }
                n += r;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                client.close();
                server.close();
            } finally {
                listener.close();
            }
        }
    }

    /**
     * Two virtual threads, a selector each (no channels: the wake-up is {@code wakeup()}), pass
     * a turn: the side whose turn it is hands it over and wakes the other's selector, then
     * selects on its own until the turn comes back. On one carrier the woken side runs only
     * after the waker's select has unmounted, so every select but a side's first waits.
     */
    static final class SelectorPingPong implements Workload {
        private final Selector[] selectors = new Selector[2];
        private volatile int turn;

        SelectorPingPong() throws IOException {
            selectors[0] = Selector.open();
            selectors[1] = Selector.open();
        }

        @Override
        public long run(int ops) throws InterruptedException {
            int perSide = (ops + 1) / 2;
            turn = 0;
            runSides(true, me -> {
                Selector mine = selectors[me];
                Selector theirs = selectors[1 - me];
                for (int i = 0; i < perSide; i++) {
                    while (turn != me) { // a wake-up left from the previous run returns at once
                        mine.select();
                    }
                    turn = 1 - me;
                    theirs.wakeup();
                }
            }, 2);
            return 2L * perSide;
        }

        @Override
        public void close() throws IOException {
            try {
                selectors[0].close();
            } finally {
                selectors[1].close();
            }
        }
    }

    /** A 4 KB temp file, read from its start again and again (the page cache serves it). */
    static final class FileReads implements Workload {
        private final Path file;
        private final FileInputStream in;

        FileReads() throws IOException {
            file = Files.createTempFile("blockscope-probecost", ".bin");
            Files.write(file, new byte[4096]);
            in = new FileInputStream(file.toFile());
        }

        @Override
        public long run(int ops) throws InterruptedException {
            FileChannel position = in.getChannel(); // position(long) is not probed
            return onVirtualThread(ops, n -> {
                byte[] buf = new byte[4096];
                for (int i = 0; i < n; i++) {
                    position.position(0);
                    if (in.read(buf) != buf.length) {
                        throw new IOException("short read of " + file);
                    }
                }
            });
        }

        @Override
        public void close() throws IOException {
            in.close();
            Files.delete(file);
        }
    }

    /** A temp file whose first 4 KB are written over again and again (into the page cache). */
    static final class FileWrites implements Workload {
        private final Path file;
        private final FileOutputStream out;

        FileWrites() throws IOException {
            file = Files.createTempFile("blockscope-probecost", ".bin");
            out = new FileOutputStream(file.toFile());
        }

        @Override
        public long run(int ops) throws InterruptedException {
            FileChannel position = out.getChannel();
            return onVirtualThread(ops, n -> {
                byte[] buf = new byte[4096];
                for (int i = 0; i < n; i++) {
                    position.position(0);
                    out.write(buf);
                }
            });
        }

        @Override
        public void close() throws IOException {
            out.close();
            Files.delete(file);
        }
    }

    /** The classes a child JVM needs to run every workload (with {@link HandOff}'s, see {@link ProbeCostHarness}). */
    static List<Class<?>> classes() {
        List<Class<?>> classes = new ArrayList<>();
        classes.add(ProbeWorkloads.class);
        classes.addAll(List.of(ProbeWorkloads.class.getDeclaredClasses()));
        return classes;
    }
}
