package dev.blockscope.analyzer.read;

import java.util.List;

/**
 * One JFR chunk as its header describes it, with what the header got wrong.
 *
 * @param index         0-based position in the file
 * @param offset        byte offset of the header
 * @param size          bytes the chunk occupies in the file (less than declared when truncated)
 * @param startNanos    chunk start, epoch nanoseconds (its header's, on the file's clock)
 * @param durationNanos chunk duration from the header (0 when the chunk was never finished)
 * @param truncated     the file ends before the size the header declares, or the header
 *                      declares no final size (a chunk the JVM never finished): its metadata and
 *                      constant pools are then found by walking its events
 * @param damage        implausible values in the header, in words naming their bytes (the chunk
 *                      is still read, the header's offsets not trusted)
 * @param unreadable    why none of the chunk can be read (a version not supported, a tick rate
 *                      that makes every time meaningless), or null
 * @param clockShift    nanoseconds added to each time its own header's clock gives, to put it on
 *                      the file's clock (see {@link ChunkScanner}); already added to
 *                      {@code startNanos}
 */
public record Chunk(int index, long offset, long size, long startNanos, long durationNanos, boolean truncated,
                    List<String> damage, String unreadable, long clockShift) {
    /** A chunk whose header is sound, on its own clock. */
    public Chunk(int index, long offset, long size, long startNanos, long durationNanos, boolean truncated) {
        this(index, offset, size, startNanos, durationNanos, truncated, List.of(), null, 0);
    }

    /** End of the chunk in epoch nanoseconds. */
    public long endNanos() {
        return startNanos + durationNanos;
    }

    /** Whether the header can be trusted whole: finished, complete, every value plausible. */
    public boolean sound() {
        return !truncated && damage.isEmpty() && unreadable == null;
    }

    /** "chunk 2 (bytes 1000-2000)". */
    public String where() {
        return "chunk " + index + " (bytes " + offset + "-" + (offset + size) + ")";
    }
}
