package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A chunk whose records would not fit the heap (a 47 MB chunk of 2M suspensions maps to about
 * 200 MB of them), delivered in time order while it is decoded a second time.
 *
 * <p>The first decoding ({@link Survey}, on a reader thread) keeps no record: per block of
 * {@link #BLOCK} events in file order it notes the earliest record time, and the chunk's carriers
 * and stacks. The second ({@link #open}, as the chunk is delivered) decodes a block at a time
 * into a heap ordered by time and then file order, and hands out every record no later than the
 * earliest time of the blocks still to decode: no record still to come can go before it. So the
 * order is exactly the stable sort of the whole chunk's records by time, as a held chunk is
 * delivered, and the heap holds only the records that a chunk has out of order (the agent's
 * buffers, swept one after another), not the chunk.
 */
final class StreamedChunk implements ChunkStream {
    /** Events (in file order) per block whose earliest record time the survey notes. */
    static final int BLOCK = 1024;

    /** What the first decoding of a chunk left for the second: its blocks' earliest times, carriers and stacks. */
    static final class Survey {
        private long[] earliest = new long[64];
        private int blocks;
        private long events;
        CarrierRefs carriers;
        StackTable stacks;

        /** Notes the records {@code out} holds from {@code from} on, made by the next event in file order. */
        void add(List<TraceEvent> out, int from) {
            int block = (int) (events++ / BLOCK);
            if (block == blocks) {
                if (blocks == earliest.length) {
                    earliest = Arrays.copyOf(earliest, blocks * 2);
                }
                earliest[blocks++] = Long.MAX_VALUE;
            }
            for (int i = from; i < out.size(); i++) {
                earliest[block] = Math.min(earliest[block], out.get(i).time());
            }
        }

        /** Turns each block's earliest time into the earliest of it and every block after it. */
        private long[] fromEachBlockOn() {
            long[] min = Arrays.copyOf(earliest, blocks + 1);
            min[blocks] = Long.MAX_VALUE;
            for (int b = blocks - 1; b >= 0; b--) {
                min[b] = Math.min(min[b], min[b + 1]);
            }
            return min;
        }
    }

    private record Pending(long seq, TraceEvent event) {}

    private final FastChunkReader.Decoder decoder;
    private final long[] earliestFrom;
    private final int[] stackIds;
    private final PriorityQueue<Pending> ready = new PriorityQueue<>((a, b) -> {
        int byTime = Long.compare(a.event.time(), b.event.time());
        return byTime != 0 ? byTime : Long.compare(a.seq, b.seq);
    });
    private final List<TraceEvent> scratch = new ArrayList<>(4);
    private int block;
    private long seq;
    private boolean done;

    private StreamedChunk(FastChunkReader.Decoder decoder, long[] earliestFrom, int[] stackIds) {
        this.decoder = decoder;
        this.earliestFrom = earliestFrom;
        this.stackIds = stackIds;
    }

    /**
     * Decodes {@code chunk} of {@code file} again, as surveyed; {@code stackIds} maps the chunk's
     * own stack ids to the analysis' (null: the same).
     */
    static StreamedChunk open(Path file, Chunk chunk, Survey survey, int[] stackIds) throws IOException {
        try {
            return new StreamedChunk(FastChunkReader.open(file, chunk, survey.stacks, survey.carriers), survey.fromEachBlockOn(),
                    stackIds);
        } catch (RuntimeException e) {
            throw new IOException(chunk.where() + " could not be read a second time (the file changed while it was read?): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean hasNext() {
        fill();
        return !ready.isEmpty();
    }

    @Override
    public long peekTime() {
        fill();
        return ready.element().event.time();
    }

    @Override
    public TraceEvent next() {
        fill();
        TraceEvent e = ready.remove().event;
        if (stackIds != null) {
            if (e instanceof TraceEvent.Blocked b && b.stack() >= 0) {
                return b.withStack(stackIds[b.stack()]);
            }
            if (e instanceof TraceEvent.ThreadSampled t && t.stack() >= 0) {
                return new TraceEvent.ThreadSampled(t.time(), t.task(), t.source(), t.state(), t.weight(), stackIds[t.stack()]);
            }
        }
        return e;
    }

    /** Decodes blocks until the earliest held record cannot be preceded by one still to decode. */
    private void fill() {
        while (!done && (ready.isEmpty() || ready.element().event.time() > earliestFrom[block])) {
            for (int i = 0; i < BLOCK; i++) {
                scratch.clear();
                if (!decoder.next(scratch)) {
                    done = true;
                    break;
                }
                for (TraceEvent e : scratch) {
                    ready.add(new Pending(seq++, e));
                }
            }
            block = Math.min(block + 1, earliestFrom.length - 1);
            if (done) {
                block = earliestFrom.length - 1;
            }
        }
    }
}
