package dev.blockscope.agent.bridge;

import dev.blockscope.event.EarlySuspendEvent;
import dev.blockscope.event.EarlyTaskEndEvent;
import dev.blockscope.event.EarlyTaskStartEvent;
import dev.blockscope.event.Reason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the probes measure before the recording runs ({@code startup=now}): the probes are live
 * before {@code main}, while JFR starts on a thread of its own for another half second or so.
 * Each suspension, task start and task end of that time is kept here as plain fields, timed with
 * JFR's clock; {@link #commitAll} makes them events, writes those readings into their time
 * fields (as {@link SuspendTiming} does) and commits them when the recording runs. The committing thread
 * is not the task, so these are their own event types ({@code blockscope.EarlySuspend},
 * {@code EarlyTaskStart}, {@code EarlyTaskEnd}) that name the task in fields.
 *
 * <p>At most {@link #CAPACITY} events wait, so an application that blocks that often while JFR
 * starts costs at most a few megabytes. When more come, none of them is committed: a file that
 * held the first ones only would show the time of the missing waits as running. The file then
 * starts with the recording, as with {@code startup=background}, and the agent says so
 * (ProbeStatus {@code early} off, one stderr line).
 */
final class EarlyEvents {
    private EarlyEvents() {}

    /**
     * At most this many events wait (about 130 bytes each with their queue node): 100,000, or
     * {@code -Dblockscope.earlyCapacity=N}.
     */
    static final int CAPACITY = Math.max(0, Integer.getInteger("blockscope.earlyCapacity", 100_000));

    private static final ConcurrentLinkedQueue<Early> WAITING = new ConcurrentLinkedQueue<>();
    /** Events measured before the recording ran (what {@link #CAPACITY} bounds). */
    private static final AtomicInteger SIZE = new AtomicInteger();
    private static final AtomicInteger DROPPED = new AtomicInteger();
    private static final AtomicInteger COMMITTED = new AtomicInteger();
    /** Set once the recording runs: from then on whoever adds an event commits it too. */
    private static volatile boolean committing;
    /** Set when an event did not fit: from then on none is committed. */
    private static volatile boolean overflowed;

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
    private static final Times START_TIMES = Times.of(EarlyTaskStartEvent.class);
    private static final Times END_TIMES = Times.of(EarlyTaskEndEvent.class);

    /**
     * True when events can be timed before JFR runs: JFR's clock is readable and the event
     * classes have the fields JFR adds (else the agent waits for the recording before main).
     */
    static boolean possible() {
        return SuspendTiming.EXPLICIT && SUSPEND_TIMES != null && START_TIMES != null && END_TIMES != null;
    }

    /**
     * One measured event, as plain fields: an event object cannot be made yet, because the first
     * instance of an event class waits until JFR has initialized (hundreds of milliseconds).
     */
    private static final class Early {
        static final byte SUSPEND = 0, START = 1, END = 2;
        final byte kind;
        final long taskId;
        final String taskName;
        final boolean taskVirtual;
        final long began;
        long ended;
        String reason;
        Class<?> blockerClass;
        int blockerId;
        long timeout = -1;
        boolean pinned;
        String pinReason;
        long carrierId;
        long resumeCarrierId;
        long wakerId;
        long readyNanos = -1;
        long parentId;
        boolean failed;
        String stackFrames;

        Early(byte kind, Thread task, long began) {
            this.kind = kind;
            this.taskId = task.threadId();
            this.taskName = task.getName();
            this.taskVirtual = task.isVirtual();
            this.began = began;
            this.ended = began + 1; // an instant: a zero duration would make JFR take the time to the commit
        }

        jdk.jfr.Event toEvent() {
            long duration = Math.max(1, ended - began);
            switch (kind) {
                case SUSPEND -> {
                    EarlySuspendEvent ev = SUSPEND_TIMES.set(new EarlySuspendEvent(), began, duration);
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
                case START -> {
                    EarlyTaskStartEvent ev = START_TIMES.set(new EarlyTaskStartEvent(), began, duration);
                    ev.taskId = taskId;
                    ev.taskName = taskName;
                    ev.taskVirtual = taskVirtual;
                    ev.parentId = parentId;
                    ev.carrierId = carrierId;
                    return ev;
                }
                default -> {
                    EarlyTaskEndEvent ev = END_TIMES.set(new EarlyTaskEndEvent(), began, duration);
                    ev.taskId = taskId;
                    ev.taskName = taskName;
                    ev.taskVirtual = taskVirtual;
                    ev.failed = failed;
                    return ev;
                }
            }
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
     * {@code wokenAt} or 0; with {@code stack}, the stack of the current thread (the task, in
     * the blocking call) as text.
     */
    static void suspension(TaskState s, long began, long ended, long wokenAt, long resumeCarrierId, boolean stack) {
        Early e = new Early(Early.SUSPEND, s.thread, began);
        e.ended = ended;
        if (stack) {
            e.stackFrames = stackHere();
        }
        e.reason = s.reason;
        Object blocker = s.blocker;
        e.blockerClass = blocker == null ? null : blocker.getClass();
        e.blockerId = blocker == null ? 0 : System.identityHashCode(blocker);
        e.timeout = s.timeout;
        e.pinned = s.pinned;
        e.pinReason = s.pinReason;
        e.carrierId = s.carrierId;
        e.resumeCarrierId = resumeCarrierId;
        if (wokenAt != 0) {
            e.readyNanos = SuspendTiming.toNanos(ended - Math.max(wokenAt, began));
            e.wakerId = s.wakerId;
        }
        add(e);
    }

    /** A virtual thread's monitor-enter suspension measured by the carriers (see {@link PendingMonitorEntries}). */
    static void monitorEntry(Thread task, long began, long ended, long carrierId, long resumeCarrierId) {
        Early e = new Early(Early.SUSPEND, task, began);
        e.ended = ended;
        e.reason = Reason.MONITOR_ENTER;
        e.carrierId = carrierId;
        e.resumeCarrierId = resumeCarrierId;
        add(e);
    }

    /** Task {@code t} started now, with {@code parentId} and first carrier {@code carrierId}. */
    static void taskStart(Thread t, long parentId, long carrierId) {
        Early e = new Early(Early.START, t, SuspendTiming.now());
        e.parentId = parentId;
        e.carrierId = carrierId;
        add(e);
    }

    /** Task {@code t} ends now. */
    static void taskEnd(Thread t, boolean failed) {
        Early e = new Early(Early.END, t, SuspendTiming.now());
        e.failed = failed;
        add(e);
    }

    private static void add(Early e) {
        if (overflowed) {
            DROPPED.incrementAndGet();
            return;
        }
        // the capacity bounds what waits for the recording; once it runs, each event is committed at once
        if (!committing && SIZE.incrementAndGet() > CAPACITY) {
            DROPPED.incrementAndGet();
            overflowed = true;
            return;
        }
        WAITING.add(e);
        if (committing) {
            // the recording started while this event was measured: commit it (and any like it) here
            commitAll();
        }
    }

    /**
     * Commits every waiting event; called once the recording runs (and by {@link #add} for an
     * event that arrived after that). Any thread may commit them: they name their task.
     */
    static void commitAll() {
        committing = true;
        for (Early e; (e = WAITING.poll()) != null; ) {
            if (overflowed) {
                DROPPED.incrementAndGet();
                continue;
            }
            try {
                jdk.jfr.Event ev = e.toEvent();
                if (ev.shouldCommit()) {
                    ev.commit();
                    COMMITTED.incrementAndGet();
                    if (e.kind != Early.SUSPEND) {
                        AgentCounters.TASK_EVENTS.increment();
                    } else {
                        AgentCounters.SUSPENDS.increment();
                        if (e.stackFrames != null) {
                            AgentCounters.STACKS.increment();
                        }
                        if (e.readyNanos >= 0) {
                            AgentCounters.WAKES.increment();
                        }
                    }
                } else {
                    AgentCounters.BELOW_THRESHOLD.increment();
                }
            } catch (Throwable t) {
                AgentCounters.ERRORS.increment();
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

    /** Early events dropped: all of them once more than {@link #CAPACITY} came. */
    static int dropped() {
        return DROPPED.get();
    }
}
