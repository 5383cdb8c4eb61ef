package dev.blockscope.runtime;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Test support: waits for a condition that another task makes true (no timing assumptions beyond a generous cap). */
final class Waiting {
    private Waiting() {}

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
