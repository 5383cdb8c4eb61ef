package dev.blockscope.analyzer.read;

/**
 * A chunk's ticks to epoch nanoseconds, computed exactly as the JDK's parser does (the ticks per
 * nanosecond are an integer division, then a double), so both readers agree to the nanosecond.
 */
final class ChunkClock {
    private final long startNanos;
    private final long startTicks;
    private final double ticksPerNano;

    ChunkClock(long startNanos, long startTicks, long ticksPerSecond) {
        this.startNanos = startNanos;
        this.startTicks = startTicks;
        this.ticksPerNano = ticksPerSecond / 1_000_000_000L;
        if (ticksPerNano <= 0) {
            throw new UnsupportedRecordingException("a tick rate under 1 GHz (" + ticksPerSecond + " ticks/s)");
        }
    }

    long nanos(long ticks) {
        return startNanos + (long) ((ticks - startTicks) / ticksPerNano);
    }
}
