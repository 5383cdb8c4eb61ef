package dev.blockscope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.junit.fixtures.TopTarget;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code blockscope top} (the CLI's shaded jar) on a forked JVM without the agent: it attaches,
 * shows each second's waits (the target's lock contention, at its call site), and quitting leaves
 * the JVM running without a recording, so the next {@code top} starts afresh. Here, because this is
 * the module built after both the agent and the CLI.
 */
class TopCommandIT {
    static final Path ROOT = Path.of(System.getProperty("blockscope.agent.jar", "../agent/target/blockscope-agent.jar"))
            .toAbsolutePath().getParent().getParent().getParent().normalize();

    private static String top(long pid, int iterations) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Dblockscope.home=" + ROOT, "-jar",
                ROOT.resolve("cli/target/blockscope.jar").toString(), "top", Long.toString(pid), "--iterations",
                Integer.toString(iterations))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void showsEachSecondsWaitsAndLeavesTheJvmAsItWas() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process target = new ProcessBuilder(List.of(java.toString(), "-XX:+EnableDynamicAgentLoading", "-cp",
                System.getProperty("java.class.path"), TopTarget.class.getName())).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("READY");
            String out = top(target.pid(), 3);
            assertThat(Pattern.compile("^blockscope top: pid " + target.pid() + ", interval ", Pattern.MULTILINE).matcher(out).results())
                    .hasSize(3);
            // every interval: the eight contenders, most waiting for the lock at TopTarget.hold (long waits: they get the stacks)
            String last = out.substring(out.lastIndexOf("blockscope top: pid"));
            assertThat(last).containsPattern("tasks now: RUNNING \\d+ RUNNABLE \\d+ SUSPENDED \\d+");
            Matcher lock = Pattern.compile("^  park\\.lock +(\\S+ \\S+) +([\\d,]+) waits .*TopTarget\\.hold", Pattern.MULTILINE)
                    .matcher(last);
            assertThat(lock.find()).as(out).isTrue();
            // the 2 ms sleeps inside the lock: counted by reason whether or not they won a stack (the
            // agent's 200 stacks a second go to the longest waits, here the lock's)
            assertThat(last).containsPattern("(?m)^  by reason: .*\\bsleep [\\d.]+ \\S+ in [\\d,]+");
            assertThat(last).contains("pinning: none").containsPattern("scheduler latency: p50 \\S+ \\S+, p99");
            assertThat(last).containsPattern("carriers: ForkJoinPool-1-worker-\\d+ \\d+%");

            // quitting stopped the recording it started and deleted its file: the next top starts one again
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "blockscope-live-" + target.pid() + ".jfr");
            for (int i = 0; i < 100 && Files.exists(file); i++) {
                Thread.sleep(100);
            }
            assertThat(file).doesNotExist();
            assertThat(target.isAlive()).isTrue();
            assertThat(top(target.pid(), 1)).contains("blockscope top: pid " + target.pid());
        } finally {
            target.destroyForcibly();
        }
    }

    /**
     * Ctrl-C ends top's JVM without the finally blocks: its shutdown hook deletes what it kept in
     * the temporary directory (the last second's chunk, the stream's socket and directory), which
     * stayed there before, and the watched JVM deletes the recording it started for the view.
     */
    @Test
    void ctrlCLeavesNothingInTheTemporaryDirectory(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process target = new ProcessBuilder(List.of(java.toString(), "-XX:+EnableDynamicAgentLoading", "-cp",
                System.getProperty("java.class.path"), TopTarget.class.getName())).redirectErrorStream(true).start();
        Process top = null;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("READY");
            List<String> command = new java.util.ArrayList<>();
            // a JVM started by a build in the background ignores SIGINT unless it is given back
            Process probe = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            if (probe.waitFor() == 0) {
                command.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
            }
            command.addAll(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp, "-Dblockscope.home=" + ROOT, "-jar",
                    ROOT.resolve("cli/target/blockscope.jar").toString(), "top", Long.toString(target.pid())));
            top = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(top.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("blockscope top: pid " + target.pid())) {
                // until the first second is shown
            }
            assertThat(line).as("top's first second").isNotNull();
            try (var inTmp = Files.list(tmp)) {
                assertThat(inTmp.toList()).as("while it runs").anyMatch(f -> f.getFileName().toString().startsWith("blockscope-live-"));
            }
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(top.pid())).start().waitFor()).isZero();
            assertThat(top.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (var inTmp = Files.walk(tmp)) {
                assertThat(inTmp.filter(f -> !f.equals(tmp)).toList()).as("after Ctrl-C").isEmpty();
            }
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "blockscope-live-" + target.pid() + ".jfr");
            for (int i = 0; i < 100 && Files.exists(file); i++) {
                Thread.sleep(100);
            }
            assertThat(file).doesNotExist();
            assertThat(target.isAlive()).isTrue();
        } finally {
            if (top != null) {
                top.destroyForcibly();
            }
            target.destroyForcibly();
        }
    }
}
