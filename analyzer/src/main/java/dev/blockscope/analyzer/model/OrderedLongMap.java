package dev.blockscope.analyzer.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A map from long ids that keeps its insertion order (the order the output lists things in) and
 * is looked up without boxing ({@link LongMap}): for the tables an analysis reads once per event.
 */
public final class OrderedLongMap<V> {
    private final Map<Long, V> ordered = new LinkedHashMap<>();
    private final LongMap<V> index = new LongMap<>();

    /** The value of {@code key}, or null. */
    public V get(long key) {
        return index.get(key);
    }

    /** Maps {@code key} to {@code value} (not null); a new key goes last. */
    public void put(long key, V value) {
        index.put(key, value);
        ordered.put(key, value);
    }

    /** Removes {@code key}; returns its value, or null. */
    public V remove(long key) {
        V v = index.remove(key);
        if (v != null) {
            ordered.remove(key);
        }
        return v;
    }

    /** Removes every value {@code drop} accepts, in order ({@code drop} may act on what it drops). */
    public void removeIf(Predicate<? super V> drop) {
        for (var it = ordered.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, V> e = it.next();
            if (drop.test(e.getValue())) {
                it.remove();
                index.remove(e.getKey());
            }
        }
    }

    /** The values in insertion order (a view: changing the map changes it). */
    public Collection<V> values() {
        return Collections.unmodifiableCollection(ordered.values());
    }

    /** The entries in insertion order, read only. */
    public Map<Long, V> asMap() {
        return Collections.unmodifiableMap(ordered);
    }

    public int size() {
        return index.size();
    }
}
