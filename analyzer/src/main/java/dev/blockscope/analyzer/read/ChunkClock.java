package dev.blockscope.analyzer.read;

/**
 * A chunk's ticks to epoch nanoseconds, computed exactly as the JDK's parser does (its
 * TimeConverter divides by the ticks per nanosecond as a double), so both readers agree to the
 * nanosecond. The header's tick rate is checked before ({@link ChunkHeader#fatal}).
 */
final class ChunkClock {
    private final long startNanos;
    private final long startTicks;
    private final double ticksPerNano;

    ChunkClock(long startNanos, long startTicks, long ticksPerSecond) {
        if (ticksPerSecond <= 0) {
            throw new ChunkDamageException("a tick rate of " + ticksPerSecond + " ticks/s");
        }
        this.startNanos = startNanos;
        this.startTicks = startTicks;
        // A double, not a long division: on a CPU clock of 2.4 GHz a long division gave 2 ticks
        // per nanosecond, and every time in a recording made there 20% too late.
        this.ticksPerNano = (double) ticksPerSecond / 1_000_000_000L;
    }

    long nanos(long ticks) {
        return startNanos + (long) ((ticks - startTicks) / ticksPerNano);
    }
}
