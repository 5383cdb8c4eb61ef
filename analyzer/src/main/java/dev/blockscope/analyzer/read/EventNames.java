package dev.blockscope.analyzer.read;

/**
 * JDK 9 and 10 (JFR format 1.0) named the JDK's events {@code com.oracle.jdk.*} and its types
 * {@code com.oracle.jfr.types.*}; JDK 11 renamed them {@code jdk.*} and {@code jdk.types.*} with
 * the same fields for the events blockscope maps. Both readers look events up by the new name.
 */
final class EventNames {
    private static final String OLD_EVENTS = "com.oracle.jdk.";
    private static final String OLD_TYPES = "com.oracle.jfr.types.";
    private static final String TYPES = "jdk.types.";

    private EventNames() {}

    /** The name JDK 11 and later give the event {@code name}. */
    static String canonical(String name) {
        return name != null && name.startsWith(OLD_EVENTS) ? "jdk." + name.substring(OLD_EVENTS.length()) : name;
    }

    /** The JDK 9 name of type {@code name} ("jdk.types.StackTrace" to "com.oracle.jfr.types.StackTrace"), or null. */
    static String jdk9TypeName(String name) {
        return name.startsWith(TYPES) ? OLD_TYPES + name.substring(TYPES.length()) : null;
    }
}
