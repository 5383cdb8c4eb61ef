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
 * (key, then the value encoded by the type's fields). The checkpoints are those a walk of the
 * chunk found ({@link ChunkWalk}), not the header's chain of deltas, so a chunk cut short keeps
 * the pools written before the cut. A checkpoint that cannot be read costs only its own entries.
 */
final class ConstantPools {
    private final JfrMetadata metadata;
    private final ChunkInput in;
    /** By type id; a primitive map: {@link #pool} is called for each pooled value an event refers to. */
    private final dev.blockscope.analyzer.model.LongMap<PoolIndex> pools = new dev.blockscope.analyzer.model.LongMap<>();
    private final PoolIndex strings;
    private final JfrType stringType;

    /** Checkpoints that could not be read whole, each in words. */
    final java.util.List<String> damage = new java.util.ArrayList<>();

    ConstantPools(JfrMetadata metadata, ChunkInput chunk, int[] checkpoints) {
        this.metadata = metadata;
        this.in = chunk.copy();
        for (int offset : checkpoints) {
            try {
                index(offset);
            } catch (RuntimeException e) {
                damage.add("the checkpoint at chunk offset " + offset + " could not be read whole (" + e.getMessage() + ")");
            }
        }
        JfrType s = metadata.type("java.lang.String");
        this.stringType = s;
        this.strings = s == null || pools.get(s.id) == null ? new PoolIndex() : pools.get(s.id);
    }

    private void index(int offset) {
        in.pos = offset;
        in.readInt(); // size
        long typeId = in.readLong();
        if (typeId != 1) {
            throw new ChunkDamageException("no checkpoint event at chunk offset " + offset + " (type id " + typeId + ")");
        }
        in.readLong(); // start
        in.readLong(); // duration
        in.readLong(); // delta to the previous checkpoint: the walk found them all
        in.readByte(); // checkpoint type (flush, chunk header, ...)
        int poolCount = in.count(in.readLong(), 2);
        for (int p = 0; p < poolCount; p++) {
            long poolType = in.readLong();
            JfrType type = metadata.type(poolType);
            if (type == null) {
                throw new ChunkDamageException("constant pool of undeclared type id " + poolType);
            }
            PoolIndex index = pools.computeIfAbsent(poolType, k -> new PoolIndex());
            int count = in.count(in.readLong(), 1);
            for (int e = 0; e < count; e++) {
                long key = in.readLong();
                // A key appears once per chunk in practice; were it repeated, the first one written
                // would win, as in the JDK's parser (which walks the checkpoints backwards).
                index.putIfAbsent(key, in.pos);
                type.skipValue(in);
            }
        }
    }

    /** The pool of {@code typeId} (empty when the chunk has none). */
    PoolIndex pool(long typeId) {
        PoolIndex p = pools.get(typeId);
        return p == null ? EMPTY : p;
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
