package dev.blockscope.analyzer.read;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A chunk's 68-byte header as written, and what in it cannot be true. Layout (big-endian): magic
 * "FLR\0", major and minor version (2 bytes each), chunk size, constant pool offset, metadata
 * offset, start nanos, duration nanos, start ticks, ticks per second (8 bytes each), then in 2.x
 * the file state byte (0 once the chunk is finished), two padding bytes and a flag byte; in 1.x
 * the same four bytes are a feature word whose low bit says integers are compressed.
 *
 * <p>Nothing read from a file is trusted before it is checked here: the JDK's own reader waits
 * forever for a chunk whose header says it is unfinished, and one bad value (a tick rate of 0)
 * turned every time in the chunk into nonsense.
 */
final class ChunkHeader {
    static final int SIZE = 68;
    static final int MAGIC = 0x464C5200; // "FLR\0"
    static final int SIZE_AT = 8;
    static final int CONSTANT_POOLS_AT = 16;
    static final int METADATA_AT = 24;
    static final int START_NANOS_AT = 32;
    static final int DURATION_AT = 40;
    static final int START_TICKS_AT = 48;
    static final int TICKS_PER_SECOND_AT = 56;

    /** Tick rates a JVM uses: its nanosecond clock (1 GHz) or the CPU's time stamp counter (a few GHz). */
    static final long MIN_TICKS_PER_SECOND = 1_000_000L;
    static final long MAX_TICKS_PER_SECOND = 100_000_000_000L;
    /** Chunk starts outside 2000-01-01 .. 2100-01-01 (epoch nanos) are damage, not recordings. */
    static final long MIN_START_NANOS = 946_684_800L * 1_000_000_000L;
    static final long MAX_START_NANOS = 4_102_444_800L * 1_000_000_000L;

    final short major;
    final short minor;
    final long size;
    final long constantPools;
    final long metadata;
    final long startNanos;
    final long durationNanos;
    final long startTicks;
    final long ticksPerSecond;
    final byte state;
    final int features;

    /** Reads the header at the start of {@code h} (at least {@link #SIZE} bytes). */
    ChunkHeader(ByteBuffer h) {
        major = h.getShort(4);
        minor = h.getShort(6);
        size = h.getLong(SIZE_AT);
        constantPools = h.getLong(CONSTANT_POOLS_AT);
        metadata = h.getLong(METADATA_AT);
        startNanos = h.getLong(START_NANOS_AT);
        durationNanos = h.getLong(DURATION_AT);
        startTicks = h.getLong(START_TICKS_AT);
        ticksPerSecond = h.getLong(TICKS_PER_SECOND_AT);
        state = h.get(64);
        features = h.getInt(64);
    }

    /** Whether the JVM finished this chunk: a final size and, in 2.x, file state 0. */
    boolean finished() {
        return size >= SIZE && (major == 1 || state == 0);
    }

    /** Integers are LEB128-compressed (always in 2.x; a feature bit in 1.x). */
    boolean compressedIntegers() {
        return major != 1 || (features & 1) != 0;
    }

    /** Null for a version blockscope reads, else why not, in words for the user. */
    String unsupportedVersion() {
        if (major == 1 || major == 2) {
            return null;
        }
        String version = "JFR format version " + major + "." + minor;
        String readable = " is not supported: blockscope reads versions 1.x (JDK 9 and 10) and 2.x (JDK 11 and later, "
                + "OpenJDK 8u262 and later)";
        return major == 0 ? version + " (the Flight Recorder of Oracle JDK 7 and 8)" + readable : version + readable;
    }

    /**
     * A value without which no time in the chunk can be computed (the tick rate), or null. A
     * chunk with one is skipped whole: every event time would be wrong.
     */
    String fatal(long chunkOffset) {
        if (ticksPerSecond < MIN_TICKS_PER_SECOND || ticksPerSecond > MAX_TICKS_PER_SECOND) {
            return "implausible tick rate " + ticksPerSecond + " ticks/s in its header (byte "
                    + (chunkOffset + TICKS_PER_SECOND_AT) + "; JVMs use 1 GHz or their CPU's clock rate), so no time in it can be computed";
        }
        return null;
    }

    /**
     * What else in the header is implausible, each naming the byte where it is; the chunk is
     * still read, finding what the header should have said by walking its events.
     */
    List<String> problems(long chunkOffset, long available) {
        List<String> p = new ArrayList<>();
        if (startNanos < MIN_START_NANOS || startNanos > MAX_START_NANOS) {
            p.add("implausible start time " + startNanos + " ns since 1970 in its header (byte " + (chunkOffset + START_NANOS_AT)
                    + "); its events' times are relative to it");
        }
        if (durationNanos < 0) {
            p.add("negative duration " + durationNanos + " ns in its header (byte " + (chunkOffset + DURATION_AT) + ")");
        }
        long end = finished() ? Math.min(size, available) : available;
        if (finished() && (constantPools < SIZE || constantPools >= end)) {
            p.add("its header's constant pool offset " + constantPools + " (byte " + (chunkOffset + CONSTANT_POOLS_AT)
                    + ") is outside the chunk");
        }
        if (finished() && (metadata < SIZE || metadata >= end)) {
            p.add("its header's metadata offset " + metadata + " (byte " + (chunkOffset + METADATA_AT) + ") is outside the chunk");
        }
        return p;
    }
}
