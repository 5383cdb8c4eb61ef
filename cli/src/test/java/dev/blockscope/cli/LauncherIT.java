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
        List<String> command = new java.util.ArrayList<>(List.of("bash", root.resolve("blockscope").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("BLOCKSCOPE_NO_BUILD");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
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
}
