package dev.blockscope.samples;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one sample part in a fresh JVM (same java, same class path), for settings that must
 * hold from the JVM's start: a one-carrier scheduler, or a process pinned to one CPU with
 * {@code taskset}. The child's standard error passes through; its output is returned.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** True when {@code taskset} can pin a process to CPU 0 here. */
    static boolean tasksetAvailable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "taskset"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code main} with {@code args} in a child JVM; returns its output lines. */
    static List<String> run(boolean pinToCpu0, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (pinToCpu0) {
            command.addAll(List.of("taskset", "-c", "0"));
        }
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IOException("child JVM " + main.getSimpleName() + " " + String.join(" ", args)
                    + " exited with " + exit + "; output: " + lines);
        }
        return lines;
    }
}
