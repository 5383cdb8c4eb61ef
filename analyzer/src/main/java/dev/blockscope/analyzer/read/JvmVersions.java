package dev.blockscope.analyzer.read;

/**
 * The Java version a recording names in {@code jdk.JVMInformation.jvmVersion}, a line such as
 * "OpenJDK 64-Bit Server VM (25.292-b10) for linux-amd64 JRE (1.8.0_292-b10), built on ...". The
 * first parentheses hold the VM's version, which on JDK 8 is HotSpot's own (25.292), and on
 * Oracle's builds "(TM)" comes first; the JRE's version is the Java version.
 */
public final class JvmVersions {
    private JvmVersions() {}

    /** The Java version in {@code jvmVersion} ("1.8.0_292-b10", "11.0.2+9-LTS"), or null. */
    public static String of(String jvmVersion) {
        if (jvmVersion == null) {
            return null;
        }
        int jre = jvmVersion.indexOf("JRE (");
        if (jre >= 0) {
            String v = parenthesized(jvmVersion, jre + 4);
            if (v != null && startsWithDigit(v)) {
                return v;
            }
        }
        for (int open = jvmVersion.indexOf('('); open >= 0; open = jvmVersion.indexOf('(', open + 1)) {
            String v = parenthesized(jvmVersion, open);
            if (v != null && startsWithDigit(v)) {
                return v;
            }
        }
        return null;
    }

    /** Feature release of a Java version ("1.8.0_292" is 8, "25.0.3+9-LTS" is 25), 0 if unknown. */
    public static int feature(String version) {
        if (version == null) {
            return 0;
        }
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int i = 0;
        while (i < v.length() && i < 4 && Character.isDigit(v.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(v.substring(0, i));
    }

    private static String parenthesized(String s, int open) {
        int close = s.indexOf(')', open + 1);
        return close > open ? s.substring(open + 1, close) : null;
    }

    private static boolean startsWithDigit(String s) {
        return !s.isEmpty() && Character.isDigit(s.charAt(0));
    }
}
