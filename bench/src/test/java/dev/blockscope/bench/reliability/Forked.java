package dev.blockscope.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blockscope.cli.BlockscopeCommand;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Forked JVMs with or without the agent, and the CLI run in this JVM on what they left. */
final class Forked {
    static final Path AGENT_JAR = Path.of(System.getProperty("blockscope.agent.jar", "../agent/target/blockscope-agent.jar"))
            .toAbsolutePath().normalize();
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    private Forked() {}

    /** What a CLI command printed and returned. */
    record Cli(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    /** Starts {@code main} on {@code java} with the test class path, stdout and stderr into {@code dir}. */
    static Process start(Path dir, Path java, String agentOptions, Class<?> main, String... jvmFlags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        if (agentOptions != null) {
            cmd.add("-javaagent:" + AGENT_JAR + "=" + agentOptions);
        }
        cmd.addAll(List.of(jvmFlags));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    static void awaitLine(Process p, Path file, String marker, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!(Files.exists(file) && Files.readString(file).contains(marker))) {
            assertThat(p.isAlive()).as("process alive while waiting for " + marker).isTrue();
            assertThat(System.nanoTime()).as(marker + " within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Runs the CLI in this JVM (the agent jar found through -Dblockscope.home, as the launcher sets it). */
    static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = BlockscopeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Cli(exit, out.toString(), err.toString());
    }

    static List<String> agentLines(Path stderr) throws IOException {
        return Files.readString(stderr).lines().filter(l -> l.startsWith("blockscope:")).toList();
    }
}
