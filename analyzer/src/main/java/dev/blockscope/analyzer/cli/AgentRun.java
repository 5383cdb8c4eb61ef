package dev.blockscope.analyzer.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a Java program under the blockscope agent, with the JDK that runs the CLI. */
final class AgentRun {
    private AgentRun() {}

    /**
     * Runs {@code javaArgs} (what follows {@code java} on a command line; a leading "java" or
     * path to a java executable is dropped) with {@code -javaagent:<agent>=file=<out>}; returns its exit code.
     */
    static int run(List<String> javaArgs, Path out) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(javaArgs);
        if (!args.isEmpty() && (args.getFirst().equals("java") || args.getFirst().endsWith("/java")
                || args.getFirst().endsWith("\\java.exe"))) {
            args.removeFirst();
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no program to run after '--' (example: blockscope record -- -cp app.jar app.Main)");
        }
        List<String> command = new ArrayList<>();
        command.add(Home.java());
        command.add("-javaagent:" + Home.agentJar() + "=file=" + out.toAbsolutePath());
        command.addAll(args);
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }
}
