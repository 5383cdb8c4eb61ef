package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;

/**
 * The wake-up a {@code blockscope.Suspend} carries (newer agents): task {@code wakerId} (0 if the
 * waker was not a task) made the suspended task runnable {@code readyNanos} before the
 * suspension ended (0, or -1 from agents before 0.2: no wake-up recorded; a recorded one is at least 1). Read as the {@link TraceEvent.Unparked} an older
 * agent wrote as its own event, so the model sees one shape for both.
 */
final class Wakeups {
    private Wakeups() {}

    /** The wake-up of the suspension [start, end] of {@code task}, or null when none was recorded. */
    static TraceEvent.Unparked of(long start, long end, ThreadRef task, long wakerId, long readyNanos,
                                  dev.blockscope.analyzer.model.LongMap<ThreadRef> wakers) {
        if (readyNanos <= 0 || task == null) {
            return null;
        }
        // the agent measures the ready time on another clock than the event's: keep it inside
        long at = Math.max(start, end - readyNanos);
        // one ref per waker and chunk: a chunk holds hundreds of thousands of wake-ups by a few wakers
        ThreadRef waker = null;
        if (wakerId != 0) {
            waker = wakers.get(wakerId);
            if (waker == null) {
                waker = new ThreadRef(wakerId, null, false);
                wakers.put(wakerId, waker);
            }
        }
        return new TraceEvent.Unparked(at, waker, task.id());
    }
}
