package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.analyzer.read.Recordings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar itself, in a forked JVM: it runs alone, with its dependencies and the UI inside. */
class ShadedJarIT {
    @TempDir Path dir;

    record Result(int exit, String out, String err) {}

    static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("blockscope.jar"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarHoldsItsDependenciesAndTheUi() throws IOException {
        try (JarFile jar = new JarFile(System.getProperty("blockscope.jar"))) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.blockscope.cli.BlockscopeCommand");
            for (String entry : List.of("picocli/CommandLine.class", "com/fasterxml/jackson/databind/ObjectMapper.class",
                    "org/HdrHistogram/Histogram.class", "dev/blockscope/ui/ReportPage.class")) {
                assertThat(jar.getEntry(entry)).as(entry).isNotNull();
            }
            assertThat(jar.getEntry("one/profiler/AsyncProfiler.class")).as("test-only dependency").isNull();
        }
    }

    /**
     * A JSON answer is the same bytes from one JVM to the next: {@code pinning --json} and
     * {@code report --json} wrote their two keys from a {@code Map.of}, whose order is drawn per
     * JVM (the two orders came about half the time each).
     */
    @Test
    void jsonKeysComeInTheSameOrderInEveryJvm() throws Exception {
        Path recording = Recordings.blockscope(dir.resolve("keys.jfr"));
        Path html = dir.resolve("keys.html");
        for (int run = 0; run < 6; run++) {
            Result pinning = java("pinning", recording.toString(), "--json");
            assertThat(pinning.exit()).as(pinning.err()).isZero();
            assertThat(pinning.out()).as("run " + run).startsWith("{\"pinning\":[").contains("],\"stacks\":[");
            Result report = java("report", recording.toString(), "-o", html.toString(), "--json");
            assertThat(report.exit()).as(report.err()).isZero();
            assertThat(report.out()).as("run " + run).startsWith("{\"report\":").contains(",\"recording\":");
        }
    }

    @Test
    void theJarAnalyzesAndReports() throws Exception {
        Path recording = Recordings.blockscope(dir.resolve("it.jfr"));
        Result summary = java("summary", recording.toString(), "--json");
        assertThat(summary.exit()).as(summary.err()).isZero();
        assertThat(new ObjectMapper().readTree(summary.out()).get("schema").asText()).isEqualTo("blockscope.analysis/1");
        Path html = dir.resolve("it.html");
        assertThat(java("report", recording.toString(), "-o", html.toString()).exit()).isZero();
        assertThat(Files.size(html)).isPositive();
        Result usage = java("summary");
        assertThat(usage.exit()).isEqualTo(2);
        Result bad = java("summary", dir.resolve("missing.jfr").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("missing.jfr: no such file").doesNotContain("Exception");
    }
}
