package dev.blockscope.agent.bridge;

import java.util.Map;

/**
 * The checkpoint event that ends each of blockscope's chunks: its constant pools, by which the
 * events' ids become threads, strings and classes. Layout (JFR's): type id 1, start, duration,
 * the distance to the previous checkpoint (0: none), a checkpoint type byte, the number of
 * pools, and per pool its type id, its number of entries and each entry as a key and the
 * type's fields. An empty pool is not written (JDK readers reject one).
 */
final class ChunkPools {
    private ChunkPools() {}

    /** What the thread pool says of a thread. */
    record Named(String name, boolean virtual) {
        /** A virtual thread without a name (as {@code Thread.ofVirtual().start} makes them). */
        static final Named UNNAMED_VIRTUAL = new Named("", true);


        static Named of(Thread t) {
            return new Named(t.getName(), t.isVirtual());
        }
    }

    /**
     * The checkpoint's body (from type id 1 on, without its size).
     *
     * @param threads the thread ids the chunk's events refer to
     * @param names   the threads known by id; a thread id without one is written unnamed
     * @param unnamedVirtual ids of unnamed virtual threads that are not in {@code names}
     * @param strings the string pool by id ({@link ConstantIds#values()})
     * @param classes the class pool by id
     */
    static ChunkBytes checkpoint(long ticks, ChunkRecorder.LongSet threads, Map<Long, Named> names,
                                 ChunkRecorder.LongSet unnamedVirtual, Object[] strings, Object[] classes) {
        long[] ids = threads.toArray();
        int pools = (ids.length > 0 ? 1 : 0) + (strings.length > 0 ? 1 : 0) + (classes.length > 0 ? 2 : 0);
        ChunkBytes out = new ChunkBytes(64 + ids.length * 32 + strings.length * 24 + classes.length * 80);
        out.putLong(1).putLong(ticks).putLong(0).putLong(0).putByte(0).putLong(pools);
        if (ids.length > 0) {
            out.putLong(ChunkSchema.THREAD).putLong(ids.length);
            int written = 0;
            for (long id : ids) {
                if ((++written & 8191) == 0) {
                    Thread.yield(); // a chunk of a busy server names 100,000 threads: 3 ms, given back in slices
                }
                Named t = names.get(id);
                if (t == null && unnamedVirtual.contains(id)) {
                    t = Named.UNNAMED_VIRTUAL;
                }
                String name = t == null ? null : t.name();
                boolean virtual = t != null && t.virtual();
                out.putLong(id);
                out.putString(virtual ? null : name); // osName: the JDK names a platform thread's OS thread after it
                out.putLong(0); // osThreadId: not known to Java code
                out.putString(name);
                out.putLong(id);
                out.putBoolean(virtual);
            }
        }
        if (strings.length > 0) {
            out.putLong(ChunkSchema.STRING).putLong(strings.length);
            for (int i = 0; i < strings.length; i++) {
                out.putLong(i + 1).putString((String) strings[i]);
            }
        }
        if (classes.length > 0) {
            out.putLong(ChunkSchema.CLASS).putLong(classes.length);
            for (int i = 0; i < classes.length; i++) {
                Class<?> c = (Class<?>) classes[i];
                out.putLong(i + 1);
                out.putLong(0); // class loader: not written
                out.putLong(i + 1); // name: the symbol of the same id
                out.putLong(0); // package: not written
                out.putLong(c.getModifiers());
                out.putBoolean(c.isHidden());
            }
            // the classes' names, in the JVM's internal form as the JDK writes them
            out.putLong(ChunkSchema.SYMBOL).putLong(classes.length);
            for (int i = 0; i < classes.length; i++) {
                out.putLong(i + 1).putString(((Class<?>) classes[i]).getName().replace('.', '/'));
            }
        }
        return out;
    }
}
