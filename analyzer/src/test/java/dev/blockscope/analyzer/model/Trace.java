package dev.blockscope.analyzer.model;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A small builder of synthetic event sequences for state-machine tests: no JFR involved. Times
 * are plain nanoseconds; {@link #events()} returns them in commit-time order, as the reader does.
 */
public final class Trace {
    private final List<TraceEvent> events = new ArrayList<>();

    public static ThreadRef virtual(long id) {
        return new ThreadRef(id, "vt-" + id, true);
    }

    public static ThreadRef platform(long id) {
        return new ThreadRef(id, "pt-" + id, false);
    }

    public static ThreadRef carrier(long id) {
        return new ThreadRef(id, "ForkJoinPool-1-worker-" + id, false);
    }

    public Trace start(ThreadRef task, long t, ThreadRef carrier) {
        events.add(new TraceEvent.TaskStarted(t, task, ThreadRef.NONE, carrier, true));
        return this;
    }

    public Trace jdkStart(ThreadRef task, long t) {
        events.add(new TraceEvent.TaskStarted(t, task, ThreadRef.NONE, null, false));
        return this;
    }

    public Trace end(ThreadRef task, long t) {
        events.add(new TraceEvent.TaskEnded(t, task, true));
        return this;
    }

    public Trace jdkEnd(ThreadRef task, long t) {
        events.add(new TraceEvent.TaskEnded(t, task, false));
        return this;
    }

    /** A blockscope.Suspend of an unmounted virtual thread (or a platform thread, carriers null). */
    public Trace suspend(ThreadRef task, long s, long e, String reason, ThreadRef carrier, ThreadRef resumeCarrier, int stack) {
        events.add(new TraceEvent.Blocked(s, e, task, reason, false, null, carrier, resumeCarrier, stack, true, -1));
        return this;
    }

    /** A blockscope.Suspend waiting on an object of class {@code blocker}. */
    public Trace suspendOn(ThreadRef task, long s, long e, String reason, ThreadRef carrier, String blocker) {
        events.add(new TraceEvent.Blocked(s, e, task, reason, false, null, carrier, carrier, -1, true, -1, blocker));
        return this;
    }

    /** A blockscope.Suspend with a timeout (a sleep, a timed park). */
    public Trace timed(ThreadRef task, long s, long e, String reason, long timeout, ThreadRef carrier) {
        events.add(new TraceEvent.Blocked(s, e, task, reason, false, null, carrier, carrier, -1, true, timeout));
        return this;
    }

    public Trace suspend(ThreadRef task, long s, long e, String reason) {
        return suspend(task, s, e, reason, null, null, -1);
    }

    /** A blockscope.Suspend that kept its carrier. */
    public Trace pinned(ThreadRef task, long s, long e, String reason, String pinReason, ThreadRef carrier, int stack) {
        events.add(new TraceEvent.Blocked(s, e, task, reason, true, pinReason, carrier, carrier, stack, true, -1));
        return this;
    }

    /** A JDK blocking event (thresholded: time around it is unknown). */
    public Trace jdkBlocked(ThreadRef task, long s, long e, String reason, boolean pinned, String pinReason) {
        events.add(new TraceEvent.Blocked(s, e, task, reason, pinned, pinReason, null, null, -1, false, -1));
        return this;
    }

    public Trace unpark(ThreadRef waker, long target, long t) {
        events.add(new TraceEvent.Unparked(t, waker, target));
        return this;
    }

    public Trace scheduler(long t, int parallelism, int poolSize, int active) {
        events.add(new TraceEvent.SchedulerSampled(t, parallelism, poolSize, active, 0));
        return this;
    }

    public Trace add(TraceEvent e) {
        events.add(e);
        return this;
    }

    /** The events in commit-time order (stable for equal times). */
    public List<TraceEvent> events() {
        List<TraceEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(TraceEvent::time));
        return sorted;
    }
}
