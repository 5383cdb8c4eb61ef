package dev.blockscope.bench.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code blockscope attach} says what the target did: before, a second attach after
 * {@code --duration} ended printed success while the target ignored it ("already recording to
 * b1.jfr"), {@code --stop} then reported success and wrote nothing new, and attaching to a JDK 17
 * JVM printed a stack trace there.
 */
class AttachCliTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void attachStopAttachCyclesAreReportedTruthfully() throws Exception {
        Process p = Forked.start(dir, Forked.JAVA, null, Sleepers.class, "-XX:+EnableDynamicAgentLoading", "-Dquiet=true");
        String pid = Long.toString(p.pid());
        try {
            Forked.awaitLine(p, dir.resolve("stdout.txt"), "READY", 60);
            Path b1 = dir.resolve("b1.jfr");
            Forked.Cli first = Forked.cli("attach", pid, "-o", b1.toString(), "--duration", "500ms");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("recording in process " + pid + " to " + b1 + " for 500ms");
            awaitWritten(b1);

            for (int cycle = 2; cycle <= 4; cycle++) {
                Path b = dir.resolve("b" + cycle + ".jfr");
                Forked.Cli start = Forked.cli("attach", pid, "-o", b.toString());
                assertThat(start.exit()).as(start.err()).isZero();
                Forked.Cli again = Forked.cli("attach", pid, "-o", dir.resolve("other.jfr").toString());
                assertThat(again.exit()).isEqualTo(1);
                assertThat(again.err()).contains("blockscope: process " + pid + " refused: already recording to " + b);
                Thread.sleep(300);
                Forked.Cli stop = Forked.cli("attach", pid, "--stop");
                assertThat(stop.exit()).as(stop.err()).isZero();
                assertThat(stop.out()).contains("blockscope: process " + pid + " stopped recording: recording written to " + b);
                assertThat(Files.size(b)).isPositive();
            }
            Forked.Cli nothing = Forked.cli("attach", pid, "--stop");
            assertThat(nothing.exit()).isEqualTo(1);
            assertThat(nothing.err()).contains("refused: stop: no blockscope recording is running in this JVM (the last one was"
                    + " stopped and written to " + dir.resolve("b4.jfr") + ")");
            assertThat(dir.resolve("other.jfr")).doesNotExist();
            for (int cycle = 1; cycle <= 4; cycle++) {
                Path b = dir.resolve("b" + cycle + ".jfr");
                Forked.Cli summary = Forked.cli("summary", b.toString(), "--json");
                assertThat(summary.exit()).as(b + ": " + summary.err()).isZero();
                assertThat(summary.json().path("tasks").findValues("reasons").stream().anyMatch(r -> r.has("sleep")))
                        .as(b.toString()).isTrue();
            }
            assertThat(p.isAlive()).isTrue();
            assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("Exception");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    void attachingToJdk17ExitsOneAndTheTargetPrintsOneLine() throws Exception {
        Path java17 = jdk17();
        Path source = dir.resolve("Old.java");
        Files.writeString(source, """
                public class Old {
                    public static void main(String[] args) throws Exception {
                        System.out.println("READY");
                        System.out.flush();
                        Thread.sleep(120_000);
                    }
                }
                """);
        Process p = new ProcessBuilder(java17.toString(), source.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            Forked.awaitLine(p, dir.resolve("stdout.txt"), "READY", 60);
            Forked.Cli attach = Forked.cli("attach", Long.toString(p.pid()), "-o", dir.resolve("old.jfr").toString());
            String version = release(java17.getParent().getParent());
            assertThat(attach.exit()).isEqualTo(1);
            assertThat(attach.err().strip()).isEqualTo("blockscope: process " + p.pid() + " refused: needs JDK 21 or newer (this is "
                    + version + ")");
            assertThat(Files.readString(dir.resolve("stderr.txt")).lines().toList())
                    .containsExactly("blockscope: needs JDK 21 or newer (this is " + version + "); agent disabled");
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitWritten(Path file) throws Exception {
        Path chunks = file.resolveSibling(file.getFileName() + ".chunks");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(file) && Files.size(file) > 0 && !Files.exists(chunks))) {
            assertThat(System.nanoTime()).as(file + " written within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static Path jdk17() throws IOException {
        Optional<Path> found;
        try (Stream<Path> homes = Files.list(Path.of("/usr/lib/jvm"))) {
            found = homes.filter(h -> release(h).startsWith("17")).map(h -> h.resolve("bin/java")).filter(Files::isExecutable).findFirst();
        } catch (java.nio.file.NoSuchFileException e) {
            found = Optional.empty();
        }
        assumeTrue(found.isPresent(), "no JDK 17 under /usr/lib/jvm");
        return found.get();
    }

    private static String release(Path home) {
        try {
            List<String> lines = Files.readAllLines(home.resolve("release"));
            return lines.stream().filter(l -> l.startsWith("JAVA_VERSION=")).map(l -> l.substring(13).replace("\"", ""))
                    .findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
