package dev.blockscope.analyzer.read;

import java.util.Arrays;

/**
 * Where a chunk's events are, found by walking their size prefixes from the header on, without
 * trusting the header's offsets: the metadata and checkpoint events (type ids 0 and 1) and the
 * first place the walk could not go on. The JDK writes the metadata near the chunk's start and a
 * checkpoint at every flush, so a chunk cut short, or whose header offsets are damaged, still
 * yields its events up to the cut, and each checkpoint's pools resolve the events before it.
 */
final class ChunkWalk {
    /** Chunk offset just after the last whole event. */
    final int end;
    /** Chunk offsets of the metadata events, in file order. */
    final int[] metadata;
    /** Chunk offsets of the checkpoint events, in file order. */
    final int[] checkpoints;
    /** Start ticks of the earliest and latest metadata or checkpoint event (Long.MAX/MIN when none). */
    final long firstSpecialTicks;
    final long lastSpecialTicks;
    /**
     * Start ticks of the earliest metadata event (Long.MAX_VALUE when none): the JVM writes it as
     * the chunk opens, so it is the clock's witness for the chunk's start. Checkpoints are not:
     * at a chunk's end the JDK writes small ones stamped with when their thread's entry was made,
     * seconds to minutes before the chunk began.
     */
    final long firstMetadataTicks;
    /** Why the walk stopped before the end of the bytes, in words, or null when it reached it. */
    final String stop;
    /** True when the walk stopped because the bytes ended inside an event (a cut), not at a bad size. */
    final boolean cut;

    private ChunkWalk(int end, int[] metadata, int[] checkpoints, long first, long last, long firstMetadata, String stop,
                      boolean cut) {
        this.end = end;
        this.metadata = metadata;
        this.checkpoints = checkpoints;
        this.firstSpecialTicks = first;
        this.lastSpecialTicks = last;
        this.firstMetadataTicks = firstMetadata;
        this.stop = stop;
        this.cut = cut;
    }

    /** Walks the events of the chunk in {@code in}, whose first byte is at file offset {@code chunkOffset}. */
    static ChunkWalk of(ChunkInput in, long chunkOffset) {
        int limit = in.limit();
        int[] meta = new int[4];
        int metas = 0;
        int[] cps = new int[64];
        int cpCount = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long firstMetadata = Long.MAX_VALUE;
        int pos = ChunkHeader.SIZE;
        String stop = null;
        boolean cut = false;
        while (pos < limit) {
            long size;
            long type;
            long ticks;
            try {
                in.pos = pos;
                size = in.readLong();
                type = in.readLong();
                ticks = type <= 1 ? in.readLong() : 0;
            } catch (IndexOutOfBoundsException e) {
                stop = "the data ends inside the event at chunk offset " + pos + " (byte " + (chunkOffset + pos) + ")";
                cut = true;
                break;
            }
            if (size <= 0 || size > Integer.MAX_VALUE) {
                stop = "an event of size " + size + " at chunk offset " + pos + " (byte " + (chunkOffset + pos)
                        + "): the rest of the chunk cannot be walked";
                break;
            }
            if (pos + size > limit) {
                stop = "the data ends inside the event at chunk offset " + pos + " (byte " + (chunkOffset + pos) + ", "
                        + size + " bytes long)";
                cut = true;
                break;
            }
            if (type == 0 || type == 1) {
                if (type == 0) {
                    meta = grow(meta, metas);
                    meta[metas++] = pos;
                    firstMetadata = Math.min(firstMetadata, ticks);
                } else {
                    cps = grow(cps, cpCount);
                    cps[cpCount++] = pos;
                }
                first = Math.min(first, ticks);
                last = Math.max(last, ticks);
            }
            pos += (int) size;
        }
        return new ChunkWalk(stop == null ? limit : pos, Arrays.copyOf(meta, metas), Arrays.copyOf(cps, cpCount), first, last,
                firstMetadata, stop, cut);
    }

    private static int[] grow(int[] a, int n) {
        return n < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }

    /** Whether {@code offset} is one of the checkpoints walked. */
    boolean isCheckpoint(long offset) {
        return contains(checkpoints, offset);
    }

    /** Whether {@code offset} is one of the metadata events walked. */
    boolean isMetadata(long offset) {
        return contains(metadata, offset);
    }

    private static boolean contains(int[] a, long v) {
        return v >= 0 && v <= Integer.MAX_VALUE && Arrays.binarySearch(a, (int) v) >= 0; // offsets ascend: walked in order
    }
}
