package dev.blockscope.analyzer.read;

/**
 * One JFR chunk as its header describes it.
 *
 * @param index         0-based position in the file
 * @param offset        byte offset of the header
 * @param size          bytes the chunk occupies in the file (less than declared when truncated)
 * @param startNanos    chunk start, epoch nanoseconds (from the header)
 * @param durationNanos chunk duration from the header (0 when the chunk was never finished)
 * @param truncated     the file ends before the size the header declares
 */
public record Chunk(int index, long offset, long size, long startNanos, long durationNanos, boolean truncated) {
    /** End of the chunk in epoch nanoseconds. */
    public long endNanos() {
        return startNanos + durationNanos;
    }
}
