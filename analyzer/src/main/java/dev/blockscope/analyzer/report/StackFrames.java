package dev.blockscope.analyzer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the reports read a stack's frames ("pkg.Class.method:line", top first): which are the
 * application's (not the JDK's, not the agent's, not the bundled runtime's internals), and which
 * are generated at run time (lambdas, proxies, reflection accessors), whose class names carry an
 * address that changes every run ({@code ThreadUtils$$Lambda.0x000000004b1f76d8.accept}): such a
 * frame says nothing to a reader and must not split one call site into several.
 */
public final class StackFrames {
    private static final Pattern LAMBDA = Pattern.compile("\\$\\$Lambda(?:\\$\\d+)?(?:[./]0x[0-9a-fA-F]+)?");
    private static final Pattern HIDDEN = Pattern.compile("/0x[0-9a-fA-F]+");
    private static final Pattern NUMBERED = Pattern.compile(
            "(\\$Proxy|GeneratedMethodAccessor|GeneratedConstructorAccessor|GeneratedSerializationConstructorAccessor)\\d+");

    private StackFrames() {}

    /** Whether the frame is the application's: not the JDK's, the agent's, its events' or the bundled runtime's internals. */
    public static boolean application(String frame) {
        return !frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.") && !frame.startsWith("com.sun.")
                && !frame.startsWith("dev.blockscope.agent") && !frame.startsWith("dev.blockscope.runtime.")
                && !frame.startsWith("dev.blockscope.event.");
    }

    /** Whether the frame's class was generated at run time (a lambda, a proxy, a reflection accessor, a byte-code enhancer's subclass). */
    public static boolean generated(String frame) {
        return frame.contains("$$") || frame.contains("$Proxy") || frame.contains("/0x") || frame.contains(".0x")
                || frame.contains("GeneratedMethodAccessor") || frame.contains("GeneratedConstructorAccessor")
                || frame.contains("LambdaForm$") || frame.startsWith("jdk.proxy");
    }

    /** The frame with its run-time addresses and counters taken out: the same for every run. */
    public static String normalized(String frame) {
        String f = LAMBDA.matcher(frame).replaceAll("\\$\\$Lambda");
        f = HIDDEN.matcher(f).replaceAll("");
        return NUMBERED.matcher(f).replaceAll("$1");
    }

    /** The stack's application frames that are not generated, normalized, top first: what tells a call site. */
    public static List<String> site(List<String> frames) {
        List<String> out = new ArrayList<>();
        for (String f : frames) {
            if (application(f) && !generated(f)) {
                out.add(normalized(f));
            }
        }
        return out;
    }

    /** The first application frame that is not generated, or null. */
    public static String firstApplication(List<String> frames) {
        for (String f : frames) {
            if (application(f) && !generated(f)) {
                return f;
            }
        }
        return null;
    }
}
