package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import java.util.Map;

/**
 * The fields of the event being mapped, by slot: slot 0 is {@code startTime}, slot 1
 * {@code duration}, and the slots from 2 on are the fields an {@link EventTable} entry lists, in
 * its order. A field the event's type lacks reads as absent: null, false, 0, or {@link dev.blockscope.analyzer.event.TraceEvent#NO_STACK} for a stack.
 * Two backends read them: {@link DecodedFields}, the fast reader's decoded slots, and
 * {@link RecordedFields}, the JDK's {@code RecordedEvent}. The table's factories see only this
 * interface, so each mapping is written once and both readers map alike.
 */
interface EventFields {
    /** The event's start, epoch nanoseconds. */
    long start();

    /** The event's end (start plus duration), epoch nanoseconds. */
    long end();

    /** Whether the event's type has the field in {@code slot}. */
    boolean present(int slot);

    /** A number (or a constant's key) in {@code slot}, 0 when absent. */
    long lng(int slot);

    /**
     * A time in nanoseconds since the epoch that the recorder wrote into a field of the event (0:
     * none), on the file's clock as the event's own times are ({@link Chunk#clockShift()}).
     */
    long epoch(int slot);

    boolean bool(int slot);

    String string(int slot);

    /** A float field, widened. */
    double flt(int slot);

    /** The name of the {@code jdk.types.ThreadState} in {@code slot}, or null. */
    String threadState(int slot);

    ThreadRef thread(int slot);

    /** A carrier: the Java thread id in {@code idSlot} (newer agents) or else the Thread in {@code threadSlot}. */
    default ThreadRef carrier(int idSlot, int threadSlot) {
        return present(idSlot) ? carriers().ref(lng(idSlot)) : thread(threadSlot);
    }

    /** The stack in {@code slot} as an index of the reader's stack table, or {@link dev.blockscope.analyzer.event.TraceEvent#NO_STACK}. */
    int stack(int slot);

    /** A stack written as text (one frame a line) in {@code slot}, as an index of the stack table, or {@link dev.blockscope.analyzer.event.TraceEvent#NO_STACK}. */
    int stackText(int slot);

    /** The name of the class in {@code slot} (dots, as {@code RecordedClass.getName}), or null. */
    String className(int slot);

    /** The chunk's carriers by id (one set per chunk). */
    CarrierRefs carriers();

    /** The chunk's wakers by id (the tasks named by Suspends' {@code wakerId}). */
    dev.blockscope.analyzer.model.LongMap<ThreadRef> wakers();
}
