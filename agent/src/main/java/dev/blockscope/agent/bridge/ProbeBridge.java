package dev.blockscope.agent.bridge;

import dev.blockscope.event.Reason;
import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.TaskHints;

import java.util.concurrent.TimeUnit;

/**
 * The one class the probes call. Advice inlined into JDK classes may only reference classes the
 * bootstrap loader sees, so the agent puts this package (and the event classes) on the bootstrap
 * class path; every advice body is a single static call into here.
 *
 * <p>Rules of this class: no Throwable escapes (it is counted, and the first of each entry point
 * kept for the agent's log, in {@link ProbeErrors}); a
 * probe that fires while the same thread is already inside the bridge (class loading, JFR's own
 * I/O) does nothing; no locks on the hot path; events are written only in the task's own
 * context, never on a carrier in the middle of a mount or unmount. They are written into the
 * agent's own buffers ({@link EventRecords}), which {@link ChunkRecorder} turns into JFR chunks;
 * only a suspension that gets a stack ({@link StackBudget}) is committed as a JFR event, which
 * JFR takes the stack for.
 */
public final class ProbeBridge {
    private ProbeBridge() {}

    /** Off until the probes record (early or live), and again after the recording stopped: probes then return at once. */
    private static volatile boolean active;
    /**
     * True while the probes record but the recording does not run yet ({@code startup=now}): what
     * they measure waits in {@link EarlyEvents} until {@link #configure} switches them live.
     */
    private static volatile boolean early;
    /** From {@link #configureEarly} to {@link #settled}: a JVM exit and the runtime's events wait for the recording. */
    private static volatile boolean gated;
    /** Released by {@link #settled}, once the recording runs with the agent's status and samplers (or the agent gave up). */
    private static final java.util.concurrent.CountDownLatch SETTLED = new java.util.concurrent.CountDownLatch(1);
    /** Released by {@link #configure} once the recording runs and the early events are committed (or the agent gave up). */
    private static final java.util.concurrent.CountDownLatch LIVE = new java.util.concurrent.CountDownLatch(1);
    /** Suspensions shorter than this are not recorded ({@code threshold=}), in units of {@link SuspendTiming#now}. */
    private static volatile long thresholdTicks;
    /** {@code VirtualThread.BLOCKING} on this JDK, or -1 when the JDK has no such state. */
    private static volatile int blockingState = -1;

    private static final Class<?> CARRIER_CLASS = carrierClass();

    private static Class<?> carrierClass() {
        try {
            return Class.forName("jdk.internal.misc.CarrierThread", false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** The state of a thread not seen before (see {@link OpenSuspensions#stateOf}). */
    static TaskState newState(Thread t) {
        String name = t.getName();
        boolean carrier = CARRIER_CLASS != null && t.getClass() == CARRIER_CLASS;
        // the JDK's I/O sub-pollers (virtual threads named "SubPoller-N" by sun.nio.ch.Poller in
        // its default mode on Linux) are, like carriers, the scheduler's machinery: recorded,
        // every blocking socket read would add their park and yield to the reader's own wait
        // (and a pool's timer thread, java.util.concurrent.DelayScheduler on JDK 25, or
        // "VirtualThread-unparker" before it)
        boolean ignored = carrier || name.startsWith("JFR ") || name.startsWith("blockscope ")
                || (t.isVirtual() ? name.startsWith("SubPoller-")
                        : name.equals("VirtualThread-unparker") || name.equals("VirtualThread-unblocker")
                                || t.getClass().getName().equals("java.util.concurrent.DelayScheduler"));
        return new TaskState(t, ignored, carrier);
    }

    /**
     * The current thread's state. A registry lookup, not a {@code ThreadLocal}: a thread-local
     * cost every virtual thread a map of its own (136 bytes while parked), on top of its state.
     */
    private static TaskState state() {
        return OpenSuspensions.stateOf(Thread.currentThread());
    }

    /**
     * Switches the probes on before the recording runs: what they measure until {@link #configure}
     * waits in {@link EarlyEvents}. Returns false, and changes nothing, when that is not possible
     * on this JDK (no JFR clock): the agent then waits for the recording before main.
     */
    public static boolean configureEarly(long stackMin, long stackRate, long thresholdNanos, int blocking) {
        if (!EarlyEvents.possible()) {
            return false;
        }
        StackBudget.configure(stackMin, stackRate);
        thresholdTicks = SuspendTiming.fromNanos(thresholdNanos);
        blockingState = blocking;
        early = true;
        active = true;
        TaskHints.markAgentActive(true);
        gated = true;
        TaskHints.setRecordingGate(RECORDING_GATE);
        return true;
    }

    /** How many events from before the recording can wait for it at most. */
    public static int earlyCapacity() {
        return EarlyEvents.CAPACITY;
    }

    /** True while the probes record before the recording runs (see {@link #configureEarly}). */
    public static boolean early() {
        return early;
    }

    /** Events from before the recording that were committed, and dropped (over {@link EarlyEvents#CAPACITY}). */
    public static int[] earlyCounts() {
        return new int[] {EarlyEvents.committed(), EarlyEvents.dropped()};
    }

    /**
     * Entry of {@code java.lang.Shutdown.exit} and {@code shutdown} (System.exit, a signal, the
     * end of main): while the recording is still starting, the JVM's exit waits for it (at most
     * {@code 10 s}), so what the probes measured before is written. Else nothing.
     */
    public static void exiting() {
        awaitRecording(SETTLED);
        Runnable r = atExit;
        if (r != null) {
            atExit = null;
            try {
                r.run();
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.SAMPLERS, e);
            }
        }
    }

    private static volatile Runnable atExit;

    /**
     * What the agent does as the JVM begins to exit, before any shutdown hook runs (JFR's hook
     * stops its recording): once, on the exiting thread. Null: nothing.
     */
    public static void atExit(Runnable r) {
        atExit = r;
    }

    /**
     * While the probes record early, waits (at most 10 s) until {@code until} is released: the
     * recording runs ({@link #LIVE}), or runs with the agent's status and samplers in
     * ({@link #SETTLED}); recorded as a suspension of the waiting task with reason
     * {@code agent.start}.
     */
    private static void awaitRecording(java.util.concurrent.CountDownLatch until) {
        if (gated && until.getCount() > 0) {
            // a suspension of its own (reason agent.start): the agent held the task up, and the
            // file says so rather than showing that time as running
            Object waiting = begin(Reason.AGENT_START, null, TimeUnit.SECONDS.toNanos(10), false);
            try {
                until.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.AWAIT_RECORDING, e);
            } finally {
                exit(waiting);
            }
        }
    }

    /**
     * Called by the agent when its recording starts or stops: {@code stackMin} and
     * {@code stackRate} are the stack policy ({@link StackBudget}), {@code thresholdNanos} the
     * shortest suspension recorded.
     */
    public static void configure(boolean on, long stackMin, long stackRate, long thresholdNanos, int blocking) {
        StackBudget.configure(stackMin, stackRate);
        thresholdTicks = SuspendTiming.fromNanos(thresholdNanos);
        blockingState = blocking;
        boolean wasEarly = early;
        early = false;
        active = on;
        TaskHints.markAgentActive(on);
        if (wasEarly) {
            // after the switch: a suspension closing meanwhile either finds early false and
            // commits itself, or adds to EarlyEvents and commits what is there (EarlyEvents.add)
            if (on) {
                EarlyEvents.commitAll();
            } else {
                EarlyEvents.discard();
            }
            TaskHints.setRecordingGate(null);
            LIVE.countDown(); // the runtime's events may go on: the recording runs
        }
    }

    /**
     * The recording runs with everything the agent writes at its start (or the agent gave up):
     * a JVM exit waiting in {@link #exiting} goes on.
     */
    public static void settled() {
        gated = false;
        TaskHints.setRecordingGate(null);
        LIVE.countDown();
        SETTLED.countDown();
    }

    /**
     * The runtime's events wait until the recording runs (see {@link TaskHints#awaitRecording});
     * unlike a JVM exit, not for the agent's status events and samplers after it.
     */
    private static final Runnable RECORDING_GATE = new Runnable() { // not a lambda: made in premain
        @Override
        public void run() {
            awaitRecording(LIVE);
        }
    };

    /** Whether a suspension of {@code ticks} is too short to record ({@code threshold=}). */
    static boolean belowThreshold(long ticks) {
        return ticks < thresholdTicks;
    }

    /** Stacks the budget refused so far ({@link StackBudget}). */
    public static long stacksRefused() {
        return StackBudget.REFUSED_TOTAL.sum();
    }

    /** The stack threshold now, in nanoseconds (raised while the budget runs out), or -1 for none. */
    public static long stackThresholdNanos() {
        return StackBudget.thresholdNanos();
    }

    /** True when suspensions are timed with JFR's own clock (see {@link SuspendTiming}). */
    public static boolean jfrClock() {
        return SuspendTiming.EXPLICIT;
    }

    /** True while probes record. */
    public static boolean active() {
        return active;
    }

    /** Suspensions of monitor-blocked virtual threads measured but not yet committed. */
    public static int pendingMonitorEntries() {
        return PendingMonitorEntries.pending();
    }

    /** The state of the current thread when a probe may act on it, else null (and marks busy). */
    private static TaskState enterBridge() {
        if (!active) {
            return null;
        }
        TaskState s = state();
        if (s.busy || s.ignored) {
            return null;
        }
        s.busy = true;
        return s;
    }

    // ---- suspensions --------------------------------------------------------------------

    /**
     * Entry of a blocking call. Returns the calling task's state when the call was counted (then
     * {@link #exit} must follow with it), else null; the outermost counted call owns the
     * suspension. The advice keeps the state in a local of the probed method and hands it back
     * to {@link #exit}, which then needs no second thread-local lookup (a third of the lookups
     * on a park's path). The type is {@code Object} because the state's class is not public.
     */
    public static Object enter(String reason, Object blocker, long timeoutNanos, boolean requireBlock) {
        return begin(reason, blocker, timeoutNanos, requireBlock);
    }

    /** Entry of {@code LockSupport.park*}: the reason comes from the runtime's hint or the blocker. */
    public static Object parkEnter(Object blocker, long timeoutNanos) {
        return begin(null, blocker, timeoutNanos, true);
    }

    /**
     * The entry of every counted call; a null {@code reason} (a park) is decided only when this
     * call owns the suspension, from the runtime's hint or else the blocker's kind.
     */
    private static TaskState begin(String reason, Object blocker, long timeoutNanos, boolean requireBlock) {
        TaskState s = null;
        try {
            s = enterBridge();
            if (s == null) {
                return null;
            }
            if (s.depth++ == 0) {
                PendingMonitorEntries.drain(s, false);
                if (reason == null) {
                    if (blocker == null) {
                        // Condition.await() (and so BlockingQueue.take()) parks with no blocker
                        // argument after LockSupport.setCurrentBlocker(condition): the JDK's way
                        // of naming what a no-argument park waits for
                        blocker = java.util.concurrent.locks.LockSupport.getBlocker(s.thread);
                    }
                    String hint = TaskHints.reason();
                    reason = hint != null ? hint : BlockerKinds.reasonFor(blocker);
                }
                open(s, reason, blocker, timeoutNanos, requireBlock);
            }
            return s;
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.ENTER, e);
            return null;
        } finally {
            if (s != null) {
                s.busy = false;
            }
        }
    }

    private static void open(TaskState s, String reason, Object blocker, long timeoutNanos, boolean requireBlock) {
        s.blocker = blocker;
        s.timeout = timeoutNanos;
        s.requireBlock = requireBlock && s.virtual;
        s.blocked = false;
        s.pinned = false;
        s.pinReason = null;
        s.carrierId = s.virtual ? CarrierNames.idOf(s, Carriers.current()) : 0;
        s.clearWake();
        if (!SuspendTiming.EXPLICIT) {
            SuspendTiming.begin(s);
        }
        s.began = SuspendTiming.now();
        s.publishReason(reason);
    }

    /** Exit of a blocking call; {@code entered} is what its {@link #enter} or {@link #parkEnter} returned. */
    public static void exit(Object entered) {
        if (!(entered instanceof TaskState state)) {
            return; // not counted
        }
        TaskState s = null;
        try {
            s = state;
            if (s.busy) {
                // A probe inside the bridge itself: its entry was not counted either.
                s = null;
                return;
            }
            s.busy = true;
            if (--s.depth == 0 && s.reason != null) {
                close(s);
            }
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.EXIT, e);
        } finally {
            if (s != null) {
                s.busy = false;
            }
        }
    }

    private static void close(TaskState s) {
        try {
            if (s.requireBlock && !s.blocked) {
                return; // returned without blocking (permit available, data ready): no suspension
            }
            if (Reason.MONITOR_WAIT.equals(s.reason)) {
                // a monitor re-entry after notify is part of the wait
                PendingMonitorEntries.drain(s, true);
            }
            long wokenAt = s.wokenAt();
            // one reading at the exit serves the threshold, the stack policy, the ready time and the record
            long now = SuspendTiming.now();
            long began = s.began;
            long duration = now - began;
            if (duration < thresholdTicks) {
                AgentCounters.BELOW_THRESHOLD.increment();
                return;
            }
            Thread carrier = s.virtual ? Carriers.current() : null;
            long resumeCarrierId = CarrierNames.idOf(s, carrier);
            long readyNanos = 0;
            long wakerId = 0;
            if (wokenAt != 0) {
                // never before the wait began: a wake-up belongs to the wait it ends
                readyNanos = Math.max(1, SuspendTiming.toNanos(now - Math.max(wokenAt, began)));
                wakerId = s.wakerId;
            }
            boolean written = StackBudget.take(duration, s.pinned)
                    && (early ? EarlyEvents.suspension(s, began, now, wokenAt, resumeCarrierId, readyNanos)
                            : commitWithStack(s, carrier, began, now, resumeCarrierId, wakerId, readyNanos));
            if (written) {
                s.stacks++;
                if (LiveTap.listening && !early) {
                    LiveTap.stacked(s, began, now, resumeCarrierId, wakerId, readyNanos); // JFR's copy reaches listeners too late
                }
                if (FlightTriggers.armed) {
                    FlightTriggers.suspension(s, duration, readyNanos); // not in the records the chunk writer checks
                }
            } else {
                Object blocker = s.blocker;
                if (!EventRecords.suspend(s, carrier == null ? null : s.lastCarrierState, began, now,
                        blocker == null ? null : blocker.getClass(), blocker == null ? 0 : System.identityHashCode(blocker),
                        resumeCarrierId, wakerId, readyNanos)) {
                    return; // dropped: no buffer left (counted)
                }
            }
            s.suspends++;
            if (wokenAt != 0) {
                s.wakes++;
            }
        } finally {
            s.clearSuspension();
        }
    }

    /**
     * Commits the suspension as a JFR event, whose stack JFR takes. A virtual thread commits with
     * its carrier's event object when its times are set here (so a parked virtual thread holds
     * none); the carrier's is in use only if a commit on it was interrupted.
     */
    private static boolean commitWithStack(TaskState s, Thread carrier, long began, long now, long resumeCarrierId,
                                           long wakerId, long readyNanos) {
        TaskState owner = s;
        if (SuspendTiming.EXPLICIT && carrier != null) {
            TaskState c = s.lastCarrierState;
            if (c != null && !c.eventsInUse) {
                owner = c;
            }
        }
        if (owner.eventsInUse || ChunkRecorder.stopped()) {
            return false; // after the last chunk: neither file gets it (see ChunkRecorder.stopped)
        }
        owner.eventsInUse = true;
        try {
            SuspendEvent ev = owner.stacked();
            SuspendTiming.set(ev, began, now);
            if (!ev.shouldCommit()) {
                return false;
            }
            ev.reason = s.reason;
            Object blocker = s.blocker;
            ev.blockerClass = blocker == null ? null : blocker.getClass();
            ev.blockerId = blocker == null ? 0 : System.identityHashCode(blocker);
            ev.timeout = Math.max(0, s.timeout);
            ev.pinned = s.pinned;
            ev.pinReason = s.pinReason;
            ev.carrierId = s.carrierId;
            ev.resumeCarrierId = resumeCarrierId;
            ev.readyNanos = readyNanos;
            ev.wakerId = wakerId;
            ev.commit();
            return true;
        } finally {
            owner.eventsInUse = false;
        }
    }

    /** Exit of {@code VirtualThread.yieldContinuation}: the virtual thread did unmount. */
    public static void yielded(boolean yielded) {
        if (yielded && active) {
            try {
                TaskState s = state();
                if (s.depth > 0) {
                    s.blocked = true;
                }
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.YIELDED, e);
            }
        }
    }

    /** Entry of {@code VirtualThread.parkOnCarrierThread}: the wait holds the carrier. */
    public static void parkPinned() {
        if (active) {
            try {
                TaskState s = state();
                if (s.depth > 0) {
                    s.blocked = true;
                    s.pinned = true;
                }
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.PARK_PINNED, e);
            }
        }
    }

    /** Entry of the virtual thread continuation's {@code onPinned(Continuation.Pinned)}. */
    public static void pinReason(Object reason) {
        if (active) {
            try {
                TaskState s = state();
                if (s.depth > 0 && reason != null) {
                    s.pinReason = reason.toString();
                }
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.PIN_REASON, e);
            }
        }
    }

    /** The reason a thread parked on {@code blocker} waits for (as the park probe names it), for the agent's go-live snapshot. */
    public static String parkReason(Object blocker) {
        return BlockerKinds.reasonFor(blocker);
    }

    /** Carrier side: entry of {@code VirtualThread.afterYield}, with the virtual thread's state. */
    public static void afterYield(Thread vthread, int state) {
        if (state == blockingState && active) {
            try {
                PendingMonitorEntries.blocked(vthread, Thread.currentThread());
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.AFTER_YIELD, e);
            }
        }
    }

    /** Carrier side: entry of {@code VirtualThread.mount}. */
    public static void mounting(Thread vthread) {
        try {
            PendingMonitorEntries.mounting(vthread, Thread.currentThread());
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.MOUNTING, e);
        }
    }

    // ---- wake-ups -----------------------------------------------------------------------

    /**
     * Entry of {@code LockSupport.unpark(target)}: the current thread wakes {@code target}. No
     * event: the wake-up (waker id, time) goes into the target's state, and the target's Suspend
     * carries it. An unpark of a thread not inside a recorded wait is a permit for a later park,
     * which then returns at once and is no suspension: dropped. A carrier thread with no virtual
     * thread mounted is not a task, so its wake-ups (the end of a virtual thread waking its
     * joiners, from {@code VirtualThread.afterDone}) have waker 0: the time is kept, the waker
     * is unknown. Nothing here commits or blocks, so it needs no re-entry guard.
     */
    public static void unpark(Thread target) {
        if (target == null || !active) {
            return;
        }
        try {
            TaskState t = OpenSuspensions.of(target);
            if (t == null || t.openReason() == null) {
                return;
            }
            Thread self = Thread.currentThread();
            if (self == target) {
                return;
            }
            t.wake(wakerId(self), SuspendTiming.now());
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.UNPARK, e);
        }
    }

    /**
     * The waker id of {@code self}: its Java thread id if it is a task, else 0 (a carrier with
     * no virtual thread mounted, the JDK's I/O sub-pollers and timer threads, JFR's and the
     * agent's threads: what woke the task was then I/O readiness, a timer, or machinery).
     */
    private static long wakerId(Thread self) {
        if (CARRIER_CLASS != null && self.getClass() == CARRIER_CLASS) {
            return 0;
        }
        TaskState w = OpenSuspensions.of(self);
        return w != null && w.ignored ? 0 : self.threadId();
    }

    // ---- a carrier's own idle waits ---------------------------------------------------------

    /**
     * Entry of {@code ForkJoinPool.awaitWork} on a carrier thread (no virtual thread mounted):
     * the carrier waits for work. Returns true when the wait is measured (then
     * {@link #carrierIdleExit} must follow). Other pools' workers are not recorded.
     */
    public static boolean carrierIdleEnter() {
        if (!active || early) {
            return false;
        }
        try {
            TaskState s = CarrierNames.ownState(Thread.currentThread());
            if (!s.carrierThread || s.depth != 0) {
                return false;
            }
            CarrierIdles.begin(s);
            return true;
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.CARRIER_IDLE_ENTER, e);
            return false;
        }
    }

    /** Exit of {@code ForkJoinPool.awaitWork}: the carrier has work again (or exits). */
    public static void carrierIdleExit(boolean counted) {
        if (counted) {
            try {
                CarrierIdles.end(CarrierNames.ownState(Thread.currentThread()));
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.CARRIER_IDLE_EXIT, e);
            }
        }
    }

    // ---- task lifetime ------------------------------------------------------------------

    /**
     * Entry of {@code Thread.start}: the child's state joins the registry now, with the current
     * task as its parent (its TaskStart's), so its start finds it (a map of parents cost two
     * more contended updates per task).
     */
    public static void starting(Thread child) {
        if (active && child != null) {
            try {
                TaskState c = OpenSuspensions.stateOf(child);
                if (!c.ignored) {
                    c.parentId = Thread.currentThread().threadId();
                }
            } catch (Throwable e) {
                ProbeErrors.caught(ProbeErrors.Site.STARTING, e);
            }
        }
    }

    /** The task starts running: entry of {@code VirtualThread.run(Runnable)} or {@code Thread.run}. */
    public static void taskStart(Thread self) {
        TaskState s = null;
        try {
            if (self != Thread.currentThread()) {
                return; // Thread.run() called directly by another thread: not a start
            }
            s = enterBridge();
            if (s == null) {
                return;
            }
            ProbeErrors.injectFault(ProbeErrors.Site.TASK_START);
            Thread carrier = s.virtual ? Carriers.current() : null;
            long carrierId = CarrierNames.idOf(s, carrier);
            long now = SuspendTiming.now();
            if (EventRecords.taskStart(s, carrier == null ? null : s.lastCarrierState, now, s.parentId, carrierId)) {
                s.startTicks = now;
                s.startRecorded = true;
                s.taskEvents++;
            }
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.TASK_START, e);
        } finally {
            if (s != null) {
                s.busy = false;
            }
        }
    }

    /** Entry of {@code Thread.dispatchUncaughtException}: the task is failing. */
    public static void uncaught() {
        try {
            state().failed = true;
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.UNCAUGHT, e);
        }
    }

    /** The task ends: exit of {@code VirtualThread.run(Runnable)} or entry of {@code Thread.exit}. */
    public static void taskEnd(Thread self) {
        TaskState s = null;
        try {
            if (self != Thread.currentThread()) {
                return;
            }
            s = enterBridge();
            if (s == null) {
                return;
            }
            PendingMonitorEntries.drain(s, false);
            Thread carrier = s.virtual ? Carriers.current() : null;
            CarrierNames.idOf(s, carrier);
            if (EventRecords.taskEnd(s, carrier == null ? null : s.lastCarrierState, SuspendTiming.now(), s.failed)) {
                s.taskEvents++;
            }
            OpenSuspensions.unregister(s);
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.TASK_END, e);
        } finally {
            if (s != null) {
                s.busy = false;
            }
        }
    }
}
