package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * The fast reader's backend of {@link EventFields}: the fields of the event being read, decoded
 * straight from the chunk into slots (numbers, booleans and constant-pool keys in {@code longs},
 * inline strings in {@code strings}); references resolve through the chunk's
 * {@link ChunkObjects}. One instance per chunk, reused for every event.
 */
final class DecodedFields implements EventFields {
    final long[] longs = new long[EventTable.MAX_SLOTS];
    final String[] strings = new String[EventTable.MAX_SLOTS];
    final boolean[] present = new boolean[EventTable.MAX_SLOTS];
    final ConstantPools pools;
    private final CarrierRefs carriers;
    private final dev.blockscope.analyzer.model.LongMap<ThreadRef> wakers = new dev.blockscope.analyzer.model.LongMap<>();
    private final ChunkObjects objects;
    private final ChunkClock clock;
    /**
     * What to add to the epoch times written in fields: the chunk's clock shift in the agent's
     * chunks, whose header pairs ticks with epoch time as the agent did when it wrote them; 0 in
     * the JDK's, where such a field (an older agent's) was written on the agent's pairing, not the
     * chunk's, and is left as written.
     */
    private long epochShift;

    DecodedFields(ChunkObjects objects, ConstantPools pools, ChunkClock clock) {
        this(objects, pools, clock, new CarrierRefs());
    }

    /** As above, with the chunk's carriers named beforehand (a second decoding of the chunk). */
    DecodedFields(ChunkObjects objects, ConstantPools pools, ChunkClock clock, CarrierRefs carriers) {
        this.carriers = carriers;
        this.objects = objects;
        this.pools = pools;
        this.clock = clock;
    }

    /** Fields holding epoch times are of the agent's own chunk: moved onto the file's clock with its times. */
    void agentChunk() {
        epochShift = clock.shift();
    }

    @Override
    public long start() {
        return clock.nanos(longs[0]);
    }

    @Override
    public long end() {
        return clock.nanos(longs[0] + (present[1] ? longs[1] : 0));
    }

    @Override
    public boolean present(int slot) {
        return present[slot];
    }

    @Override
    public long lng(int slot) {
        return present[slot] ? longs[slot] : 0;
    }

    @Override
    public long epoch(int slot) {
        long nanos = lng(slot);
        return nanos == 0 ? 0 : nanos + epochShift;
    }

    @Override
    public boolean bool(int slot) {
        return present[slot] && longs[slot] != 0;
    }

    @Override
    public String string(int slot) {
        return present[slot] ? strings[slot] : null;
    }

    /** A float field, decoded as its raw bits. */
    @Override
    public double flt(int slot) {
        return present[slot] ? Float.intBitsToFloat((int) longs[slot]) : 0;
    }

    @Override
    public String threadState(int slot) {
        return present[slot] ? objects.threadState(longs[slot]) : null;
    }

    @Override
    public ThreadRef thread(int slot) {
        return present[slot] ? objects.thread(longs[slot]) : null;
    }

    @Override
    public int stack(int slot) {
        return present[slot] ? objects.stack(longs[slot]) : TraceEvent.NO_STACK;
    }

    @Override
    public int stackText(int slot) {
        return objects.stackText(string(slot));
    }

    @Override
    public String className(int slot) {
        return present[slot] ? objects.className(longs[slot]) : null;
    }

    @Override
    public CarrierRefs carriers() {
        return carriers;
    }

    @Override
    public dev.blockscope.analyzer.model.LongMap<ThreadRef> wakers() {
        return wakers;
    }
}
