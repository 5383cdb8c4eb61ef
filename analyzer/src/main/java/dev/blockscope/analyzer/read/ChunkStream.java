package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.util.List;

/**
 * One chunk's events in time order, handed out one at a time to {@link ChunkMerge}: either the
 * chunk's records held in a list ({@link #of}), or a chunk decoded again as it is delivered
 * ({@link StreamedChunk}), when its records would not fit the heap.
 */
interface ChunkStream {
    /** Whether an event is left. */
    boolean hasNext();

    /** Time of the next event (only when {@link #hasNext}). */
    long peekTime();

    /** The next event, released by the stream. */
    TraceEvent next();

    /** A chunk's records, sorted by time, each released (set to null) as it is delivered. */
    static ChunkStream of(List<TraceEvent> events) {
        long[] times = new long[events.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = events.get(i).time();
        }
        return of(events, times);
    }

    /**
     * As {@link #of(List)}, given their times in the same order: the merge asks each event's time
     * before it delivers it, which from the events themselves is an interface call on a dozen
     * record types per event.
     */
    static ChunkStream of(List<TraceEvent> events, long[] times) {
        if (times.length != events.size()) {
            throw new IllegalArgumentException(times.length + " times for " + events.size() + " events");
        }
        return new ChunkStream() {
            private int next;

            @Override public boolean hasNext() {
                return next < times.length;
            }

            @Override public long peekTime() {
                return times[next];
            }

            @Override public TraceEvent next() {
                // released as delivered: a chunk's events are most of the reader's heap
                return events.set(next++, null);
            }
        };
    }
}
