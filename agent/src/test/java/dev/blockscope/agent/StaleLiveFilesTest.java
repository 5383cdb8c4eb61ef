package dev.blockscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view of a JVM ({@code blockscope top}, {@code serve --attach}) records into
 * {@code blockscope-live-PID.jfr} in the temporary directory, deleted when the view ends or the
 * JVM exits; a JVM killed with SIGKILL runs neither, and its file and chunk directory stayed
 * (thirteen in a build machine's /tmp). The next view's start deletes those of processes that no
 * longer run, and nothing else.
 */
class StaleLiveFilesTest {
    @TempDir Path tmp;

    @Test
    void theFilesOfJvmsThatNoLongerRunGoAndNothingElse() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor()).isZero();
        long dead = gone.pid();
        long alive = ProcessHandle.current().pid();
        Path deadFile = Files.writeString(tmp.resolve("blockscope-live-" + dead + ".jfr"), "x");
        Path deadChunks = Files.createDirectories(tmp.resolve("blockscope-live-" + dead + ".jfr.chunks"));
        Files.createDirectories(deadChunks.resolve("jfr/2026_12_07"));
        Files.writeString(deadChunks.resolve("chunk-00001.jfr"), "x");
        Files.writeString(deadChunks.resolve("jfr/2026_12_07/a.jfr"), "x");
        Path aliveFile = Files.writeString(tmp.resolve("blockscope-live-" + alive + ".jfr"), "x");
        Path aliveChunks = Files.createDirectories(tmp.resolve("blockscope-live-" + alive + ".jfr.chunks"));
        Path otherName = Files.writeString(tmp.resolve("blockscope-live-" + dead + ".jfr.bak"), "x");
        Path cliDir = Files.createDirectories(tmp.resolve("blockscope-live-123456789"));

        AgentMain.deleteStaleLiveFiles(tmp);

        assertThat(deadFile).doesNotExist();
        assertThat(deadChunks).doesNotExist();
        assertThat(aliveFile).exists();
        assertThat(aliveChunks).exists();
        assertThat(otherName).exists();
        assertThat(cliDir).exists();
    }

    @Test
    void aMissingDirectoryIsNoTrouble() {
        AgentMain.deleteStaleLiveFiles(tmp.resolve("nope"));
    }
}
