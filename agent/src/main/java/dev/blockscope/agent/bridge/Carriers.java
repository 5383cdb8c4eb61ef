package dev.blockscope.agent.bridge;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The carrier of the current virtual thread, via the package-private
 * {@code Thread.currentCarrierThread()}. The agent opens {@code java.lang} to this class's module
 * before this class initializes; the handle is static final, so the JIT inlines it.
 */
public final class Carriers {
    private Carriers() {}

    private static final MethodHandle CURRENT_CARRIER = lookup();

    private static MethodHandle lookup() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True when the carrier can be read on this JDK. */
    public static boolean available() {
        return CURRENT_CARRIER != null;
    }

    /** The platform thread carrying the current thread (the thread itself if platform), or null. */
    static Thread current() {
        if (CURRENT_CARRIER == null) {
            return null;
        }
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            ProbeErrors.caught(ProbeErrors.Site.CARRIER, e);
            return null;
        }
    }
}
