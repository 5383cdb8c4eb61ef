package dev.blockscope.agent.bridge;

import dev.blockscope.event.EarlySuspendEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The suspensions with a stack that the probes measure before JFR's recording runs
 * ({@code startup=now}): the probes are live before {@code main}, while JFR starts on a thread of
 * its own for another half second or so. Everything else they measure then goes into
 * blockscope's own chunks as usual ({@link EventRecords}), which need no JFR; but a stack is taken
 * by JFR at commit, and JFR is not up yet. So such a suspension is kept here as plain fields with
 * its stack as text (taken by the task with a {@link StackWalker}), timed with JFR's clock;
 * {@link #commitAll} makes them events, writes those readings into their time fields (as
 * {@link SuspendTiming} does) and commits them when the recording runs. The committing thread is
 * not the task, so they are an event type of their own ({@code blockscope.EarlySuspend}) that
 * names the task in fields.
 *
 * <p>At most {@link #CAPACITY} wait, so an application that blocks that often while JFR starts
 * costs at most a few megabytes; past it a suspension is written without its stack.
 */
final class EarlyEvents {
    private EarlyEvents() {}

    /**
     * At most this many events wait (about 130 bytes each with their queue node): 100,000, or
     * {@code -Dblockscope.earlyCapacity=N}.
     */
    static final int CAPACITY = Math.max(0, Integer.getInteger("blockscope.earlyCapacity", 100_000));

    private static final ConcurrentLinkedQueue<Early> WAITING = new ConcurrentLinkedQueue<>();
    /** Suspensions with a stack measured before the recording ran (what {@link #CAPACITY} bounds). */
    private static final AtomicInteger SIZE = new AtomicInteger();
    private static final AtomicInteger DROPPED = new AtomicInteger();
    private static final AtomicInteger COMMITTED = new AtomicInteger();
    /** Set once the recording runs: from then on whoever adds an event commits it too. */
    private static volatile boolean committing;

    /** The time fields JFR adds to one event class, written directly (as {@link SuspendTiming} does). */
    private record Times(VarHandle start, VarHandle duration) {
        static Times of(Class<? extends jdk.jfr.Event> c) {
            try {
                MethodHandles.Lookup in = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
                return new Times(in.findVarHandle(c, "startTime", long.class), in.findVarHandle(c, "duration", long.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null; // not this JDK's event layout: no early events (see possible())
            }
        }

        <E extends jdk.jfr.Event> E set(E ev, long startTicks, long durationTicks) {
            start.set(ev, startTicks);
            duration.set(ev, durationTicks);
            return ev;
        }
    }

    private static final Times SUSPEND_TIMES = Times.of(EarlySuspendEvent.class);

    /**
     * True when events can be timed before JFR runs: JFR's clock is readable and the event
     * classes have the fields JFR adds (else the agent waits for the recording before main).
     */
    static boolean possible() {
        return SuspendTiming.EXPLICIT && SUSPEND_TIMES != null;
    }

    /**
     * One measured suspension, as plain fields: an event object cannot be made yet, because the
     * first instance of an event class waits until JFR has initialized (hundreds of milliseconds).
     */
    private static final class Early {
        final long taskId;
        final String taskName;
        final boolean taskVirtual;
        final long began;
        long ended;
        String reason;
        Class<?> blockerClass;
        int blockerId;
        long timeout;
        boolean pinned;
        String pinReason;
        long carrierId;
        long resumeCarrierId;
        long wakerId;
        long readyNanos;
        String stackFrames;

        Early(Thread task, long began) {
            this.taskId = task.threadId();
            this.taskName = task.getName();
            this.taskVirtual = task.isVirtual();
            this.began = began;
        }

        jdk.jfr.Event toEvent() {
            EarlySuspendEvent ev = SUSPEND_TIMES.set(new EarlySuspendEvent(), began, Math.max(1, ended - began));
            ev.taskId = taskId;
            ev.taskName = taskName;
            ev.taskVirtual = taskVirtual;
            ev.reason = reason;
            ev.blockerClass = blockerClass;
            ev.blockerId = blockerId;
            ev.timeout = timeout;
            ev.pinned = pinned;
            ev.pinReason = pinReason;
            ev.carrierId = carrierId;
            ev.resumeCarrierId = resumeCarrierId;
            ev.wakerId = wakerId;
            ev.readyNanos = readyNanos;
            ev.stackFrames = stackFrames;
            return ev;
        }
    }

    /** Frames kept per stack: as many as the analyzer keeps. */
    static final int MAX_FRAMES = 48;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.SHOW_HIDDEN_FRAMES);

    /**
     * The current thread's stack as text: one frame per line, top first, {@code class.method:line}
     * (no line where none is known), the agent's own frames above the blocking call left out.
     */
    static String stackHere() {
        return WALKER.walk(frames -> {
            StringBuilder text = new StringBuilder(1024);
            int[] kept = {0};
            frames.dropWhile(f -> f.getClassName().startsWith("dev.blockscope.agent."))
                    .limit(MAX_FRAMES)
                    .forEach(f -> {
                        if (kept[0]++ > 0) {
                            text.append('\n');
                        }
                        text.append(f.getClassName()).append('.').append(f.getMethodName());
                        if (f.getLineNumber() > 0) {
                            text.append(':').append(f.getLineNumber());
                        }
                    });
            return text.toString();
        });
    }

    /**
     * A suspension of {@code s} from {@code began} to {@code ended} (clock readings), woken at
     * {@code wokenAt} or 0, with the stack of the current thread (the task, in the blocking
     * call) as text. Returns false when {@link #CAPACITY} suspensions wait already: the caller
     * then writes it without a stack.
     */
    static boolean suspension(TaskState s, long began, long ended, long wokenAt, long resumeCarrierId, long readyNanos) {
        if (!committing && SIZE.incrementAndGet() > CAPACITY) {
            DROPPED.incrementAndGet();
            return false;
        }
        Early e = new Early(s.thread, began);
        e.ended = ended;
        e.stackFrames = stackHere();
        e.reason = s.reason;
        Object blocker = s.blocker;
        e.blockerClass = blocker == null ? null : blocker.getClass();
        e.blockerId = blocker == null ? 0 : System.identityHashCode(blocker);
        e.timeout = Math.max(0, s.timeout);
        e.pinned = s.pinned;
        e.pinReason = s.pinReason;
        e.carrierId = s.carrierId;
        e.resumeCarrierId = resumeCarrierId;
        if (wokenAt != 0) {
            e.readyNanos = readyNanos;
            e.wakerId = s.wakerId;
        }
        WAITING.add(e);
        if (committing) {
            // the recording started while this one was measured: commit it (and any like it) here
            commitAll();
        }
        return true;
    }

    /**
     * Commits every waiting event; called once the recording runs (and by {@link #add} for an
     * event that arrived after that). Any thread may commit them: they name their task.
     */
    static void commitAll() {
        committing = true;
        for (Early e; (e = WAITING.poll()) != null; ) {
            try {
                jdk.jfr.Event ev = e.toEvent();
                if (ev.shouldCommit()) {
                    ev.commit();
                    COMMITTED.incrementAndGet();
                    AgentCounters.SUSPENDS.increment();
                    AgentCounters.STACKS.increment();
                    if (e.readyNanos > 0) {
                        AgentCounters.WAKES.increment();
                    }
                } else {
                    AgentCounters.BELOW_THRESHOLD.increment();
                }
            } catch (Throwable t) {
                ProbeErrors.caught(ProbeErrors.Site.EARLY_COMMIT, t);
            }
        }
    }

    /** Drops every waiting event: the recording did not start. */
    static void discard() {
        WAITING.clear();
    }

    /** Early events committed so far. */
    static int committed() {
        return COMMITTED.get();
    }

    /** Early suspensions written without their stack: more than {@link #CAPACITY} came. */
    static int dropped() {
        return DROPPED.get();
    }
}
