package dev.blockscope.agent.bridge;

import java.nio.charset.StandardCharsets;

/**
 * A growable byte array in JFR's encoding, for the parts of a chunk the {@link ChunkRecorder}
 * writes itself (header, constant pools, metadata): variable-length integers as
 * {@link EventBuffer#putLong}, strings with their encoding byte, and the header's fixed-size
 * big-endian fields.
 */
final class ChunkBytes {
    private byte[] data;
    private int size;

    ChunkBytes(int capacity) {
        data = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    byte[] array() {
        return data;
    }

    void clear() {
        size = 0;
    }

    private void room(int n) {
        if (size + n > data.length) {
            data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + n));
        }
    }

    ChunkBytes putByte(int b) {
        room(1);
        data[size++] = (byte) b;
        return this;
    }

    ChunkBytes putBytes(byte[] b, int from, int length) {
        room(length);
        System.arraycopy(b, from, data, size, length);
        size += length;
        return this;
    }

    /** A variable-length long (also how JFR writes ints, shorts and chars). */
    ChunkBytes putLong(long v) {
        room(9);
        size = EventBuffer.putLong(data, size, v);
        return this;
    }

    ChunkBytes putBoolean(boolean v) {
        return putByte(v ? 1 : 0);
    }

    /** Encoding bytes of JFR's string encoding. */
    private static final int STRING_NULL = 0;
    private static final int STRING_EMPTY = 1;
    private static final int STRING_UTF8 = 3;

    /** A string written out (not through the string pool), or null. */
    ChunkBytes putString(String s) {
        if (s == null) {
            return putByte(STRING_NULL);
        }
        if (s.isEmpty()) {
            return putByte(STRING_EMPTY);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        putByte(STRING_UTF8);
        putLong(utf8.length);
        return putBytes(utf8, 0, utf8.length);
    }

    /** A fixed-size big-endian long, as in the chunk header. */
    ChunkBytes putRawLong(long v) {
        room(8);
        for (int i = 7; i >= 0; i--) {
            data[size++] = (byte) (v >>> (i * 8));
        }
        return this;
    }

    ChunkBytes putRawShort(int v) {
        room(2);
        data[size++] = (byte) (v >>> 8);
        data[size++] = (byte) v;
        return this;
    }

    /**
     * Appends {@code body} as one event: its size first (a variable-length int that counts
     * itself), then the body, as JFR frames its metadata and checkpoint events.
     */
    ChunkBytes putEvent(ChunkBytes body) {
        putLong(framedSize(body.size));
        return putBytes(body.data, 0, body.size);
    }

    /** The size of an event whose fields take {@code n} bytes: {@code n} and the size's own bytes. */
    static int framedSize(int n) {
        int total = n + 1;
        while (total != n + varintLength(total)) {
            total = n + varintLength(total);
        }
        return total;
    }

    /** Bytes {@code v} takes as a variable-length integer. */
    static int varintLength(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0 && n < 9) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
