package dev.blockscope.analyzer.read;

/**
 * A chunk's ticks to epoch nanoseconds, computed as the JDK's parser does (its TimeConverter
 * divides by the ticks per nanosecond as a double), then moved onto the file's clock by the
 * chunk's {@link Chunk#clockShift() shift}: the JDK's parser reads every chunk on the first one's
 * clock, so both readers agree to the nanosecond (with a tick rate other than 1 GHz, to within
 * one, the shift being rounded on its own). The header's tick rate is checked before
 * ({@link ChunkHeader#fatal}).
 */
final class ChunkClock {
    private final long startNanos;
    private final long startTicks;
    private final double ticksPerNano;
    private final long shift;

    ChunkClock(long startNanos, long startTicks, long ticksPerSecond) {
        this(startNanos, startTicks, ticksPerSecond, 0);
    }

    ChunkClock(long startNanos, long startTicks, long ticksPerSecond, long shift) {
        if (ticksPerSecond <= 0) {
            throw new ChunkDamageException("a tick rate of " + ticksPerSecond + " ticks/s");
        }
        this.startNanos = startNanos;
        this.startTicks = startTicks;
        // A double, not a long division: on a CPU clock of 2.4 GHz a long division gave 2 ticks
        // per nanosecond, and every time in a recording made there 20% too late.
        this.ticksPerNano = (double) ticksPerSecond / 1_000_000_000L;
        this.shift = shift;
    }

    long nanos(long ticks) {
        return startNanos + (long) ((ticks - startTicks) / ticksPerNano) + shift;
    }

    /** The nanoseconds added to every time to put it on the file's clock. */
    long shift() {
        return shift;
    }
}
