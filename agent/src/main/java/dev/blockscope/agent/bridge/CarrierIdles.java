package dev.blockscope.agent.bridge;

import dev.blockscope.event.CarrierIdleEvent;
import dev.blockscope.event.Reason;

import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A carrier thread's own idle waits ({@code ForkJoinPool.awaitWork}), measured on the carrier and
 * committed later by JFR's periodic thread as {@code blockscope.CarrierIdle}: events a carrier
 * commits itself between the virtual threads it runs were mostly lost on JDK 25 (see
 * {@link CarrierIdleEvent}). While a carrier waits, its state shows the open wait, so a chunk end
 * reports it as an OpenSuspend like any other task's.
 */
final class CarrierIdles {
    private CarrierIdles() {}

    /** One finished wait: {@link SuspendTiming#now} at both ends. */
    private record Interval(Thread carrier, long began, long ended) {}

    private static final ConcurrentLinkedQueue<Interval> DONE = new ConcurrentLinkedQueue<>();

    /** Carrier side, entry of awaitWork. */
    static void begin(TaskState s) {
        s.began = SuspendTiming.now();
        s.depth = 1;
        s.publishReason(Reason.CARRIER_IDLE);
    }

    /** Carrier side, exit of awaitWork. */
    static void end(TaskState s) {
        if (s.depth != 1 || s.reason == null) {
            return;
        }
        long ended = SuspendTiming.now();
        s.publishReason(null);
        s.depth = 0;
        DONE.offer(new Interval(s.thread, s.began, ended));
    }

    /**
     * Commits the waits finished so far; JFR runs it each second ({@code @Period("1 s")}), and
     * {@link OpenSuspensions#emit} runs it at every chunk end so none is left out of the file.
     */
    static void emit() {
        try {
            if (DONE.isEmpty()) {
                return;
            }
            Instant now = Instant.now();
            long nowTicks = SuspendTiming.now();
            long nowEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            for (Interval i; (i = DONE.poll()) != null; ) {
                CarrierIdleEvent e = new CarrierIdleEvent();
                e.carrier = i.carrier();
                e.startNanos = SuspendTiming.epochNanos(i.began(), nowTicks, nowEpochNanos);
                e.endNanos = SuspendTiming.epochNanos(i.ended(), nowTicks, nowEpochNanos);
                e.commit();
                AgentCounters.SUSPENDS.increment();
            }
        } catch (Throwable e) {
            AgentCounters.ERRORS.increment();
        }
    }
}
