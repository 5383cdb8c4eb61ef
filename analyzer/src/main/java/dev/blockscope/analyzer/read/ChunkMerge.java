package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Delivers the events of chunks that overlap in time in one time order. A JDK recording's chunks
 * follow one another, but a blockscope recording also holds the agent's own chunks, written
 * beside the JDK's over the same time and appended after them: read one chunk after the other,
 * every task would see the JDK's events of a minute before the agent's of the same minute. So
 * chunks are added in order of their start (each one's events already sorted), and an event is
 * delivered once no chunk still to come can hold an earlier one: everything before the start of
 * the chunk being added goes first. Memory holds the chunks whose time is not yet delivered, not
 * the file.
 *
 * <p>A chunk whose first events are older than its start (the agent's, written from buffers that
 * filled before it was opened) is merged from its first event. An event older than what was
 * already delivered when its chunk came (chunks whose times cross each other's starts) arrives after
 * later events of other chunks, as it did when chunks were read one by one; the task's timeline
 * sorts out such a wait.
 */
final class ChunkMerge {
    /** One chunk's events, sorted by time, delivered from the front. */
    private static final class Cursor {
        final ChunkStream events;
        final int order;

        Cursor(ChunkStream events, int order) {
            this.events = events;
            this.order = order;
        }

        long time() {
            return events.peekTime();
        }
    }

    private final PriorityQueue<Cursor> open = new PriorityQueue<>((a, b) -> {
        int byTime = Long.compare(a.time(), b.time());
        return byTime != 0 ? byTime : Integer.compare(a.order, b.order);
    });
    private final Consumer<TraceEvent> sink;
    private int added;

    ChunkMerge(Consumer<TraceEvent> sink) {
        this.sink = sink;
    }

    /**
     * Adds a chunk that starts at {@code startNanos} (chunks come in order of their start), its
     * events sorted by time: first delivers every held event before that start, or before the
     * chunk's first event if that is earlier. The agent writes into a chunk what its buffers hold
     * when it sweeps them, so a chunk opened after a slow rotation can begin with events older
     * than its header's start (a task's start, whose first wait the JDK's chunk holds).
     */
    void add(List<TraceEvent> events, long startNanos) {
        add(ChunkStream.of(events), startNanos);
    }

    /** As {@link #add(List, long)}, given the events' times in their order. */
    void add(List<TraceEvent> events, long[] times, long startNanos) {
        add(ChunkStream.of(events, times), startNanos);
    }

    /** As {@link #add(List, long)}, for a chunk's events handed out one by one. */
    void add(ChunkStream events, long startNanos) {
        deliverBefore(!events.hasNext() ? startNanos : Math.min(startNanos, events.peekTime()));
        if (events.hasNext()) {
            open.add(new Cursor(events, added));
        }
        added++;
    }

    /** Delivers everything still held. */
    void finish() {
        deliverBefore(Long.MAX_VALUE);
    }

    private void deliverBefore(long time) {
        while (!open.isEmpty() && open.peek().time() < time) {
            Cursor c = open.poll();
            // deliver this chunk's run of events up to the next cursor's time (or the limit)
            long until = open.isEmpty() ? time : Math.min(time, open.peek().time());
            do {
                sink.accept(c.events.next());
            } while (c.events.hasNext() && (c.time() < until || c.time() == until && until != time && isFirst(c)));
            if (c.events.hasNext()) {
                open.add(c);
            }
        }
    }

    /** For equal times: whether {@code c} goes before the next cursor (chunks added earlier first). */
    private boolean isFirst(Cursor c) {
        Cursor other = open.peek();
        return other == null || c.order < other.order;
    }
}
