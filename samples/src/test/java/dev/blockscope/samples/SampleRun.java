package dev.blockscope.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test support: runs a sample in a forked JDK 25 JVM (the test's own java) and reads its ground truth. */
final class SampleRun {
    /**
     * The agent built by the agent module, or the jar named by {@code -Dblockscope.agent=...}
     * (handy while the agent module is being rebuilt under your feet).
     */
    static final Path AGENT = Path.of(System.getProperty("blockscope.agent",
            Path.of("..", "agent", "target", "blockscope-agent.jar").toString())).toAbsolutePath().normalize();

    final List<String> lines;
    final Map<String, String> truth;

    private SampleRun(List<String> lines, Map<String, String> truth) {
        this.lines = lines;
        this.truth = truth;
    }

    static SampleRun run(List<String> jvmOptions, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("sample", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not finish in 120 s");
            }
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("exit status of %s; output:%n%s", main.getSimpleName(), String.join("\n", lines)).isZero();
            List<String> truths = lines.stream().filter(l -> l.startsWith(GroundTruth.PREFIX)).toList();
            assertThat(truths).as("ground-truth lines of %s; output:%n%s", main.getSimpleName(), String.join("\n", lines)).hasSize(1);
            return new SampleRun(lines, GroundTruth.parse(truths.get(0)));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    long longValue(String key) {
        assertThat(truth).containsKey(key);
        return Long.parseLong(truth.get(key));
    }

    double doubleValue(String key) {
        assertThat(truth).containsKey(key);
        return Double.parseDouble(truth.get(key));
    }
}
