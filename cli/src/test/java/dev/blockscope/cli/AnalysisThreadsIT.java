package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dblockscope.analysisThreads=1} (the interval sinks on the analysis' thread) and 2 (on a
 * thread of their own) print the same bytes: {@code summary}, {@code summary --json},
 * {@code tasks --json} and {@code export --format json}, on the analyzer's golden recordings and on
 * an agent recording of thousands of tasks with CPU samples ({@link ManyTasksTarget}).
 */
class AnalysisThreadsIT {
    @TempDir static Path dir;
    static Path many;

    @BeforeAll
    static void record() throws Exception {
        many = dir.resolve("many.jfr");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + System.getProperty("blockscope.agent.jar") + "=file=" + many + ",profile=cpu,interval=1ms",
                "-Djdk.virtualThreadScheduler.parallelism=2", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ManyTasksTarget.class.getName(), "4000"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("GROUND-TRUTH tasks=4000");
    }

    private static String run(int threads, String... args) throws IOException {
        String before = System.getProperty("blockscope.analysisThreads");
        System.setProperty("blockscope.analysisThreads", Integer.toString(threads));
        try {
            CliTest.Run r = CliTest.run(args);
            assertThat(r.exit()).as(r.err()).isZero();
            return r.out();
        } finally {
            if (before == null) {
                System.clearProperty("blockscope.analysisThreads");
            } else {
                System.setProperty("blockscope.analysisThreads", before);
            }
        }
    }

    private static void sameOutputs(String file) throws IOException {
        for (List<String> command : List.of(List.of("summary"), List.of("summary", "--json"), List.of("tasks", "--json"),
                List.of("export", "--format", "json"))) {
            List<String> args = new ArrayList<>(command.subList(0, 1));
            args.add(file);
            args.addAll(command.subList(1, command.size()));
            String one = run(1, args.toArray(String[]::new));
            String two = run(2, args.toArray(String[]::new));
            assertThat(one).isNotEmpty();
            assertThat(two).as(String.join(" ", args)).isEqualTo(one);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo.jfr", "demo-carrier-idle.jfr", "chunked-carrier-idle.jfr"})
    void aGoldenRecordingPrintsTheSameBytes(String name) throws IOException {
        sameOutputs(Path.of("../analyzer/src/test/resources/golden", name).toString());
    }

    @Test
    void manyTasksUnderTheAgentPrintTheSameBytes() throws Exception {
        sameOutputs(many.toString());
        JsonNode a = new ObjectMapper().readTree(run(2, "summary", many.toString(), "--json"));
        // what makes the comparison worth it: thousands of tasks, run slices and CPU samples given to them
        assertThat(a.get("tasks").size() + a.get("taskGroups").size()).isGreaterThan(100);
        assertThat(a.at("/timeline/task").size()).isGreaterThan(4096 * 8);
        // (how many tasks a 1 ms sampler catches in their half millisecond of CPU varies with the load)
        assertThat(a.at("/cpu/samples").asLong()).isPositive();
        assertThat(a.at("/cpu/tasks").size()).isGreaterThan(1);
        assertThat(a.at("/overhead/costSamples").asInt()).isPositive();
    }
}
