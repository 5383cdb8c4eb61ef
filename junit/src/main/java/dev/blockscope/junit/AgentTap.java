package dev.blockscope.junit;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The agent's live tap ({@code dev.blockscope.agent.bridge.LiveTap}) as seen from the test's class
 * loader: the agent defines it in the bootstrap loader, so it is found by name there, and called
 * through method handles with JDK types only. Absent when the JVM runs without the agent.
 */
final class AgentTap {
    static final String CLASS = "dev.blockscope.agent.bridge.LiveTap";

    private final MethodHandle recording;
    private final MethodHandle open;
    private final MethodHandle cut;
    private final MethodHandle close;

    private AgentTap(Class<?> c) throws ReflectiveOperationException {
        MethodHandles.Lookup l = MethodHandles.publicLookup();
        recording = l.findStatic(c, "recording", MethodType.methodType(boolean.class));
        open = l.findStatic(c, "open", MethodType.methodType(Object.class));
        cut = l.findStatic(c, "cut", MethodType.methodType(byte[].class, Object.class, long.class));
        close = l.findStatic(c, "close", MethodType.methodType(void.class, Object.class));
    }

    /** The tap of the agent in this JVM, or null when there is none (or one too old to have a tap). */
    static AgentTap find() {
        try {
            return new AgentTap(Class.forName(CLASS, true, null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** Whether the agent records now. */
    boolean recording() {
        try {
            return (boolean) recording.invokeExact();
        } catch (Throwable e) {
            return false;
        }
    }

    /** A new listener, or null when the agent does not record. */
    Object open() {
        try {
            return (Object) open.invokeExact();
        } catch (Throwable e) {
            return null;
        }
    }

    /** The listener's records since it opened, as one standalone JFR chunk; null when the agent did not answer in time. */
    byte[] cut(Object listener, long timeoutMillis) {
        try {
            return (byte[]) cut.invokeExact(listener, timeoutMillis);
        } catch (Throwable e) {
            return null;
        }
    }

    void close(Object listener) {
        try {
            close.invokeExact(listener);
        } catch (Throwable e) {
            // the agent's own errors are its to count; nothing to undo here
        }
    }
}
