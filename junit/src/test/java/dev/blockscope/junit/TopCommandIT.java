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
}
