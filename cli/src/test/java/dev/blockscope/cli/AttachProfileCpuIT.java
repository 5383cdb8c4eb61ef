package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.profile.CpuShares;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attach PID --profile cpu} through the shaded jar, on a JVM already running the analyzer's
 * {@link CpuShares} workload (three virtual threads on one carrier burning 60/30/10 of the CPU):
 * async-profiler is loaded into the running JVM by the attached agent, its samples land in the
 * recording the agent writes after {@code --duration}, and {@code tasks --sort cpu} puts the
 * thread that burnt most first. The target's output carries no warning of ours or the JDK's about
 * loading a native library it did not ask for.
 */
class AttachProfileCpuIT {
    @TempDir Path dir;

    @Test
    void attachWithProfileCpuGivesTheRunningTasksTheirCpu() throws Exception {
        Path home = Path.of(System.getProperty("blockscope.agent.jar")).getParent().getParent().getParent();
        Path stdout = dir.resolve("target.out");
        Path stderr = dir.resolve("target.err");
        Process target = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+EnableDynamicAgentLoading", "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"), CpuShares.class.getName(), "40")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            Thread.sleep(1_000); // the target's JVM up, its three threads burning
            Path jfr = dir.resolve("attached.jfr");
            RecordProfileCpuIT.Run attach = RecordProfileCpuIT.java(List.of("-Dblockscope.home=" + home, "-jar",
                    System.getProperty("blockscope.jar"), "attach", Long.toString(target.pid()), "--profile", "cpu", "--interval", "2ms",
                    "--duration", "4s", "-o", jfr.toString()));
            assertThat(attach.exit()).as(attach.out() + attach.err()).isZero();
            assertThat(attach.out()).contains("recording in process " + target.pid());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(jfr) && Files.size(jfr) > 0 && !Files.exists(dir.resolve("attached.jfr.chunks")))) {
                assertThat(target.isAlive()).as("the target ended before the recording was written: " + Files.readString(stderr)).isTrue();
                assertThat(System.nanoTime()).as("the attached agent wrote no recording in 60 s").isLessThan(deadline);
                Thread.sleep(100);
            }
            RecordProfileCpuIT.Run tasks = RecordProfileCpuIT.java(List.of("-jar", System.getProperty("blockscope.jar"), "tasks",
                    jfr.toString(), "--sort", "cpu"));
            assertThat(tasks.exit()).as(tasks.err()).isZero();
            List<String> lines = tasks.out().lines().toList();
            assertThat(lines.getFirst()).contains(" CPU ");
            assertThat(lines.get(1)).as(tasks.out()).contains("burn-60");
            assertThat(Files.readString(stderr)).doesNotContain("WARNING: A restricted method").doesNotContain("Exception");
        } finally {
            target.destroyForcibly();
            target.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
