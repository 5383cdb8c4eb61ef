package dev.blockscope.analyzer.read;

/**
 * A chunk's ticks to epoch nanoseconds, computed exactly as the JDK's parser does (the ticks per
 * nanosecond are an integer division, then a double), so both readers agree to the nanosecond.
 * Below 1 GHz that division is 0 and the JDK's times are infinite; there the true ratio is used.
 * The header's tick rate is checked before ({@link ChunkHeader#fatal}).
 */
final class ChunkClock {
    private final long startNanos;
    private final long startTicks;
    private final double ticksPerNano;

    ChunkClock(long startNanos, long startTicks, long ticksPerSecond) {
        this.startNanos = startNanos;
        this.startTicks = startTicks;
        if (ticksPerSecond <= 0) {
            throw new ChunkDamageException("a tick rate of " + ticksPerSecond + " ticks/s");
        }
        this.ticksPerNano = ticksPerSecond >= 1_000_000_000L ? ticksPerSecond / 1_000_000_000L : ticksPerSecond / 1e9;
    }

    long nanos(long ticks) {
        return startNanos + (long) ((ticks - startTicks) / ticksPerNano);
    }
}
