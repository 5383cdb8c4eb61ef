package dev.blockscope.agent.bridge;

import dev.blockscope.event.Reason;

/**
 * A carrier thread's own idle waits ({@code ForkJoinPool.awaitWork}), measured on the carrier and
 * written by it as {@code blockscope.CarrierIdle} into its own buffer once it has work again
 * (no virtual thread is mounted then, so nothing else writes that buffer). While a carrier
 * waits, its state shows the open wait, so a chunk end reports it as an OpenSuspend like any
 * other task's. (Through JFR, events a carrier committed between the virtual threads it ran were
 * mostly lost on JDK 25; the agent's own buffers do not depend on that.)
 */
final class CarrierIdles {
    private CarrierIdles() {}

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
        // every idle wait, whatever threshold= says: a carrier's time not covered would read as work
        if (EventRecords.carrierIdle(s, s.began, ended)) {
            s.suspends++;
        }
    }
}
