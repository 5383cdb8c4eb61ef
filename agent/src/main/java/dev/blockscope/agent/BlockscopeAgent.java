package dev.blockscope.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Entry points of the blockscope agent: {@code -javaagent:blockscope-agent.jar[=options]}
 * ({@link #premain}) and dynamic attach ({@link #agentmain}, also with option {@code stop},
 * {@code dump} for a running flight recorder, and {@code live=SOCKET} for {@code blockscope top}).
 * This one class is compiled for
 * Java 8 (agent/pom.xml), so that any JDK can load it: on a JDK older than 21 it prints one line
 * and returns, and the application runs without the agent (the rest of the agent is Java 21
 * bytecode, which an older JVM refuses with an {@code UnsupportedClassVersionError} that aborts
 * it at start). On JDK 21+ it hands over to {@link AgentMain}, by name: a reference would make
 * this class's compilation need the Java 21 classes.
 */
public final class BlockscopeAgent {
    /** The oldest JDK feature release the agent runs on. */
    static final int MIN_FEATURE = 21;

    private BlockscopeAgent() {}

    /** Called by the JVM before main with {@code -javaagent}. */
    public static void premain(String options, Instrumentation inst) {
        enter("premain", options, inst);
    }

    /** Called by the JVM when the agent is loaded into a running JVM. */
    public static void agentmain(String options, Instrumentation inst) {
        enter("agentmain", options, inst);
    }

    private static void enter(String method, String options, Instrumentation inst) {
        try {
            int feature = feature(System.getProperty("java.specification.version"));
            if (feature < MIN_FEATURE) {
                String why = "needs JDK " + MIN_FEATURE + " or newer (this is " + System.getProperty("java.version") + ")";
                System.err.println("blockscope: " + why + "; agent disabled");
                report("refused", why);
                return;
            }
            Method m = Class.forName("dev.blockscope.agent.AgentMain").getMethod(method, String.class, Instrumentation.class);
            m.invoke(null, options, inst);
        } catch (InvocationTargetException e) {
            fail(options, e.getCause());
        } catch (Throwable e) {
            fail(options, e);
        }
    }

    /**
     * The agent could not start: one line through the agent's log (so {@code log=} applies, and
     * {@code log=debug} adds the stack), or straight to stderr when even the log cannot be
     * loaded; and the outcome to the attaching tool.
     */
    static void fail(String options, Throwable e) {
        String why = "agent failed to start: " + e;
        report("failed", why);
        try {
            Method log = Class.forName("dev.blockscope.agent.AgentLog")
                    .getDeclaredMethod("startFailed", String.class, String.class, Throwable.class);
            log.invoke(null, options, why + "; agent disabled", e);
        } catch (Throwable noLog) {
            System.err.println("blockscope: " + why + "; agent disabled");
        }
    }

    /** {@code 1.8} is 8, {@code 17} is 17; 0 when unreadable. */
    static int feature(String specification) {
        if (specification == null) {
            return 0;
        }
        String s = specification.startsWith("1.") ? specification.substring(2) : specification;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }

    /** As {@code AttachResult.report}, for the outcomes of this class (the same property and format). */
    private static void report(String outcome, String message) {
        try {
            String last = System.getProperty("blockscope.attach.result", "0:");
            int colon = last.indexOf(':');
            long seq = colon > 0 ? Long.parseLong(last.substring(0, colon)) : 0;
            System.setProperty("blockscope.attach.result", (seq + 1) + ":" + outcome + ":" + message);
        } catch (RuntimeException e) {
            // only the attaching tool reads it; the line on stderr said it already
        }
    }
}
