package dev.blockscope.agent.bridge;

import dev.blockscope.event.CarrierEvent;
import dev.blockscope.event.CarrierIdleEvent;
import dev.blockscope.event.LiveSuspendEvent;
import dev.blockscope.event.OpenSuspendEvent;
import dev.blockscope.event.SuspendNoStackEvent;
import dev.blockscope.event.TaskEndEvent;
import dev.blockscope.event.TaskStartEvent;

import java.util.List;

/**
 * The event types blockscope writes into chunks of its own, and the type ids of every type those
 * chunks declare.
 * The Java event classes in {@code dev.blockscope.event} stay the schema (names, labels,
 * descriptions, field types); this table fixes the order in which {@link EventRecords} writes
 * the fields, which the chunk's metadata ({@link ChunkMetadata}) then declares. Every event
 * starts with {@code startTime}, {@code duration} and {@code eventThread}, as JFR's own do, which
 * is also what lets the {@link ChunkRecorder} find each event's thread without decoding the rest.
 */
final class ChunkSchema {
    private ChunkSchema() {}

    /**
     * Where the ids start. A JFR file is one id space to some readers: the JDK's parser keeps a
     * constant pool per type id across chunks (a thread resolved in the JDK's chunk was reused in
     * blockscope's, with the JDK's field layout), and {@code jfr summary} names an id by the
     * first chunk that declared it (blockscope's Suspends were counted as {@code jdk.DumpReason}
     * while its ids were small). The JVM's own ids count up from a few hundred, one per class
     * with events; these lie far above, and still take three bytes as a variable-length integer.
     */
    static final long BASE = 0x1F_FF00L;

    // type ids (0 and 1 are JFR's metadata and checkpoint events)
    static final long BOOLEAN = BASE + 4;
    static final long INT = BASE + 5;
    static final long LONG = BASE + 6;
    static final long STRING = BASE + 7;
    static final long THREAD = BASE + 8;
    static final long CLASS = BASE + 9;
    static final long CLASS_LOADER = BASE + 10;
    static final long PACKAGE = BASE + 11;
    static final long SYMBOL = BASE + 12;
    static final long LABEL = BASE + 20;
    static final long DESCRIPTION = BASE + 21;
    static final long CATEGORY = BASE + 22;
    static final long TIMESTAMP = BASE + 23;
    static final long TIMESPAN = BASE + 24;

    static final long SUSPEND = BASE + 100;
    static final long TASK_START = BASE + 101;
    static final long TASK_END = BASE + 102;
    static final long CARRIER = BASE + 103;
    static final long CARRIER_IDLE = BASE + 104;
    static final long OPEN_SUSPEND = BASE + 105;
    /** Only in the chunks cut for live listeners ({@link LiveTap}), never in the recording's. */
    static final long LIVE_SUSPEND = BASE + 106;

    /**
     * The id of the metadata of every such chunk: readers reuse the previous chunk's metadata
     * when the next declares the same id (the JDK's counts up from 1).
     */
    static final long METADATA_ID = 0x4B10_C5C0_0000_0001L;

    /**
     * One event type: its id, the Java class that documents it, and its own fields in the order
     * they are written after the implicit ones.
     */
    record EventType(long id, Class<? extends jdk.jfr.Event> schema, List<String> fields) {}

    static final List<EventType> EVENTS = List.of(
            new EventType(SUSPEND, SuspendNoStackEvent.class, List.of("reason", "blockerClass", "blockerId", "pinned", "pinReason",
                    "carrierId", "resumeCarrierId", "wakerId", "readyNanos", "timeout")),
            new EventType(TASK_START, TaskStartEvent.class, List.of("virtual", "parentId", "carrierId")),
            new EventType(TASK_END, TaskEndEvent.class, List.of("failed", "endedAfterNanos")),
            new EventType(CARRIER, CarrierEvent.class, List.of("carrier")),
            new EventType(CARRIER_IDLE, CarrierIdleEvent.class, List.of()),
            new EventType(OPEN_SUSPEND, OpenSuspendEvent.class, List.of("taskId", "taskVirtual", "reason", "pinned", "pinReason",
                    "carrierId", "startNanos")),
            new EventType(LIVE_SUSPEND, LiveSuspendEvent.class, List.of("reason", "blockerClass", "blockerId", "pinned", "pinReason",
                    "carrierId", "resumeCarrierId", "wakerId", "readyNanos", "timeout", "taskId", "taskName", "taskVirtual",
                    "stackFrames")));
}
