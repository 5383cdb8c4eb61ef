package dev.blockscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java program under the blockscope agent: with the JDK that runs the CLI, or with the
 * java the command line names first (a path to a java executable), which must be JDK 21 or later.
 */
final class AgentRun {
    /** The oldest JDK the agent runs on. */
    static final int MIN_FEATURE = 21;

    private AgentRun() {}

    /**
     * The java command for {@code javaArgs} (what follows {@code --}): a leading {@code java} is
     * the CLI's own JDK; a leading path to a java executable is that java, checked to be JDK 21+.
     *
     * @param log where "running ..." is said for an explicit java
     * @throws IllegalArgumentException when there is no program, or the named java is too old
     */
    static List<String> command(List<String> javaArgs, Path out, PrintWriter log) throws IOException {
        return command(javaArgs, out, "", log);
    }

    /**
     * The agent options for {@code --profile} and {@code --interval} (",profile=cpu,interval=1000000ns"),
     * or "" for neither.
     *
     * @throws IllegalArgumentException for a profile or interval the agent would refuse
     */
    static String profileOptions(String profile, String interval) {
        if (profile == null) {
            if (interval != null) {
                throw new IllegalArgumentException("--interval goes with --profile");
            }
            return "";
        }
        for (String mode : profile.split("\\+", -1)) {
            if (!List.of("cpu", "wall", "itimer", "lock", "alloc").contains(mode)) {
                throw new IllegalArgumentException("--profile: unknown '" + mode + "' (cpu, wall, itimer, lock, alloc, joined with +)");
            }
        }
        String options = ",profile=" + profile;
        if (interval != null) {
            long nanos = dev.blockscope.analyzer.report.Durations.parse(interval);
            if (nanos <= 0) {
                throw new IllegalArgumentException("--interval must be more than 0");
            }
            options += ",interval=" + nanos + "ns";
        }
        return options;
    }

    /** As {@link #command(List, Path, PrintWriter)}, with {@code moreOptions} (",key=value...") after the agent's file=. */
    static List<String> command(List<String> javaArgs, Path out, String moreOptions, PrintWriter log) throws IOException {
        List<String> args = new ArrayList<>(javaArgs);
        String java = Home.java();
        if (!args.isEmpty() && args.getFirst().equals("java")) {
            args.removeFirst();
        } else if (!args.isEmpty() && (args.getFirst().endsWith("/java") || args.getFirst().endsWith("\\java.exe"))) {
            java = args.removeFirst();
            if (!Files.isRegularFile(Path.of(java))) {
                throw new IllegalArgumentException(java + ": no such file (give the path of a JDK 21+ java, or leave it out to run "
                        + Home.java() + ")");
            }
            if (!Files.isExecutable(Path.of(java))) {
                throw new IllegalArgumentException(java + ": not executable");
            }
            int feature = feature(Path.of(java));
            if (feature > 0 && feature < MIN_FEATURE) {
                throw new IllegalArgumentException(java + " is JDK " + feature + "; the blockscope agent needs JDK "
                        + MIN_FEATURE + " or later (leave the java out to run the CLI's own JDK, " + Home.java() + ")");
            }
            log.println("blockscope: running " + java + (feature > 0 ? " (JDK " + feature + ")" : " (its JDK version could not be read)"));
            log.flush();
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("no program to run after '--' (example: blockscope record -- -cp app.jar app.Main)");
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-javaagent:" + Home.agentJar() + "=file=" + out.toAbsolutePath() + moreOptions);
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code command} and returns its exit code. With {@code stdout} null the program shares
     * this process's terminal; else its standard output is copied to {@code stdout} (so a JSON
     * result on this process's own stdout stays JSON).
     */
    static int run(List<String> command, PrintWriter stdout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.redirectOutput(stdout == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        Thread copier = null;
        if (stdout != null) {
            copier = Thread.ofPlatform().daemon().name("blockscope program output").start(() -> copy(p.getInputStream(), stdout));
        }
        int exit = p.waitFor();
        if (copier != null) {
            copier.join();
        }
        return exit;
    }

    private static void copy(InputStream in, PrintWriter to) {
        char[] buffer = new char[8192];
        try (Reader r = new InputStreamReader(in, Charset.defaultCharset())) {
            for (int n; (n = r.read(buffer)) >= 0; ) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException ignored) {
            // the program closed its output: nothing more to copy
        }
    }

    /**
     * The feature version of the JDK a java executable belongs to, from its {@code release} file,
     * else from the java itself (a version manager's shim script has no JDK beside it); 0 when unknown.
     */
    static int feature(Path java) {
        try {
            Path home = java.toRealPath().getParent().getParent();
            Path release = home.resolve("release");
            if (!Files.isRegularFile(release)) {
                return askedFeature(java);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(release)) {
                p.load(r);
            }
            String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
            String first = version.split("[.+-]")[0];
            int feature = Integer.parseInt(first);
            return feature == 1 && version.startsWith("1.") ? Integer.parseInt(version.split("\\.")[1]) : feature;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The feature version {@code java -XshowSettings:properties -version} reports (java.specification.version), 0 when unknown. */
    static int askedFeature(Path java) {
        try {
            Process p = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            String version = null;
            try (java.io.BufferedReader r = new java.io.BufferedReader(new InputStreamReader(p.getInputStream(), Charset.defaultCharset()))) {
                for (String line; (line = r.readLine()) != null; ) {
                    String t = line.trim();
                    if (t.startsWith("java.specification.version = ")) {
                        version = t.substring(t.indexOf('=') + 1).trim();
                    }
                }
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            if (version == null) {
                return 0;
            }
            return version.startsWith("1.") ? Integer.parseInt(version.substring(2)) : Integer.parseInt(version.split("\\.")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
