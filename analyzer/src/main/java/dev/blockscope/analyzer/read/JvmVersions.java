package dev.blockscope.analyzer.read;

/** The JDK version a recording names in {@code jdk.JVMInformation.jvmVersion}. */
public final class JvmVersions {
    private JvmVersions() {}

    /** "OpenJDK 64-Bit Server VM (25.0.3+9-LTS) for ..." to "25.0.3+9-LTS". */
    public static String of(String full) {
        return EventMapper.jvmVersion(full);
    }

    /** Feature release of a version string such as "25.0.3+9-LTS" or "21", 0 if unknown. */
    public static int feature(String version) {
        if (version == null) {
            return 0;
        }
        int i = 0;
        while (i < version.length() && Character.isDigit(version.charAt(i))) {
            i++;
        }
        return i == 0 ? 0 : Integer.parseInt(version.substring(0, Math.min(i, 4)));
    }
}
