package dev.blockscope.agent.bridge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Small ids for the few distinct values the events refer to (reasons, pin reasons, blocker
 * classes), which every chunk then writes once in a constant pool: an event carries a one- or
 * two-byte id instead of the string. The hot path finds an id by the value's identity in an
 * open-addressed table (one {@code identityHashCode} and a comparison or two); a value seen for
 * the first time is added by publishing a grown copy of the table with a compare-and-set, so no
 * lock is ever taken (a virtual thread blocked on a monitor here would unmount mid-record).
 * Equal strings that are different objects share one id.
 */
final class ConstantIds {
    /** Values at most; past it a new value gets id 0 (written as null) and is counted as an error. */
    static final int MAX_VALUES = 4096;

    /** One immutable snapshot: the values by id (id = index + 1) and the open-addressed index over them. */
    private record Table(Object[] values, int count, Object[] slots, int[] ids) {
        static Table empty() {
            return new Table(new Object[16], 0, new Object[64], new int[64]);
        }

        int find(Object v) {
            int mask = slots.length - 1;
            for (int i = System.identityHashCode(v) & mask; ; i = (i + 1) & mask) {
                Object s = slots[i];
                if (s == v) {
                    return ids[i];
                }
                if (s == null) {
                    return 0;
                }
            }
        }

        Table with(Object v) {
            int id = 0;
            if (v instanceof String) {
                for (int i = 0; i < count; i++) {
                    if (v.equals(values[i])) {
                        id = i + 1; // an equal string: another alias for its id
                        break;
                    }
                }
            }
            Object[] vals = values;
            int n = count;
            if (id == 0) {
                if (n == MAX_VALUES) {
                    return null;
                }
                vals = n < vals.length ? vals.clone() : java.util.Arrays.copyOf(vals, vals.length * 2);
                vals[n++] = v;
                id = n;
            }
            int used = 1;
            for (Object s : slots) {
                used += s == null ? 0 : 1;
            }
            int size = used * 2 > slots.length ? slots.length * 2 : slots.length;
            Object[] newSlots = new Object[size];
            int[] newIds = new int[size];
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    put(newSlots, newIds, slots[i], ids[i]);
                }
            }
            put(newSlots, newIds, v, id);
            return new Table(vals, n, newSlots, newIds);
        }

        private static void put(Object[] slots, int[] ids, Object v, int id) {
            int mask = slots.length - 1;
            int i = System.identityHashCode(v) & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = v;
            ids[i] = id;
        }
    }

    @SuppressWarnings("unused") // through TABLE
    private volatile Table table = Table.empty();

    /** The id of {@code v}, 1 or more, or 0 for null (and for a value past {@link #MAX_VALUES}). */
    int id(Object v) {
        if (v == null) {
            return 0;
        }
        int id = table.find(v);
        return id != 0 ? id : add(v);
    }

    private int add(Object v) {
        while (true) {
            Table t = table;
            int id = t.find(v);
            if (id != 0) {
                return id;
            }
            Table grown = t.with(v);
            if (grown == null) {
                ProbeErrors.caught(ProbeErrors.Site.CONSTANT_IDS, null); // the table is full: no Throwable to keep
                return 0;
            }
            if (TABLE.compareAndSet(this, t, grown)) {
                return grown.find(v);
            }
        }
    }

    /** The values so far, by id: element {@code i} has id {@code i + 1}. */
    Object[] values() {
        Table t = table;
        return java.util.Arrays.copyOf(t.values, t.count);
    }

    private static final VarHandle TABLE;

    static {
        try {
            TABLE = MethodHandles.lookup().findVarHandle(ConstantIds.class, "table", Table.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
