package dev.blockscope.analyzer.event;

/**
 * A Java thread as a recording names it: its Java thread id (the task id), name, whether it is
 * virtual, and the name of its thread group when the recording gives one (the JDK's chunks do:
 * {@code "system"} for the JVM's own threads, {@code "InnocuousThreadGroup"} for the JDK's
 * cleaners and pollers, {@code "main"} for the application's; blockscope's own chunks do not, so
 * there it is null). A {@code null} ref stands for "no thread" (for example a platform thread's carrier).
 */
public record ThreadRef(long id, String name, boolean virtual, String group) {
    /** Id used where a thread is absent. */
    public static final long NONE = -1;

    /** A thread whose group the recording does not give. */
    public ThreadRef(long id, String name, boolean virtual) {
        this(id, name, virtual, null);
    }

    /** The id of {@code ref}, or {@link #NONE} when it is null. */
    public static long idOf(ThreadRef ref) {
        return ref == null ? NONE : ref.id();
    }
}
