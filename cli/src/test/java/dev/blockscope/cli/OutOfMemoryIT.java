package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.event.Reason;
import dev.blockscope.event.SuspendNoStackEvent;
import dev.blockscope.event.TaskStartEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap too small for the recording is one line on stderr saying how to give it more, and exit
 * code 3, never the JVM's {@code OutOfMemoryError} and its stack trace (a 5M-event recording at
 * {@code -Xmx256m} printed one from the chunk reader). The shaded jar runs in a forked JVM with a
 * 6 MB heap on 300,000 suspensions. (They ran out of 16 MB while the timeline's columns grew by
 * doubling; in pages, fitted to a sixth of the heap, they run through 10 MB, and so do 2,000,000.)
 */
class OutOfMemoryIT {
    @TempDir Path dir;

    private Path suspensions(int count) throws Exception {
        Path file = dir.resolve("many.jfr");
        try (Recording r = new Recording()) {
            r.enable("blockscope.TaskStart");
            r.enable("blockscope.Suspend").withoutStackTrace().withThreshold(java.time.Duration.ZERO);
            r.start();
            Thread.ofPlatform().name("suspender").start(() -> {
                new TaskStartEvent().commit();
                for (int i = 0; i < count; i++) {
                    SuspendNoStackEvent e = new SuspendNoStackEvent();
                    e.begin();
                    e.end();
                    e.reason = Reason.PARK_OTHER;
                    e.commit();
                }
            }).join();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    /**
     * With the interval sinks on a thread of their own (2) the heap may run out there, in the
     * timeline's columns: the analysis' thread rethrows it, and it is the same line.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void tooSmallAHeapIsOneLineAndExitCode3(int analysisThreads) throws Exception {
        String stderr = outOfMemory(suspensions(300_000), "-Xmx6m", "-Dblockscope.analysisThreads=" + analysisThreads);
        assertThat(stderr.strip()).startsWith("blockscope: out of memory: the analysis needs more than this JVM's heap of ")
                .contains("BLOCKSCOPE_HEAP=").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(stderr.strip().lines().count()).isEqualTo(1);
    }

    /** The launcher runs a file's analysis on the parallel collector: the line names the heap given, not what it leaves usable. */
    @Test
    void underTheParallelCollectorTheLineNamesTheHeapGiven() throws Exception {
        String stderr = outOfMemory(suspensions(300_000), "-XX:+UseParallelGC", "-Xmx6m");
        assertThat(stderr.strip()).startsWith("blockscope: out of memory: the analysis needs more than this JVM's heap of 6 MB;")
                .contains("BLOCKSCOPE_HEAP=1g");
    }

    /** Runs {@code summary file} in a JVM with {@code jvmFlags}, checks it exits 3 (out of memory), and returns its stderr. */
    private static String outOfMemory(Path file, String... jvmFlags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-jar", System.getProperty("blockscope.jar"), "summary", file.toString()));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] err = p.getErrorStream().readAllBytes();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String stderr = new String(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(stderr).isEqualTo(FailureHandler.OUT_OF_MEMORY);
        return stderr;
    }

    @Test
    void theSameFileIsAnalyzedInALargerHeap() throws Exception {
        Path file = suspensions(300_000);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                System.getProperty("blockscope.jar"), "summary", file.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
