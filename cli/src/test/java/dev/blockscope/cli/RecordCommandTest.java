package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record}: the program's own output never mixes into {@code --json}, a program that fails
 * gets no summary of the JVM that failed, and a java named after {@code --} is the one that runs
 * (or a usage error when it is older than JDK 21). Before, the program's stdout went into the
 * JSON, a program whose main class did not exist got a full summary of its JVM, and a path to a
 * JDK 17 java was silently replaced by the CLI's JDK 25. The agent here is
 * {@link RecordTestAgent}, which writes the golden demo recording where it is told to.
 */
class RecordCommandTest {
    static final Path JDK17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    @TempDir static Path home;
    static String before;
    static String testClasses;

    @BeforeAll
    static void fakeHome() throws Exception {
        Path jar = home.resolve("agent/target/blockscope-agent.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), RecordTestAgent.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            String name = RecordTestAgent.class.getName().replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(name));
            try (var in = RecordTestAgent.class.getResourceAsStream("/" + name)) {
                in.transferTo(out);
            }
            out.putNextEntry(new JarEntry("recording.path"));
            out.write(Path.of("../analyzer/src/test/resources/golden/demo.jfr").toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        }
        before = System.getProperty("blockscope.home");
        System.setProperty("blockscope.home", home.toString());
        testClasses = Path.of(RecordTestProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @AfterAll
    static void restore() {
        if (before == null) {
            System.clearProperty("blockscope.home");
        } else {
            System.setProperty("blockscope.home", before);
        }
    }

    @Test
    void theProgramsOutputStaysOutOfTheJson() throws Exception {
        CliTest.Run r = CliTest.run("record", "-o", home.resolve("a.jfr").toString(), "--json", "--",
                "-cp", testClasses, RecordTestProgram.class.getName());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("hello from the program");
        assertThat(r.json().get("schema").asText()).isEqualTo("blockscope.analysis/1");
        assertThat(r.err()).contains("hello from the program");
    }

    @Test
    void aProgramThatFailsGetsNoSummary() {
        Path out = home.resolve("b.jfr");
        CliTest.Run r = CliTest.run("record", "-o", out.toString(), "--", "-cp", testClasses, RecordTestProgram.class.getName(), "3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("tasks:").doesNotContain("worst waits");
        assertThat(r.err()).contains("the program exited with code 3", "not summarized", out.toString());
        CliTest.Run missing = CliTest.run("record", "-o", home.resolve("c.jfr").toString(), "--", "-cp", testClasses, "no.such.Main");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).doesNotContain("tasks:");
    }

    @Test
    void aJavaNamedAfterTheDashesIsTheOneThatRuns() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CliTest.Run r = CliTest.run("record", "-o", home.resolve("d.jfr").toString(), "--", java, "-cp", testClasses,
                RecordTestProgram.class.getName());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("blockscope: running " + java);
        assumeTrue(Files.isExecutable(JDK17), "a JDK 17 at " + JDK17);
        CliTest.Run old = CliTest.run("record", "-o", home.resolve("e.jfr").toString(), "--", JDK17.toString(), "-cp", testClasses,
                RecordTestProgram.class.getName());
        assertThat(old.exit()).isEqualTo(2);
        assertThat(old.err()).contains(JDK17.toString(), "JDK 17", "needs JDK 21 or later");
        assertThat(Files.exists(home.resolve("e.jfr"))).isFalse();
    }

    /**
     * A java whose JDK has no {@code release} file beside it (a version manager's shim script,
     * as asdf and jenv install) is asked for its version: a shim in front of JDK 17 ran the
     * program with "its JDK version could not be read". A java that does not exist is a usage
     * error before anything runs.
     */
    @Test
    void aJavaWithoutAReleaseFileIsAskedItsVersion() throws Exception {
        assumeTrue(Files.isExecutable(JDK17), "a JDK 17 at " + JDK17);
        Path shim = home.resolve("shims/bin/java");
        Files.createDirectories(shim.getParent());
        Files.writeString(shim, "#!/bin/sh\nexec " + JDK17 + " \"$@\"\n");
        shim.toFile().setExecutable(true);
        CliTest.Run old = CliTest.run("record", "-o", home.resolve("f.jfr").toString(), "--json", "--", shim.toString(), "-cp", testClasses,
                RecordTestProgram.class.getName());
        assertThat(old.exit()).as(old.err()).isEqualTo(2);
        assertThat(old.err()).contains(shim.toString(), "JDK 17", "needs JDK 21 or later").doesNotContain("hello from the program");
        CliTest.Run none = CliTest.run("record", "-o", home.resolve("g.jfr").toString(), "--", "/no/such/jdk/bin/java", "-cp", testClasses,
                RecordTestProgram.class.getName());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("/no/such/jdk/bin/java: no such file");
    }

    /**
     * Without {@code -o} the recording goes to a temporary file, made before the program runs: a
     * usage error or a JVM that wrote nothing left it behind, empty (24 of them in a build
     * machine's /tmp).
     */
    @Test
    void aTemporaryRecordingThatNeverCameIsDeleted() throws Exception {
        java.util.Set<Path> before = temporaryRecordings();
        CliTest.Run none = CliTest.run("record", "--", "/no/such/jdk/bin/java", "-cp", testClasses, RecordTestProgram.class.getName());
        assertThat(none.exit()).isEqualTo(2);
        if (Files.isExecutable(JDK17)) {
            CliTest.Run old = CliTest.run("record", "--", JDK17.toString(), "-cp", testClasses, RecordTestProgram.class.getName());
            assertThat(old.exit()).isEqualTo(2);
        }
        assertThat(temporaryRecordings()).isSubsetOf(before);
    }

    private static java.util.Set<Path> temporaryRecordings() throws java.io.IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().matches("blockscope-\\d+\\.jfr"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    /** A recording that cannot be written is said before the program runs (it ran, and then 'no recording was written'). */
    @Test
    void aRecordingThatCannotBeWrittenStopsBeforeTheProgramRuns() {
        CliTest.Run r = CliTest.run("record", "-o", "/proc/nope/x.jfr", "--json", "--", "-cp", testClasses,
                RecordTestProgram.class.getName());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().trim()).isEqualTo("blockscope: cannot write /proc/nope/x.jfr: no such directory (/proc/nope)");
    }
}
