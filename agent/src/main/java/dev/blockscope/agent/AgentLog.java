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

    boolean enabled(LogLevel l) {
        return level.compareTo(l) >= 0 && l != LogLevel.OFF;
    }

    private void print(LogLevel l, String message) {
        if (enabled(l)) {
            System.err.println("blockscope: " + message);
        }
    }
}
