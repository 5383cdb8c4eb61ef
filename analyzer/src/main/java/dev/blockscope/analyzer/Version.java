package dev.blockscope.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * blockscope's version, as the build wrote it into {@code blockscope-version.properties} beside
 * this class (the project's version, filtered in by Maven), so the CLI never states a version
 * the code does not have.
 */
public final class Version {
    private static final String RESOURCE = "blockscope-version.properties";
    private static final String NUMBER = read();

    private Version() {}

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the classes were not built by Maven (no resource). */
    public static String number() {
        return NUMBER;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            // an unfiltered copy (an IDE's build that skipped Maven's resources) says nothing
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException | IllegalArgumentException e) {
            return "unknown";
        }
    }
}
