package dev.blockscope.analyzer.event;

/**
 * A Java thread as a recording names it: its Java thread id (the task id), name, and whether it
 * is virtual. A {@code null} ref stands for "no thread" (for example a platform thread's carrier).
 */
public record ThreadRef(long id, String name, boolean virtual) {
    /** Id used where a thread is absent. */
    public static final long NONE = -1;

    /** The id of {@code ref}, or {@link #NONE} when it is null. */
    public static long idOf(ThreadRef ref) {
        return ref == null ? NONE : ref.id();
    }
}
