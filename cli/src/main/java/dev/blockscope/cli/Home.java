package dev.blockscope.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the launcher put things: {@code -Dblockscope.home} (the repository or install root),
 * {@code -Dblockscope.java} (the JDK 21+ java that runs the CLI, also used for programs it starts)
 * and, to use an agent jar from elsewhere, {@code -Dblockscope.agent} (its path).
 */
final class Home {
    private Home() {}

    static Path root() {
        String home = System.getProperty("blockscope.home");
        return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
    }

    static String java() {
        String java = System.getProperty("blockscope.java");
        if (java != null && Files.isExecutable(Path.of(java))) {
            return java;
        }
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The agent jar, or an exception saying where it was looked for and how to build it. */
    static Path agentJar() {
        String given = System.getProperty("blockscope.agent");
        if (given != null && !given.isBlank()) {
            Path jar = Path.of(given).toAbsolutePath().normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("agent jar not found at " + jar + " (the path -Dblockscope.agent gives)");
            }
            return jar;
        }
        Path jar = root().resolve("agent/target/blockscope-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not found at " + jar
                    + " (build it with './mvnw -B -DskipTests install', or run through the ./blockscope launcher)");
        }
        return jar;
    }
}
