package dev.blockscope.analyzer.report;

/**
 * How the text reports name what a wait was blocked on: "on a ReentrantLock$NonfairSync", or, for
 * a wait for another thread's class initializer, the class being initialized ("for the
 * initialization of Config": the wait is on no object of that class).
 */
final class BlockerText {
    private BlockerText() {}

    /** " on a X", " for the initialization of X", or "" when {@code blocker} is null. */
    static String of(String reason, String blocker) {
        if (blocker == null) {
            return "";
        }
        return "class.init".equals(reason) ? " for the initialization of " + Printable.of(blocker) : " on a " + Printable.of(blocker);
    }
}
