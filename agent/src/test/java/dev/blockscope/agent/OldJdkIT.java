package dev.blockscope.agent;

import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent on JVMs it cannot run on: a JDK older than 21 (JDK 17 is the default java of the
 * build machines) and a JDK 25 without the {@code jdk.jfr} module. Each is one line and the
 * application runs on; before, JDK 17 aborted at start (exit 134, an UnsupportedClassVersionError
 * of the premain class) and printed a stack trace on attach, and a JVM without jdk.jfr said
 * "bridge classes partly defined (IllegalStateException...)".
 */
class OldJdkIT {
    /** A program for the old JDK, run from source (the test classes are Java 21 bytecode). */
    private static final String PROGRAM = """
            public class Old {
                public static void main(String[] args) throws Exception {
                    boolean wait = args.length > 0;
                    System.out.println("READY");
                    System.out.flush();
                    long end = System.nanoTime() + (wait ? 60_000_000_000L : 200_000_000L);
                    while (System.nanoTime() < end) {
                        Thread.sleep(20);
                    }
                    System.out.println("GROUND-TRUTH ran=1");
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void javaagentOnJdk17IsOneLineAndTheApplicationRuns() throws Exception {
        Path java = jdk17();
        Path jfr = dir.resolve("old.jfr");
        Process p = start(java, "-javaagent:" + ForkedJvm.AGENT_JAR.toAbsolutePath() + "=file=" + jfr);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        ForkedJvm.Run run = ForkedJvm.finish(p, dir, jfr);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(run.stderr().lines().toList()).containsExactly(
                "blockscope: needs JDK 21 or newer (this is " + version(java) + "); agent disabled");
        assertThat(jfr).doesNotExist();
    }

    @Test
    void attachingToJdk17IsOneLineThereAndARefusalToTheTool() throws Exception {
        Path java = jdk17();
        Process p = start(java, "-Dwait=1", "wait");
        try {
            awaitReady(p);
            VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
            Properties after;
            try {
                vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "file=" + dir.resolve("a.jfr"));
                after = vm.getSystemProperties();
            } finally {
                vm.detach();
            }
            assertThat(after.getProperty("blockscope.attach.result"))
                    .isEqualTo("1:refused:needs JDK 21 or newer (this is " + version(java) + ")");
            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertThat(stderr.lines().toList()).containsExactly(
                    "blockscope: needs JDK 21 or newer (this is " + version(java) + "); agent disabled");
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutTheJfrModuleOneLineNamesItAndTheApplicationRuns() throws Exception {
        Path jfr = dir.resolve("nojfr.jfr");
        ForkedJvm.Run run = ForkedJvm.runRaw(dir, dev.blockscope.agent.workload.Quiet.class, "file=" + jfr, jfr,
                "--limit-modules", "java.base,java.instrument");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(run.stderr().lines().toList()).containsExactly("blockscope: needs the JDK module jdk.jfr, which this JVM does"
                + " not have (an image made by jlink without it, or --limit-modules); agent disabled");
        assertThat(jfr).doesNotExist();
    }

    private Process start(Path java, String... args) throws IOException {
        Path source = dir.resolve("Old.java");
        Files.writeString(source, PROGRAM);
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString()));
        List<String> programArgs = new java.util.ArrayList<>();
        for (String a : args) {
            (a.startsWith("-") ? cmd : programArgs).add(a);
        }
        cmd.add(source.toString());
        cmd.addAll(programArgs);
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    private void awaitReady(Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path stdout = dir.resolve("stdout.txt");
        while (!(Files.exists(stdout) && Files.readString(stdout).contains("READY"))) {
            assertThat(p.isAlive()).as("program alive").isTrue();
            assertThat(System.nanoTime()).as("READY within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** The JDK 17 java of this machine (Debian's package, or any JDK home under /usr/lib/jvm). */
    static Path jdk17() throws IOException {
        Optional<Path> found;
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            found = homes.filter(h -> releaseVersion(h).startsWith("17")).map(h -> h.resolve("bin/java"))
                    .filter(Files::isExecutable).findFirst();
        } catch (java.nio.file.NoSuchFileException e) {
            found = Optional.empty();
        }
        assumeTrue(found.isPresent(), "no JDK 17 under /usr/lib/jvm");
        return found.get();
    }

    private static String releaseVersion(Path home) {
        try {
            return Files.readAllLines(home.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.substring("JAVA_VERSION=".length()).replace("\"", "")).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code java.version} of that java, e.g. 17.0.15. */
    private static String version(Path java) throws IOException {
        return releaseVersion(java.getParent().getParent());
    }
}
