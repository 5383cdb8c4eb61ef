package dev.blockscope.analyzer.read;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte-level damage to a recording, as disks, transfers and other tools do it: header fields
 * overwritten, bits flipped, varints maximal, the file cut or grown. Each method returns a new
 * array; the input is never changed.
 */
public final class Mutations {
    /** Byte offsets of the header's fields (JFR 1.x and 2.x, big-endian). */
    public static final int SIZE = 8;
    public static final int CONSTANT_POOLS = 16;
    public static final int METADATA = 24;
    public static final int START_NANOS = 32;
    public static final int DURATION = 40;
    public static final int START_TICKS = 48;
    public static final int TICKS_PER_SECOND = 56;
    public static final int HEADER = 68;

    private Mutations() {}

    /** The chunk header's long at {@code field} of the chunk at {@code chunk}. */
    public static long headerLong(byte[] file, int chunk, int field) {
        return ByteBuffer.wrap(file).getLong(chunk + field);
    }

    /** {@code file} with the header long at {@code chunk + field} set to {@code value}. */
    public static byte[] withHeaderLong(byte[] file, int chunk, int field, long value) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).putLong(chunk + field, value);
        return copy;
    }

    /** {@code file} with bit {@code bit} of the header long at {@code chunk + field} flipped. */
    public static byte[] flipHeaderBit(byte[] file, int chunk, int field, int bit) {
        return withHeaderLong(file, chunk, field, headerLong(file, chunk, field) ^ (1L << bit));
    }

    /** {@code file} with bit {@code bit} (0-7) of byte {@code at} flipped. */
    public static byte[] flipBit(byte[] file, int at, int bit) {
        byte[] copy = file.clone();
        copy[at] ^= (byte) (1 << bit);
        return copy;
    }

    /** The first {@code length} bytes. */
    public static byte[] cut(byte[] file, int length) {
        return Arrays.copyOf(file, length);
    }

    /** {@code file} followed by {@code more}. */
    public static byte[] append(byte[] file, byte[] more) {
        byte[] out = Arrays.copyOf(file, file.length + more.length);
        System.arraycopy(more, 0, out, file.length, more.length);
        return out;
    }

    /** One event of a chunk as its size prefix tells: where it starts, its size and its type id. */
    public record Event(int offset, int size, long type, int bodyOffset) {}

    /** The events of the chunk at {@code chunk}, walked by their size prefixes up to the first bad one. */
    public static List<Event> events(byte[] file, int chunk) {
        long chunkSize = headerLong(file, chunk, SIZE);
        int end = (int) Math.min(file.length, chunkSize <= 0 ? file.length : chunk + chunkSize);
        List<Event> events = new ArrayList<>();
        int pos = chunk + HEADER;
        while (pos < end) {
            long[] size = varint(file, pos);
            long[] type = varint(file, (int) size[1]);
            if (size[0] <= 0 || pos + size[0] > end) {
                break;
            }
            events.add(new Event(pos, (int) size[0], type[0], (int) type[1]));
            pos += (int) size[0];
        }
        return events;
    }

    /**
     * {@code file} with a maximal varint (nine bytes, all bits set: -1) written over the first
     * field of {@code event}'s body, its start time; the bytes after it in the event are then
     * misread too, as with any corrupted field.
     */
    public static byte[] maximalVarint(byte[] file, Event event, byte last) {
        byte[] copy = file.clone();
        int at = event.bodyOffset();
        int room = event.offset() + event.size() - at;
        for (int i = 0; i < Math.min(9, room); i++) {
            copy[at + i] = (byte) 0xFF;
        }
        if (room >= 9) {
            copy[at + 8] = last;
        }
        return copy;
    }

    /**
     * {@code file} with the start ticks of {@code event} (the first field of its body) set to
     * {@code ticks}, written in as many bytes as the old value took (LEB128 allows the padding the
     * JDK itself writes), so no offset moves.
     */
    public static byte[] withStartTicks(byte[] file, Event event, long ticks) {
        byte[] copy = file.clone();
        int at = event.bodyOffset();
        int length = (int) (varint(file, at)[1] - at);
        long v = ticks;
        for (int i = 0; i < length; i++) {
            boolean more = i < length - 1;
            copy[at + i] = (byte) ((v & 0x7F) | (more ? 0x80 : 0));
            v >>>= 7;
        }
        if (v != 0) {
            throw new IllegalArgumentException(ticks + " does not fit in " + length + " bytes");
        }
        return copy;
    }

    /** A LEB128 varint at {@code pos}: {value, position after it}. */
    static long[] varint(byte[] b, int pos) {
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            if (pos >= b.length) {
                return new long[] {-1, pos};
            }
            byte x = b[pos++];
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return new long[] {result, pos};
            }
        }
        if (pos >= b.length) {
            return new long[] {-1, pos};
        }
        return new long[] {result | (long) (b[pos] & 0xFF) << 56, pos + 1};
    }
}
