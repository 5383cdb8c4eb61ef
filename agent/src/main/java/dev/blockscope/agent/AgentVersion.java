package dev.blockscope.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The agent's version, as the build wrote it into {@code blockscope-version.properties} beside
 * this class (the project's version, filtered in by Maven): what {@code blockscope.ProbeStatus}
 * says in {@code agentVersion}.
 */
final class AgentVersion {
    private AgentVersion() {}

    /** Read on first use: the status events are written once per session. */
    private static final class Holder {
        static final String NUMBER = read();
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the jar has no filtered resource. */
    static String number() {
        return Holder.NUMBER;
    }

    private static String read() {
        try (InputStream in = AgentVersion.class.getResourceAsStream("blockscope-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException | IllegalArgumentException e) {
            return "unknown";
        }
    }
}
