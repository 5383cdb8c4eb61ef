package dev.blockscope.analyzer.read;

import java.util.Arrays;

/**
 * One constant pool of a chunk, indexed but not decoded: key to the offset of the entry's value,
 * plus the decoded value once someone asked for it (open addressing on primitive keys, so a
 * lookup per event allocates nothing).
 */
final class PoolIndex {
    private long[] keys = new long[16];
    private int[] offsets = new int[16];
    private Object[] resolved = new Object[16];
    private boolean[] used = new boolean[16];
    private int size;

    void put(long key, int offset) {
        if (size * 2 >= keys.length) {
            grow();
        }
        int i = slot(key);
        if (!used[i]) {
            used[i] = true;
            keys[i] = key;
            size++;
        }
        offsets[i] = offset;
        resolved[i] = null;
    }

    /** As {@link #put}, unless {@code key} is already indexed. */
    void putIfAbsent(long key, int offset) {
        if (offset(key) < 0) {
            put(key, offset);
        }
    }

    /** Offset of the entry with {@code key}, or -1. */
    int offset(long key) {
        int i = slot(key);
        return used[i] ? offsets[i] : -1;
    }

    /** The value decoded earlier for {@code key}, or null. */
    Object resolved(long key) {
        int i = slot(key);
        return used[i] ? resolved[i] : null;
    }

    void resolve(long key, Object value) {
        int i = slot(key);
        if (used[i]) {
            resolved[i] = value;
        }
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldOffsets = offsets;
        Object[] oldResolved = resolved;
        boolean[] oldUsed = used;
        int n = oldKeys.length * 2;
        keys = new long[n];
        offsets = new int[n];
        resolved = new Object[n];
        used = new boolean[n];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldUsed[j]) {
                int i = slot(oldKeys[j]);
                used[i] = true;
                keys[i] = oldKeys[j];
                offsets[i] = oldOffsets[j];
                resolved[i] = oldResolved[j];
            }
        }
        Arrays.fill(oldUsed, false);
    }
}
