package dev.blockscope.agent;

import dev.blockscope.agent.AgentOptions.LogLevel;

/** The agent's stderr lines, each prefixed {@code blockscope:}, filtered by {@code log=}. */
final class AgentLog {
    private final LogLevel level;

    AgentLog(LogLevel level) {
        this.level = level;
    }

    void error(String message) {
        print(LogLevel.ERROR, message);
    }

    void info(String message) {
        print(LogLevel.INFO, message);
    }

    void debug(String message) {
        print(LogLevel.DEBUG, message);
    }

    /** At {@code log=debug}: {@code message}, then {@code e} with its stack, in one write (not split by other lines). */
    void debug(String message, Throwable e) {
        if (enabled(LogLevel.DEBUG)) {
            java.io.StringWriter text = new java.io.StringWriter();
            java.io.PrintWriter out = new java.io.PrintWriter(text);
            out.println("blockscope: " + message);
            e.printStackTrace(out);
            out.flush();
            System.err.print(text);
            System.err.flush();
        }
    }

    /**
     * For {@link BlockscopeAgent}, which reaches this by name (it is compiled for Java 8 and links
     * nothing of the agent): the agent did not start. {@code line} at {@code log=error} and up,
     * then {@code e}'s stack at {@code log=debug}; the level is read from the raw options, and is
     * the default when they do not parse.
     */
    static void startFailed(String rawOptions, String line, Throwable e) {
        LogLevel level;
        try {
            level = AgentOptions.parse(rawOptions).log();
        } catch (AgentOptions.BadOptionException | RuntimeException unparsable) {
            level = AgentOptions.LogLevel.ERROR;
        }
        AgentLog log = new AgentLog(level);
        log.error(line);
        log.debug("why:", e);
    }

    boolean enabled(LogLevel l) {
        return level.compareTo(l) >= 0 && l != LogLevel.OFF;
    }

    private void print(LogLevel l, String message) {
        if (enabled(l)) {
            System.err.println("blockscope: " + message);
        }
    }
}
