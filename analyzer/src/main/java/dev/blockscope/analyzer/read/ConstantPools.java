package dev.blockscope.analyzer.read;

import java.util.HashMap;
import java.util.Map;

/**
 * A chunk's constant pools (threads, stack traces, methods, classes, symbols, strings, ...),
 * resolved lazily: reading the checkpoint events only records where each entry is; an entry is
 * decoded the first time an event refers to it, and kept.
 *
 * <p>Checkpoint layout: size, type id 1, start, duration, delta to the previous checkpoint (0 for
 * the first), a type byte, the pool count, and per pool its type id, entry count and entries
 * (key, then the value encoded by the type's fields). The header points at the last checkpoint.
 */
final class ConstantPools {
    private final JfrMetadata metadata;
    private final ChunkInput in;
    private final Map<Long, PoolIndex> pools = new HashMap<>();
    private final PoolIndex strings;
    private final JfrType stringType;

    ConstantPools(JfrMetadata metadata, ChunkInput chunk, int lastCheckpoint) {
        this.metadata = metadata;
        this.in = chunk.copy();
        int offset = lastCheckpoint;
        int seen = 0;
        while (true) {
            in.pos = offset;
            in.readInt(); // size
            long typeId = in.readLong();
            if (typeId != 1) {
                throw new IllegalStateException("no checkpoint event at chunk offset " + offset + " (type id " + typeId + ")");
            }
            in.readLong(); // start
            in.readLong(); // duration
            long delta = in.readLong();
            in.readByte(); // checkpoint type (flush, chunk header, ...)
            int poolCount = in.readInt();
            for (int p = 0; p < poolCount; p++) {
                long poolType = in.readLong();
                JfrType type = metadata.type(poolType);
                if (type == null) {
                    throw new UnsupportedRecordingException("constant pool of undeclared type id " + poolType);
                }
                PoolIndex index = pools.computeIfAbsent(poolType, k -> new PoolIndex());
                int count = in.readInt();
                for (int e = 0; e < count; e++) {
                    long key = in.readLong();
                    // A key appears once per chunk in practice; were it repeated, the last one read
                    // (walking backwards: the oldest) would win, as in the JDK's parser.
                    index.put(key, in.pos);
                    type.skipValue(in);
                }
            }
            if (delta == 0 || ++seen > 1_000_000) {
                break;
            }
            offset += (int) delta;
        }
        JfrType s = metadata.type("java.lang.String");
        this.stringType = s;
        this.strings = s == null ? new PoolIndex() : pools.getOrDefault(s.id, new PoolIndex());
    }

    /** The pool of {@code typeId} (empty when the chunk has none). */
    PoolIndex pool(long typeId) {
        return pools.getOrDefault(typeId, EMPTY);
    }

    private static final PoolIndex EMPTY = new PoolIndex();

    /**
     * The value of entry {@code key} of the pool of {@code type} decoded by
     * {@link JfrType#decodeValue}, or null when the pool has no such key (a null reference).
     */
    Object value(JfrType type, long key) {
        PoolIndex pool = pool(type.id);
        int offset = pool.offset(key);
        if (offset < 0) {
            return null;
        }
        int saved = in.pos;
        in.pos = offset;
        try {
            return type.decodeValue(in, this);
        } finally {
            in.pos = saved;
        }
    }

    /** The string with {@code key} in the string pool, or null. */
    String string(long key) {
        Object cached = strings.resolved(key);
        if (cached != null) {
            return (String) cached;
        }
        if (stringType == null) {
            return null;
        }
        String s = (String) value(stringType, key);
        if (s != null) {
            strings.resolve(key, s);
        }
        return s;
    }

    JfrMetadata metadata() {
        return metadata;
    }
}
