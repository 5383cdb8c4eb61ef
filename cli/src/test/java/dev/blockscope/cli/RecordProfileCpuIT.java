package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.profile.CpuShares;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record --profile cpu} through the shaded jar: the agent gets async-profiler's options, and
 * {@code tasks --sort cpu} ranks the analyzer's {@link CpuShares} workload (three virtual threads on
 * one carrier burning 60/30/10 of the CPU) by what each burnt. The shares themselves against the
 * workload's ground truth are the analyzer's {@code CpuShareIT}.
 */
class RecordProfileCpuIT {
    @TempDir Path dir;

    record Run(int exit, String out, String err) {}

    static Run java(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void recordWithProfileCpuGivesTheTasksTheirCpu() throws Exception {
        Path home = Path.of(System.getProperty("blockscope.agent.jar")).getParent().getParent().getParent();
        Path jfr = dir.resolve("record.jfr");
        Run run = java(List.of("-Dblockscope.home=" + home, "-jar", System.getProperty("blockscope.jar"), "record", "--profile", "cpu",
                "--interval", "2ms", "-o", jfr.toString(), "--json", "--", "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-cp", System.getProperty("java.class.path"), CpuShares.class.getName(), "0.6",
                "4000"));
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(run.out());
        assertThat(a.get("cpu").get("intervalNanos").asLong()).isEqualTo(2_000_000L);
        assertThat(run.err()).doesNotContain("WARNING: A restricted method");
        Run tasks = java(List.of("-jar", System.getProperty("blockscope.jar"), "tasks", jfr.toString(), "--sort", "cpu"));
        assertThat(tasks.exit()).as(tasks.err()).isZero();
        List<String> lines = tasks.out().lines().toList();
        assertThat(lines.getFirst()).contains(" CPU ");
        assertThat(lines.get(1)).contains("burn-60");
    }

    @Test
    void anAgentJarWhoseFileNameIsNoModuleNameStillProfiles() throws Exception {
        // "1.jar" derives no automatic module name (FindException): async-profiler then loads from the
        // class path, without its own module layer, says so at log=info, and samples all the same
        Path jar = java.nio.file.Files.copy(Path.of(System.getProperty("blockscope.agent.jar")), dir.resolve("1.jar"));
        Path jfr = dir.resolve("renamed.jfr");
        Run run = java(List.of("-javaagent:" + jar + "=file=" + jfr + ",profile=cpu,interval=2ms,log=info",
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1", "-cp",
                System.getProperty("java.class.path"), CpuShares.class.getName(), "0.6", "4000"));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("async-profiler loads from the class path, without native access granted");
        Run tasks = java(List.of("-jar", System.getProperty("blockscope.jar"), "tasks", jfr.toString(), "--sort", "cpu"));
        assertThat(tasks.exit()).as(tasks.err()).isZero();
        assertThat(tasks.out().lines().toList().get(1)).as(tasks.out()).contains("burn-60");
    }
}
