package dev.blockscope.analyzer.read;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over one chunk's bytes (a mapped buffer, so a chunk costs no heap), decoding JFR's
 * primitives: LEB128-compressed integers (seven bits a byte, the ninth byte whole) and strings
 * with their encoding byte. Reading past the chunk throws IndexOutOfBoundsException, which the
 * reader treats as damage.
 */
final class ChunkInput {
    static final byte STRING_NULL = 0;
    static final byte STRING_EMPTY = 1;
    static final byte STRING_POOL = 2;
    static final byte STRING_UTF8 = 3;
    static final byte STRING_CHARS = 4;
    static final byte STRING_LATIN1 = 5;

    private final ByteBuffer buf;
    int pos;

    ChunkInput(ByteBuffer buf) {
        this.buf = buf;
    }

    /** A second cursor on the same bytes (constant pools are resolved while events are read). */
    ChunkInput copy() {
        return new ChunkInput(buf);
    }

    int limit() {
        return buf.limit();
    }

    byte readByte() {
        return buf.get(pos++);
    }

    long readLong() {
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            byte b = buf.get(pos++);
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        return result | (long) (buf.get(pos++) & 0xFF) << 56;
    }

    int readInt() {
        return (int) readLong();
    }

    short rawShort(int at) {
        return buf.getShort(at);
    }

    long rawLong(int at) {
        return buf.getLong(at);
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
                int size = readInt();
                byte[] bytes = new byte[size];
                buf.get(pos, bytes);
                pos += size;
                return new String(bytes, encoding == STRING_UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            }
            case STRING_CHARS: {
                int size = readInt();
                char[] chars = new char[size];
                for (int i = 0; i < size; i++) {
                    chars[i] = (char) readLong();
                }
                return new String(chars);
            }
            default:
                throw new UnsupportedRecordingException("string encoding " + encoding + " at chunk offset " + (pos - 1));
        }
    }

    void skipString() {
        byte encoding = readByte();
        switch (encoding) {
            case STRING_NULL, STRING_EMPTY -> { }
            case STRING_POOL -> readLong();
            case STRING_UTF8, STRING_LATIN1 -> {
                int size = readInt();
                pos += size;
            }
            case STRING_CHARS -> {
                int size = readInt();
                for (int i = 0; i < size; i++) {
                    readLong();
                }
            }
            default -> throw new UnsupportedRecordingException("string encoding " + encoding + " at chunk offset " + (pos - 1));
        }
    }
}
