package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.model.ReasonFamily;
import dev.blockscope.analyzer.model.TaskState;
import dev.blockscope.analyzer.report.Analysis.CarrierRow;
import java.util.ArrayList;
import java.util.List;

/**
 * What ran on each carrier: busy time (virtual threads running on it or pinned to it), pinned
 * time, time blocked in carrier-blocking calls (file I/O and the like), run slices and distinct tasks.
 */
public final class CarrierSummarizer {
    /**
     * Reason of a carrier thread's own idle park in its pool (no virtual thread mounted), as the
     * agent records it: a wait of the carrier, not of any task, so never part of a blocking profile.
     */
    public static final String IDLE = "carrier.idle";

    private static final class Carrier {
        String name;
        long busy;
        long idle;
        long pinned;
        long blocked;
        long slices;
        // a set of millions of boxed ids on a server with a virtual thread per request: a bitset
        final dev.blockscope.analyzer.model.TaskIdSet tasks = new dev.blockscope.analyzer.model.TaskIdSet();
        long lastTask = Long.MIN_VALUE;
    }

    /** Looked up for every event and interval. */
    private final dev.blockscope.analyzer.model.OrderedLongMap<Carrier> carriers = new dev.blockscope.analyzer.model.OrderedLongMap<>();

    private Carrier carrier(long id) {
        Carrier c = carriers.get(id);
        if (c == null) {
            c = new Carrier();
            carriers.put(id, c);
        }
        return c;
    }

    /** Remembers a carrier's name. */
    public void name(ThreadRef carrier) {
        if (carrier != null) {
            Carrier c = carrier(carrier.id());
            if (carrier.name() != null) {
                // a chunk names its carriers; a chunk that does not (the JDK's, beside the
                // agent's own) refers to them by id only, which must not unname them
                c.name = carrier.name();
            }
        }
    }

    /** One interval of a virtual thread with a known carrier. */
    public void interval(long task, TaskState state, long duration, String reason, long carrierId) {
        if (carrierId == ThreadRef.NONE) {
            return;
        }
        Carrier c = carrier(carrierId);
        if (task != c.lastTask) { // consecutive slices of one task are common: skip the boxing
            c.tasks.add(task);
            c.lastTask = task;
        }
        c.busy += duration;
        if (state == TaskState.RUNNING) {
            c.slices++;
        } else if (state == TaskState.BLOCKED_PINNED) {
            c.pinned += duration;
            if (carrierBlocking(reason)) {
                c.blocked += duration;
            }
        }
    }

    /**
     * A virtual thread on {@code carrierId} waited {@code duration} in file I/O: the JDK keeps the
     * carrier for that (and adds one to the pool to compensate), whether or not the wait was
     * recorded as pinned.
     */
    public void blockedInIo(long carrierId, long duration) {
        if (carrierId != ThreadRef.NONE) {
            carrier(carrierId).blocked += duration;
        }
    }

    /** Thread {@code carrierId} recorded a {@value #IDLE} wait: only a carrier idles in the pool, so it is one. */
    public void idled(long carrierId) {
        carrier(carrierId);
    }

    /**
     * Carrier {@code carrierId}'s idle waits came to {@code nanos} in all: its idle time in the pool.
     * Which of a carrier's own waits are idling is {@link #idleReason}.
     */
    public void ownWaits(long carrierId, long nanos) {
        carrier(carrierId).idle = nanos;
    }

    /**
     * Whether a carrier thread's own wait with this reason is it idling in the pool: {@value #IDLE}
     * (the agent's record of ForkJoinPool.awaitWork) or a park (the JDK's thresholded
     * jdk.ThreadPark, which a carrier thread does there: a virtual thread's parks are the virtual
     * thread's). Any other wait of the carrier thread itself (e.g. a jdk.JavaMonitorEnter it blocked
     * in) is not idling: the carrier was held up with work to do.
     */
    public static boolean idleReason(String reason) {
        return reason != null && (reason.equals(IDLE) || reason.startsWith("park."));
    }

    /** Whether {@code id} ran virtual threads (or was named as a carrier, or idled as one). */
    public boolean isCarrier(long id) {
        return carriers.get(id) != null;
    }

    /** Reasons whose waits keep a virtual thread's carrier on every JDK: the file family's. */
    public static boolean carrierBlocking(String reason) {
        // called for every interval: the prefix turns nearly every reason away without a table lookup
        return reason != null && reason.startsWith("file.") && ReasonFamily.of(reason) == ReasonFamily.FILE;
    }

    /** Rows, in order of first appearance; utilization is busy time over {@code windowNanos}. */
    public List<CarrierRow> rows(long windowNanos) {
        List<CarrierRow> rows = new ArrayList<>();
        carriers.asMap().forEach((id, c) -> rows.add(new CarrierRow(id, c.name, c.busy, c.pinned, c.blocked, c.slices,
                (int) c.tasks.size(), windowNanos > 0 ? Math.min(1.0, (double) c.busy / windowNanos) : 0, c.idle)));
        return rows;
    }
}
