package dev.blockscope.analyzer.read;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one chunk's bytes (held in a byte array: decoding from an array is about twice as
 * fast as from a mapped buffer, for the heap of one chunk while it is parsed; a chunk larger than a
 * sixteenth of the heap is mapped instead, see {@link FastChunkReader#MAP_PROPERTY}), decoding JFR's
 * primitives: LEB128-compressed integers (seven bits a byte, the ninth byte whole) and strings
 * with their encoding byte. Reading past the chunk throws IndexOutOfBoundsException, which the
 * reader treats as damage; a length or count read from the chunk is checked against the bytes
 * left ({@link #count}) before anything is allocated for it.
 */
final class ChunkInput {
    static final byte STRING_NULL = 0;
    static final byte STRING_EMPTY = 1;
    static final byte STRING_POOL = 2;
    static final byte STRING_UTF8 = 3;
    static final byte STRING_CHARS = 4;
    static final byte STRING_LATIN1 = 5;

    /** The chunk in the heap, or null when it is read from {@link #buf} (a chunk mapped from the file). */
    private final byte[] bytes;
    private final ByteBuffer buf;
    private final int limit;
    int pos;

    ChunkInput(byte[] bytes) {
        this.bytes = bytes;
        this.buf = ByteBuffer.wrap(bytes);
        this.limit = bytes.length;
    }

    /**
     * A chunk read from a buffer mapped from the file, not copied into the heap: a chunk of tens
     * of megabytes, held while it is decoded (twice, when streamed), would take a small heap.
     */
    ChunkInput(ByteBuffer mapped) {
        this.bytes = null;
        this.buf = mapped;
        this.limit = mapped.limit();
    }

    /** A second cursor on the same bytes (constant pools are resolved while events are read). */
    ChunkInput copy() {
        return bytes != null ? new ChunkInput(bytes) : new ChunkInput(buf);
    }

    /** The chunk's bytes as a buffer (positions are chunk offsets). */
    ByteBuffer buffer() {
        return buf.duplicate();
    }

    int limit() {
        return limit;
    }

    private byte at(int p) {
        return bytes != null ? bytes[p] : buf.get(p);
    }

    /**
     * A count or length just read ({@code n}) of things each at least {@code minBytes} long: it
     * cannot exceed what is left of the chunk, so a damaged one is caught before it allocates.
     */
    int count(long n, int minBytes) {
        if (n < 0 || n * minBytes > limit - pos) {
            throw new ChunkDamageException("a count of " + n + " at chunk offset " + pos + " with only "
                    + (limit - pos) + " bytes left");
        }
        return (int) n;
    }

    byte readByte() {
        return at(pos++);
    }

    long readLong() {
        byte[] b = bytes;
        if (b == null) {
            return readLongMapped();
        }
        int p = pos;
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte x = b[p++];
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                pos = p;
                return result;
            }
        }
        pos = p + 1;
        return result | (long) (b[p] & 0xFF) << 56;
    }

    private long readLongMapped() {
        ByteBuffer b = buf;
        int p = pos;
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte x = b.get(p++);
            result |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                pos = p;
                return result;
            }
        }
        pos = p + 1;
        return result | (long) (b.get(p) & 0xFF) << 56;
    }

    /** Four bytes, big-endian (a float's bits). */
    int readRawInt() {
        int v = buf.getInt(pos);
        pos += 4;
        return v;
    }

    int readInt() {
        return (int) readLong();
    }

    /**
     * A string; {@code pool} resolves encoding 2 (a reference into the chunk's string pool) and
     * may be null where such a reference cannot occur (the metadata's own string table).
     */
    String readString(ConstantPools pool) {
        byte encoding = readByte();
        switch (encoding) {
            case STRING_NULL:
                return null;
            case STRING_EMPTY:
                return "";
            case STRING_POOL: {
                long key = readLong();
                if (pool == null) {
                    throw new UnsupportedRecordingException("a string constant-pool reference in the metadata");
                }
                return pool.string(key);
            }
            case STRING_UTF8:
            case STRING_LATIN1: {
                int size = count(readLong(), 1);
                if (size <= CACHED_MAX) {
                    return cached(size, encoding);
                }
                java.nio.charset.Charset cs = encoding == STRING_UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
                String s = bytes != null ? new String(bytes, pos, size, cs) : new String(mapped(size), 0, size, cs);
                pos += size;
                return s;
            }
            case STRING_CHARS: {
                int size = count(readLong(), 1);
                char[] chars = new char[size];
                for (int i = 0; i < size; i++) {
                    chars[i] = (char) readLong();
                }
                return new String(chars);
            }
            default:
                throw new ChunkDamageException("string encoding " + encoding + " at chunk offset " + (pos - 1));
        }
    }

    // Events carry short strings inline (a reason, a probe name), the same few over and over: one
    // String per distinct text instead of one per event saves the garbage and the retained heap.
    private static final int CACHED_MAX = 64;
    private final byte[][] cachedBytes = new byte[1024][];
    private final String[] cachedStrings = new String[1024];

    private String cached(int size, byte encoding) {
        int h = encoding;
        for (int i = 0; i < size; i++) {
            h = 31 * h + at(pos + i);
        }
        int slot = (h ^ h >>> 16) & (cachedBytes.length - 1);
        byte[] known = cachedBytes[slot];
        if (known != null && known.length == size + 1 && known[size] == encoding && sameBytes(known, size)) {
            pos += size;
            return cachedStrings[slot];
        }
        byte[] copy = new byte[size + 1];
        for (int i = 0; i < size; i++) {
            copy[i] = at(pos + i);
        }
        copy[size] = encoding;
        String s = new String(copy, 0, size, encoding == STRING_UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        pos += size;
        cachedBytes[slot] = copy;
        cachedStrings[slot] = s;
        return s;
    }

    private boolean sameBytes(byte[] known, int size) {
        for (int i = 0; i < size; i++) {
            if (at(pos + i) != known[i]) {
                return false;
            }
        }
        return true;
    }

    /** A mapped chunk's {@code size} bytes at {@link #pos}, copied. */
    private byte[] mapped(int size) {
        byte[] out = new byte[size];
        buf.get(pos, out);
        return out;
    }

    void skipString() {
        byte encoding = readByte();
        switch (encoding) {
            case STRING_NULL, STRING_EMPTY -> { }
            case STRING_POOL -> readLong();
            case STRING_UTF8, STRING_LATIN1 -> {
                int size = count(readLong(), 1);
                pos += size;
            }
            case STRING_CHARS -> {
                int size = count(readLong(), 1);
                for (int i = 0; i < size; i++) {
                    readLong();
                }
            }
            default -> throw new ChunkDamageException("string encoding " + encoding + " at chunk offset " + (pos - 1));
        }
    }
}
