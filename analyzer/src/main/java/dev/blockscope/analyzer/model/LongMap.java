package dev.blockscope.analyzer.model;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * A map from {@code long} (a thread id) to a value, without boxing: open addressing with linear
 * probing over parallel arrays, deletion by shifting back. For the per-interval lookups of the
 * summaries, where {@code HashMap<Long, V>} boxed an id on every call (a tenth of the soak
 * recording's allocation, docs/analyzer-speed.md). It has no iteration order to rely on:
 * {@link #forEachValue} visits values in slot order, so use it only where the order cannot
 * change a result. Values are never null.
 */
public final class LongMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    /** An empty map. */
    public LongMap() {
        keys = new long[16];
        values = new Object[16];
        mask = 15;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int i = slot(key, mask);
        while (true) {
            Object v = values[i];
            if (v == null) {
                return null;
            }
            if (keys[i] == key) {
                return (V) v;
            }
            i = (i + 1) & mask;
        }
    }

    /** Maps {@code key} to {@code value} (not null); returns the value it had, or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
        return null;
    }

    /** The value of {@code key}, made by {@code make} and put first when there is none. */
    public V computeIfAbsent(long key, LongFunction<? extends V> make) {
        V v = get(key);
        if (v == null) {
            v = make.apply(key);
            put(key, v);
        }
        return v;
    }

    /** Removes {@code key}; returns its value, or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int i = slot(key, mask);
        while (values[i] != null) {
            if (keys[i] == key) {
                V old = (V) values[i];
                shiftBack(i);
                size--;
                return old;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** Fills the hole at {@code hole} with the entries after it that probed past it. */
    private void shiftBack(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            if (values[i] == null) {
                break;
            }
            int home = slot(keys[i], mask);
            // the entry at i may move to the hole if its home is not in (hole, i] cyclically
            boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
            if (!stays) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        values[hole] = null;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j], mask);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** How many keys are mapped. */
    public int size() {
        return size;
    }

    /** Whether no key is mapped. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Each value, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<? super V> action) {
        for (Object v : values) {
            if (v != null) {
                action.accept((V) v);
            }
        }
    }

    /** Each key and its value, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEach(Entry<? super V> action) {
        for (int j = 0; j < values.length; j++) {
            if (values[j] != null) {
                action.accept(keys[j], (V) values[j]);
            }
        }
    }

    /** A key and its value. */
    @FunctionalInterface
    public interface Entry<V> {
        /** Called once per mapped key. */
        void accept(long key, V value);
    }

    /** The number of slots, for a loop over {@link #valueAt} and {@link #keyAt} (no lambda, no iterator). */
    public int slots() {
        return values.length;
    }

    /** The value in slot {@code slot}, or null when the slot is empty. */
    @SuppressWarnings("unchecked")
    public V valueAt(int slot) {
        return (V) values[slot];
    }

    /** The key in slot {@code slot} (meaningless when {@link #valueAt} is null). */
    public long keyAt(int slot) {
        return keys[slot];
    }

    /** Removes every key. */
    public void clear() {
        Arrays.fill(values, null);
        size = 0;
    }
}
