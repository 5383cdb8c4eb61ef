package dev.blockscope.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh JVMs for the harnesses: each measured configuration runs in its own child JVM of the
 * harness's JDK, with a class path of just the workload classes.
 */
final class ChildJvms {
    private ChildJvms() {}

    /**
     * Copies {@code classes} into {@code dir} and returns it as a class path. Not the bench jar:
     * it also holds the agent's classes (the JMH benchmark calls the bridge), and the JVM loads a
     * {@code -javaagent} jar's classes through the application class path, where the bench jar
     * would come first, so every child would run this build's agent code whatever agent jar it
     * was given.
     */
    static String classPath(Path dir, Class<?>... classes) throws IOException {
        for (Class<?> c : classes) {
            String file = c.getName().replace('.', '/') + ".class";
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = ChildJvms.class.getClassLoader().getResourceAsStream(file)) {
                Files.copy(in, target);
            }
        }
        return dir.toString();
    }

    /**
     * The address a {@code serve} child prints on its line beginning {@code prefix}; its output is
     * then drained on a thread of its own, so it never blocks on a full pipe.
     */
    static java.net.URI servingAddress(java.io.BufferedReader out, String prefix) throws IOException {
        java.util.regex.Pattern at = java.util.regex.Pattern.compile("at (http://\\S+) ");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            java.util.regex.Matcher m = at.matcher(line);
            if (line.startsWith(prefix) && m.find()) {
                Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
                return java.net.URI.create(m.group(1));
            }
        }
        throw new IllegalStateException("serve ended without serving");
    }

    /** A child that runs longer than this is stuck (every measured run takes seconds): killed, and an error. */
    private static final long TIMEOUT_SECONDS = Long.getLong("blockscope.bench.childTimeoutSeconds", 300);

    /**
     * Runs {@code mainClass} in a child JVM and returns what it printed; a failed child, or one
     * still running after {@link #TIMEOUT_SECONDS}, is an exception with what it printed.
     */
    static String run(String classPath, List<String> jvmFlags, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!p.waitFor(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) {
                    killed.set(true);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = p.waitFor();
        watchdog.interrupt();
        if (killed.get()) {
            throw new IllegalStateException("child still running after " + TIMEOUT_SECONDS + " s, killed: "
                    + String.join(" ", cmd) + "\n" + out);
        }
        if (exit != 0) {
            throw new IllegalStateException("child failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }
}
