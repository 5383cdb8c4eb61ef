package dev.blockscope.analyzer.report;

/**
 * How a task's name is written in every report: a thread without a name (virtual threads have
 * none unless given one) is "(unnamed)", never an empty string or "?" (the summary, the limits,
 * the task table and the web UI each spelled it differently).
 */
public final class TaskNames {
    /** The spelling of a missing or empty name, the same as the web UI's. */
    public static final String UNNAMED = "(unnamed)";

    private TaskNames() {}

    /** {@code name} as it may be printed ({@link Printable}), or {@value #UNNAMED} when it is null or empty. */
    public static String label(String name) {
        return name == null || name.isEmpty() ? UNNAMED : Printable.of(name);
    }
}
