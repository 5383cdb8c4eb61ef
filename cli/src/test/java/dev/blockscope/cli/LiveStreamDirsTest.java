package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view ({@code top}, {@code serve --attach}) keeps its socket and files in a directory of the
 * temporary directory, deleted when it ends; one killed with SIGKILL left it (thirteen in a build
 * machine's /tmp). The directory now carries the view's process id, and the next view's start
 * deletes those of processes that no longer run, and nothing else.
 */
class LiveStreamDirsTest {
    @TempDir Path tmp;

    @Test
    void theDirectoriesOfViewsThatNoLongerRunGoAndNothingElse() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor()).isZero();
        Path dead = Files.createDirectories(tmp.resolve("blockscope-live-" + gone.pid() + "-8187264371"));
        Files.writeString(dead.resolve("interval.jfr"), "x");
        Files.writeString(dead.resolve("live.sock"), "");
        Path alive = Files.createDirectories(tmp.resolve("blockscope-live-" + ProcessHandle.current().pid() + "-42"));
        Path agentFile = Files.writeString(tmp.resolve("blockscope-live-" + gone.pid() + ".jfr"), "x");
        Path older = Files.createDirectories(tmp.resolve("blockscope-live-5612334"));
        Path notADirectory = Files.writeString(tmp.resolve("blockscope-live-" + gone.pid() + "-7"), "x");

        LiveStream.deleteStaleDirs(tmp);

        assertThat(dead).doesNotExist();
        assertThat(alive).exists();
        assertThat(agentFile).exists(); // the agent's, which the agent tidies
        assertThat(older).exists(); // made before names carried a process id: whose it is cannot be told
        assertThat(notADirectory).exists();
    }

    @Test
    void aMissingDirectoryIsNoTrouble() {
        LiveStream.deleteStaleDirs(tmp.resolve("nope"));
    }
}
