package dev.blockscope.agent;

import java.lang.reflect.Method;
import java.util.List;

/**
 * One method a probe instruments, named by class, method name and parameter type names (JDK
 * internals are matched by name and shape, never by version number), with the advice to inline
 * and, for {@link dev.blockscope.agent.advice.BlockingCallAdvice}, the reason it records.
 *
 * @param className    binary name of the JDK class
 * @param method       method name
 * @param parameters   parameter type names, exactly
 * @param advice       the advice class
 * @param reason       reason bound to {@code @ProbeReason}, or null
 * @param requireBlock bound to {@code @RequireBlock}
 */
record ProbeTarget(String className, String method, List<String> parameters, Class<?> advice,
                   String reason, boolean requireBlock) {

    static ProbeTarget of(String className, String method, Class<?> advice, String... parameters) {
        return new ProbeTarget(className, method, List.of(parameters), advice, null, false);
    }

    static ProbeTarget call(String className, String method, String reason, boolean requireBlock, String... parameters) {
        return new ProbeTarget(className, method, List.of(parameters),
                dev.blockscope.agent.advice.BlockingCallAdvice.class, reason, requireBlock);
    }

    /** The parameter classes of the method on this JDK (call after {@link #mismatch()} returned null). */
    Class<?>[] parameterTypes() {
        try {
            Class<?> type = Class.forName(className, false, null);
            for (Method m : type.getDeclaredMethods()) {
                if (matches(m)) {
                    return m.getParameterTypes();
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(className + " vanished after its shape check", e);
        }
        throw new IllegalStateException("no method " + this);
    }

    /** Null when this JDK has the method, else why not (for the one stderr line). */
    String mismatch() {
        Class<?> type;
        try {
            type = Class.forName(className, false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return className + " not found";
        }
        for (Method m : type.getDeclaredMethods()) {
            if (matches(m)) {
                return null;
            }
        }
        return "no method " + this;
    }

    /** A loop, not a stream: this runs in premain, where each lambda's bootstrap costs milliseconds. */
    private boolean matches(Method m) {
        if (!m.getName().equals(method) || m.getParameterCount() != parameters.size()) {
            return false;
        }
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (!types[i].getName().equals(parameters.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return className + "." + method + "(" + String.join(", ", parameters) + ")";
    }
}
