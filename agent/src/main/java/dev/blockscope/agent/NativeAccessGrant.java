package dev.blockscope.agent;

import java.lang.reflect.Method;

/**
 * Runs in {@link ProfilerLibrary}'s module layer, never on the class path: marks its own module
 * (the layer's copy of the agent jar, which async-profiler's Java API loads its library from) as
 * having native access, as {@code --enable-native-access} would have. {@code java.lang} is open to
 * that module alone, by the agent's instrumentation.
 */
public final class NativeAccessGrant {
    private NativeAccessGrant() {}

    /** Grants this class's module native access; throws when this JDK's {@code Module} has no such step. */
    public static void grant() throws ReflectiveOperationException {
        Module own = NativeAccessGrant.class.getModule();
        if (!own.isNamed()) {
            throw new IllegalStateException("not in the profiler's module layer");
        }
        Method enable = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
        enable.setAccessible(true);
        enable.invoke(own);
    }
}
