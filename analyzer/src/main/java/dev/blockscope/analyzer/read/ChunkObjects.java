package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;

/**
 * Threads, stacks and class names of one chunk, decoded from its constant pools on first use and
 * kept per key, with the same meaning the JDK's RecordedThread, RecordedStackTrace and
 * RecordedClass give them (a thread's name is its Java name, else its OS name; class names with
 * dots; a missing key is a null reference).
 */
final class ChunkObjects {
    private final ConstantPools pools;
    private final StackTable stacks;
    private final JfrType threadType;
    private final JfrType stackType;
    private final JfrType classType;
    private final JfrType methodType;
    private final JfrType symbolType;
    private final PoolIndex threadPool;
    private final PoolIndex stackPool;
    private final PoolIndex classPool;
    private final JfrType stateType;
    /** References to threads and stacks with a key no constant pool read holds (its checkpoint lost to a cut, or never written). */
    long unresolvedThreads;
    long unresolvedStacks;

    ChunkObjects(ConstantPools pools, StackTable stacks) {
        this.pools = pools;
        this.stacks = stacks;
        JfrMetadata m = pools.metadata();
        threadType = m.type("java.lang.Thread");
        stackType = m.type("jdk.types.StackTrace");
        classType = m.type("java.lang.Class");
        methodType = m.type("jdk.types.Method");
        symbolType = m.type("jdk.types.Symbol");
        threadPool = threadType == null ? new PoolIndex() : pools.pool(threadType.id);
        stackPool = stackType == null ? new PoolIndex() : pools.pool(stackType.id);
        classPool = classType == null ? new PoolIndex() : pools.pool(classType.id);
        stateType = m.type("jdk.types.ThreadState");
    }

    /** The name of thread state constant {@code key} (as "STATE_RUNNABLE"), or null. */
    String threadState(long key) {
        if (stateType == null) {
            return null;
        }
        PoolIndex pool = pools.pool(stateType.id);
        Object cached = pool.resolved(key);
        if (cached != null) {
            return (String) cached;
        }
        Object[] s = (Object[]) pools.value(stateType, key);
        String name = s == null ? null : (String) field(stateType, s, "name");
        if (name != null) {
            pool.resolve(key, name);
        }
        return name;
    }

    ThreadRef thread(long key) {
        Object cached = threadPool.resolved(key);
        if (cached != null) {
            return (ThreadRef) cached;
        }
        Object[] t = threadType == null ? null : (Object[]) pools.value(threadType, key);
        if (t == null) {
            if (key != 0) {
                unresolvedThreads++;
            }
            return null;
        }
        String javaName = (String) field(threadType, t, "javaName");
        Long id = (Long) field(threadType, t, "javaThreadId");
        Boolean virtual = (Boolean) field(threadType, t, "virtual");
        // As RecordedThread.getJavaThreadId: -1 for a thread that is not a Java thread (absent or 0).
        ThreadRef ref = new ThreadRef(id == null || id == 0 ? -1 : id, javaName == null ? (String) field(threadType, t, "osName") : javaName,
                virtual != null && virtual, groupName(t));
        threadPool.resolve(key, ref);
        return ref;
    }

    /** The name of a thread's group (a pool reference or inline), or null when the thread type has none (blockscope's chunks). */
    private String groupName(Object[] thread) {
        int at = threadType.fieldIndex("group");
        if (at < 0 || thread[at] == null) {
            return null;
        }
        JfrType groupType = threadType.fieldTypes[at];
        Object[] group = thread[at] instanceof Long key ? (Object[]) pools.value(groupType, key)
                : thread[at] instanceof Object[] inline ? inline : null;
        return group == null ? null : field(groupType, group, "name") instanceof String name ? name : null;
    }

    /** Index in the analysis' stack table, or -1 for no stack. */
    int stack(long key) {
        Object cached = stackPool.resolved(key);
        if (cached != null) {
            return (Integer) cached;
        }
        Object[] trace = stackType == null ? null : (Object[]) pools.value(stackType, key);
        if (trace == null) {
            if (key != 0) {
                unresolvedStacks++;
            }
            return -1;
        }
        int framesAt = stackType.fieldIndex("frames");
        Object[] frames = framesAt < 0 || trace[framesAt] == null ? new Object[0] : (Object[]) trace[framesAt];
        JfrType frameType = stackType.fieldTypes[framesAt];
        StackTable.Frames names = new StackTable.Frames();
        for (Object f : frames) {
            if (names.full()) {
                break;
            }
            Object[] frame = (Object[]) f;
            Long methodKey = (Long) field(frameType, frame, "method");
            Object[] method = methodKey == null || methodType == null ? null : (Object[]) pools.value(methodType, methodKey);
            Long line = (Long) field(frameType, frame, "lineNumber");
            String type = "?";
            String name = "?";
            if (method != null) {
                Long classKey = (Long) field(methodType, method, "type");
                String className = classKey == null ? null : className(classKey);
                type = className == null ? "?" : className;
                Long nameKey = (Long) field(methodType, method, "name");
                name = nameKey == null ? null : symbol(nameKey);
            }
            names.add(type, name, line == null ? -1 : line.intValue());
        }
        int id = stacks.intern(java.util.List.copyOf(names.names));
        stackPool.resolve(key, id);
        return id;
    }

    /** Index of a stack given as text (see {@link StackTable#internText}), or -1. */
    int stackText(String text) {
        return stacks.internText(text);
    }

    /** Name of the class with {@code key} (dots, as RecordedClass.getName), or null. */
    String className(long key) {
        Object cached = classPool.resolved(key);
        if (cached != null) {
            return (String) cached;
        }
        Object[] c = classType == null ? null : (Object[]) pools.value(classType, key);
        if (c == null) {
            return null;
        }
        // a symbol's key, or (as some older JDKs wrote it) the name inline
        Object nameField = field(classType, c, "name");
        String name = nameField instanceof Long nameKey ? symbol(nameKey) : nameField instanceof String inline ? inline : null;
        if (name == null) {
            return null;
        }
        name = name.replace('/', '.');
        classPool.resolve(key, name);
        return name;
    }

    private String symbol(long key) {
        if (symbolType == null) {
            return null;
        }
        Object[] s = (Object[]) pools.value(symbolType, key);
        return s == null || s.length == 0 ? null : (String) s[0];
    }

    private static Object field(JfrType type, Object[] values, String name) {
        int i = type.fieldIndex(name);
        return i < 0 ? null : values[i];
    }
}
