package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./blockscope} launcher runs the CLI's shaded jar where this module
 * builds it ({@code cli/target/blockscope.jar}) and rebuilds first when a source of any module
 * it is made of is newer than that jar. The launcher and {@code bin/find-jdk} run from a copy of
 * the repository's layout whose {@code mvnw} only notes that it was called.
 */
class LauncherIT {
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    @TempDir Path root;

    record Run(int exit, String out, boolean built) {}

    private void layout() throws Exception {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(REPO.resolve("blockscope"), root.resolve("blockscope"));
        Files.copy(REPO.resolve("bin/find-jdk"), root.resolve("bin/find-jdk"));
        Path mvnw = Files.writeString(root.resolve("mvnw"), "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/mvnw.calls\"\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String module : List.of("runtime", "agent", "analyzer", "cli", "ui", "samples")) {
            Path source = Files.createDirectories(root.resolve(module + "/src/main/java")).resolve("Old.java");
            Files.writeString(source, "");
            Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(3600)));
        }
        Files.createDirectories(root.resolve("agent/target"));
        Files.writeString(root.resolve("agent/target/blockscope-agent.jar"), "");
        Files.createDirectories(root.resolve("cli/target"));
        Files.copy(Path.of(System.getProperty("blockscope.jar")), root.resolve("cli/target/blockscope.jar"));
    }

    private Run launch(String... args) throws Exception {
        return launch(java.util.Map.of(), args);
    }

    private Run launch(java.util.Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("blockscope").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("BLOCKSCOPE_NO_BUILD");
        pb.environment().remove("BLOCKSCOPE_AOT");
        pb.environment().remove("BLOCKSCOPE_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Path calls = root.resolve("mvnw.calls");
        boolean built = Files.exists(calls);
        Files.deleteIfExists(calls);
        return new Run(p.exitValue(), out, built);
    }

    @Test
    void runsTheCliJarAndRebuildsOnlyWhenASourceIsNewer() throws Exception {
        layout();
        Run fresh = launch("--version");
        assertThat(fresh.exit()).as(fresh.out()).isZero();
        assertThat(fresh.out()).contains("blockscope 0.1.0").doesNotContain("building");
        assertThat(fresh.built()).isFalse();

        for (String module : List.of("cli", "analyzer", "ui")) {
            Path newer = root.resolve(module + "/src/main/java/New.java");
            Files.writeString(newer, "");
            Files.setLastModifiedTime(newer, FileTime.from(Instant.now().plusSeconds(60)));
            Run stale = launch("--version");
            assertThat(stale.built()).as(module + ": " + stale.out()).isTrue();
            assertThat(stale.out()).contains("blockscope: building").contains("blockscope 0.1.0");
            Files.delete(newer);
        }
        Files.delete(root.resolve("cli/target/blockscope.jar"));
        Run missing = launch("--version");
        assertThat(missing.built()).as("no CLI jar: " + missing.out()).isTrue();
    }

    // ---- the start-up cache (this test's JVM is a JDK 25, as the build's; on 21 the launcher makes none, untested here)

    private Path aotDir() {
        return root.resolve("cli/target/aot");
    }

    private List<Path> caches() throws Exception {
        if (!Files.isDirectory(aotDir())) {
            return List.of();
        }
        try (var files = Files.list(aotDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
        }
    }

    private void trainingRecording(byte[] content) throws Exception {
        Path golden = Files.createDirectories(root.resolve("analyzer/src/test/resources/golden")).resolve("demo.jfr");
        Files.write(golden, content);
    }

    @Test
    void makesTheStartUpCacheOnceForABuildAndRunsWithIt() throws Exception {
        layout();
        trainingRecording(Files.readAllBytes(REPO.resolve("analyzer/src/test/resources/golden/demo.jfr")));
        Run first = launch("--version");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains("blockscope: preparing the JVM's start-up cache").contains("blockscope 0.1.0");
        assertThat(caches()).as(first.out()).hasSize(1);
        Path cache = caches().getFirst();

        Run second = launch(java.util.Map.of("BLOCKSCOPE_JAVA_OPTS", "-Xlog:aot=info"), "--version");
        assertThat(second.out()).doesNotContain("preparing").contains("Opened AOT cache " + cache);

        // a rebuilt jar: the next run makes a cache of its own and lets the old one go
        Path jar = root.resolve("cli/target/blockscope.jar");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(120)));
        Run rebuilt = launch("--version");
        assertThat(rebuilt.out()).contains("preparing the JVM's start-up cache").contains("blockscope 0.1.0");
        assertThat(caches()).hasSize(1).doesNotContain(cache);

        // a cache the JVM cannot map is skipped without a word
        Files.write(caches().getFirst(), new byte[4096]);
        Run damaged = launch("--version");
        assertThat(damaged.exit()).isZero();
        assertThat(damaged.out()).matches("blockscope [^\\s]+\n");
    }

    @Test
    void aTrainingRunThatFailsIsSaidOnceAndTheCommandStillRuns() throws Exception {
        layout();
        trainingRecording("not a recording".getBytes(StandardCharsets.UTF_8));
        Run first = launch("--version");
        assertThat(first.exit()).as(first.out()).isZero();
        assertThat(first.out()).contains("blockscope: could not prepare the start-up cache (see ")
                .contains(".training.log); running without it").contains("blockscope 0.1.0");
        assertThat(caches()).isEmpty();
        Run again = launch("--version");
        assertThat(again.out()).as("not tried again for the same build").matches("blockscope [^\\s]+\n");
    }

    @Test
    void blockscopeAotZeroMakesNoCache() throws Exception {
        layout();
        trainingRecording(Files.readAllBytes(REPO.resolve("analyzer/src/test/resources/golden/demo.jfr")));
        Run run = launch(java.util.Map.of("BLOCKSCOPE_AOT", "0"), "--version");
        assertThat(run.out()).matches("blockscope [^\\s]+\n");
        assertThat(aotDir()).doesNotExist();
    }
    /** A one-shot analysis of a file runs on the parallel collector; the rest, serve among them, on the JVM's default. */
    @Test
    void aFileAnalysisRunsOnTheParallelCollectorUnlessTheOptionsNameOne() throws Exception {
        layout();
        String demo = REPO.resolve("analyzer/src/test/resources/golden/demo.jfr").toString();
        java.util.Map<String, String> logGc = java.util.Map.of("BLOCKSCOPE_AOT", "0", "BLOCKSCOPE_JAVA_OPTS", "-Xlog:gc:stdout");
        for (String command : List.of("summary", "tasks", "pinning", "check")) {
            Run run = launch(logGc, command, demo);
            assertThat(run.out()).as(command).contains("Using Parallel").doesNotContain("Exception");
        }
        Run other = launch(logGc, "--version");
        assertThat(other.out()).contains("Using G1").doesNotContain("Using Parallel");
        Run chosen = launch(java.util.Map.of("BLOCKSCOPE_AOT", "0", "BLOCKSCOPE_JAVA_OPTS", "-XX:+UseSerialGC -Xlog:gc:stdout"),
                "summary", demo);
        assertThat(chosen.out()).contains("Using Serial").doesNotContain("Using Parallel");
    }
}
