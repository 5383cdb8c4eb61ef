package dev.blockscope.bench;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The measured workload: two threads pass a turn back and forth with {@code LockSupport}, so
 * every hand-off is one park (a suspension) and one unpark. Run in a child JVM by
 * {@link PingPongHarness}; prints {@code ns-per-handoff=<n>} (wall), {@code cpu-ns-per-handoff=<n>}
 * (process CPU time) and {@code task-cpu-ns-per-handoff=<n>} (CPU time of the threads that ran the
 * two sides only: the carriers for virtual threads, the sides themselves for platform threads)
 * for the timed rounds.
 *
 * <p>Arguments: {@code virtual|platform warmup rounds [commit]}: {@code warmup} is a count of
 * round trips or a duration ({@code 3s}: round trips until that much time has passed, see
 * {@link #warmUp}). The optional {@code commit}
 * mode measures the floor under the agent without it: {@code none} (default), {@code both} (each
 * side commits one {@link FloorSuspendEvent} per round, so consecutive commits on a carrier come
 * from different virtual threads), {@code one} (only side 0 commits: consecutive commits come
 * from the same thread), {@code batch} (the prototype of a deferred design: each side writes
 * its suspension's times into its own ring of longs, and one platform thread commits them as
 * {@link BatchedSuspendEvent}s with explicit task id and times), {@code clocks} (no event, but the
 * agent's three clock readings per hand-off: before the park, after it, and the waker's before
 * its unpark), {@code explicit} (those three readings and one commit timed with them, as the
 * agent does: the event's own {@code startTime} and {@code duration} set from the readings, so
 * JFR reads no clock of its own), {@code encode} (those three readings, the record into the
 * side's ring, and the drain thread encoding it as a JFR chunk holds events, into a file of its
 * own: the shape of a writer of its own chunks). Run it under a JFR recording ({@code -XX:StartFlightRecording})
 * so the commits are written.
 */
public final class HandOff {
    private static volatile int turn;

    private HandOff() {}

    /**
     * With the agent at {@code startup=now} its probes record before the recording runs, without
     * committing: a hand-off costs less then. The harnesses measure the steady state, so wait
     * for the recording first (nothing to wait for without the agent; an agent from before the
     * early start lacks the method, and its premain had waited for the recording already).
     */
    static void awaitAgentRecording() {
        try {
            dev.blockscope.event.TaskHints.awaitRecording();
        } catch (NoClassDefFoundError | NoSuchMethodError e) {
            // no agent (the child's class path holds no runtime), or an agent build from before the early start
        }
    }

    public static void main(String[] args) throws Exception {
        boolean virtual = args[0].equals("virtual");
        String warmup = args[1];
        int rounds = Integer.parseInt(args[2]);
        mode = args.length > 3 ? args[3] : "none";
        if (!List.of("none", "both", "one", "batch", "clocks", "explicit", "encode").contains(mode)) {
            System.err.println("HandOff: unknown commit mode " + mode + " (none, both, one, batch, clocks, explicit, encode)");
            System.exit(2);
        }
        awaitAgentRecording();
        SuspensionRings rings = mode.equals("batch") ? SuspensionRings.start()
                : mode.equals("encode") ? SuspensionRings.start(new SuspensionRings.Encoder(
                        java.nio.file.Files.createTempFile("blockscope-encode", ".bin"))) : null;
        warmUp(virtual, warmup, rounds);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long carriers0 = carrierCpu();
        SIDES_CPU.set(0);
        long ns = run(virtual, rounds);
        long cpu = os.getProcessCpuTime() - cpu0;
        long task = virtual ? carrierCpu() - carriers0 : SIDES_CPU.get();
        if (rings != null) {
            long drained = rings.stop();
            System.out.println("batched-events=" + drained + " dropped=" + rings.dropped());
            System.out.println("drain-cpu-ns-per-handoff=" + (double) rings.drainCpuNanos() / (2.0 * rounds));
        }
        // CPU time of the whole process (JFR's threads included) is steadier than wall time on a
        // shared machine, and the CPU time of the threads that ran the hand-offs steadier still:
        // other processes delay them, but that waiting is not CPU time. All three are printed.
        if (CLOCK_SINK.get() == 42) {
            System.out.println("clock sink"); // keeps the readings of mode clocks from being optimized away
        }
        System.out.println("ns-per-handoff=" + (double) ns / (2.0 * rounds));
        System.out.println("cpu-ns-per-handoff=" + (double) cpu / (2.0 * rounds));
        System.out.println("task-cpu-ns-per-handoff=" + (double) task / (2.0 * rounds));
    }

    /**
     * Runs the warm-up: {@code warmup} round trips, or, given as a duration ({@code 3s},
     * {@code 500ms}), rounds of {@code rounds} round trips (at most 100,000 each) until that much
     * time has passed since the warm-up began. Prints how many round trips it ran.
     */
    static void warmUp(boolean virtual, String warmup, int rounds) throws InterruptedException {
        long total = 0;
        if (warmup.endsWith("s")) {
            long nanos = warmup.endsWith("ms") ? Long.parseLong(warmup.substring(0, warmup.length() - 2)) * 1_000_000L
                    : Long.parseLong(warmup.substring(0, warmup.length() - 1)) * 1_000_000_000L;
            int batch = Math.max(1, Math.min(rounds, 100_000));
            long start = System.nanoTime();
            do {
                run(virtual, batch);
                total += batch;
            } while (System.nanoTime() - start < nanos);
        } else {
            total = Integer.parseInt(warmup);
            run(virtual, (int) total);
        }
        System.out.println("warmup-round-trips=" + total);
    }

    /** The commit mode (see the class comment). */
    private static String mode = "none";

    private static final java.util.concurrent.atomic.AtomicLong SIDES_CPU = new java.util.concurrent.atomic.AtomicLong();
    private static final java.util.concurrent.atomic.AtomicLong CLOCK_SINK = new java.util.concurrent.atomic.AtomicLong();
    /** The wake-up reading of mode {@code clocks}/{@code explicit}, written by the waker. */
    private static volatile long wokenAt;

    /** CPU time of the virtual-thread scheduler's carriers (threads named ForkJoinPool-N-worker-M). */
    private static long carrierCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().matches("ForkJoinPool-\\d+-worker-\\d+")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    /** Commits {@code ev} with the field values the agent writes for a park without blocker. */
    private static void commitAsAgentWould(FloorSuspendEvent ev, long wakerId) {
        ev.reason = "park.other";
        ev.carrierId = 31;
        ev.resumeCarrierId = 31;
        ev.wakerId = wakerId;
        ev.readyNanos = 180;
        ev.commit();
    }

    /** Runs {@code rounds} round trips (two hand-offs each); returns elapsed nanoseconds. */
    static long run(boolean virtual, int rounds) throws InterruptedException {
        Thread[] sides = new Thread[2];
        // a side that fails would leave the other parked forever: the run ends with the error
        Thread.UncaughtExceptionHandler fail = (t, e) -> {
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        };
        Thread.Builder builder = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).uncaughtExceptionHandler(fail);
        turn = 0;
        for (int i = 0; i < 2; i++) {
            int me = i;
            sides[i] = builder.unstarted(() -> {
                Thread other = sides[1 - me];
                var mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = virtual ? 0 : mx.getCurrentThreadCpuTime();
                boolean commits = mode.equals("both") || (mode.equals("one") && me == 0);
                FloorSuspendEvent ev = commits ? new FloorSuspendEvent() : null;
                boolean clocks = mode.equals("clocks") || mode.equals("explicit") || mode.equals("encode");
                FloorSuspendEvent timed = mode.equals("explicit") ? new FloorSuspendEvent() : null;
                long sink = 0;
                SuspensionRings.Ring ring = mode.equals("batch") || mode.equals("encode") ? SuspensionRings.ring(me) : null;
                long selfId = Thread.currentThread().threadId();
                long otherId = other.threadId();
                for (int r = 0; r < rounds; r++) {
                    if (ev != null) {
                        ev.begin();
                    }
                    long began = ring != null || clocks ? System.nanoTime() : 0;
                    while (turn != me) {
                        LockSupport.park();
                    }
                    if (clocks) {
                        long ended = System.nanoTime();
                        sink += ended - Math.max(began, wokenAt);
                        if (timed != null) {
                            ExplicitTimes.set(timed, began, ended);
                            commitAsAgentWould(timed, otherId);
                        } else if (ring != null) {
                            ring.add(selfId, began, ended, otherId);
                        }
                    } else if (ev != null) {
                        ev.end();
                        commitAsAgentWould(ev, otherId);
                    } else if (ring != null) {
                        ring.add(selfId, began, System.nanoTime(), otherId);
                    }
                    turn = 1 - me;
                    if (clocks) {
                        wokenAt = System.nanoTime();
                    }
                    LockSupport.unpark(other);
                }
                CLOCK_SINK.addAndGet(sink);
                if (!virtual) {
                    SIDES_CPU.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                }
            });
        }
        long t0 = System.nanoTime();
        sides[0].start();
        sides[1].start();
        sides[0].join();
        sides[1].join();
        return System.nanoTime() - t0;
    }
}
