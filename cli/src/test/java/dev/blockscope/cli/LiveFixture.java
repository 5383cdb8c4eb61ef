package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forked JVMs for the {@code serve --attach} tests: a {@link LiveTarget} and the shaded CLI
 * serving it, their output lines read as they come; every process is killed at {@link #close()}.
 */
final class LiveFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    /** A process whose stdout lines arrive in a queue. */
    record Forked(Process process, BlockingQueue<String> lines, Writer stdin) {
        String await(Predicate<String> line, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null) {
                    seen.add(l);
                    if (line.test(l)) {
                        return l;
                    }
                }
            }
            throw new AssertionError("no such line within " + seconds + " s; saw " + seen
                    + (process.isAlive() ? "; its threads now:\n" + threadDump() : "; the process exited with " + process.exitValue()));
        }

        /** The process's threads (jcmd Thread.print), so that a line that never came says where it is stuck. */
        private String threadDump() {
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
                String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(30, TimeUnit.SECONDS);
                return dump;
            } catch (IOException | InterruptedException e) {
                return "(no thread dump: " + e + ")";
            }
        }

        void send(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }
    }

    /**
     * A build started in the background by a shell without job control ({@code mvn verify &})
     * runs with SIGINT ignored, which every child inherits, and a JVM started so never installs
     * its SIGINT handler: the Ctrl-C the tests send would then do nothing. {@code env
     * --default-signal=INT} (GNU coreutils 8.31+) restores it and execs the JVM (same pid).
     */
    private static final List<String> DEFAULT_SIGINT = defaultSigint();

    private static List<String> defaultSigint() {
        try {
            Process p = new ProcessBuilder("/usr/bin/env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 ? List.of("/usr/bin/env", "--default-signal=INT") : List.of();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    Forked fork(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(DEFAULT_SIGINT);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process went
            }
        });
        return new Forked(p, lines, new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
    }

    Forked target() throws Exception {
        return target(LiveTarget.class);
    }

    /** A JVM running {@code main} (a test class printing {@code READY} once its tasks run), ready to be attached to. */
    Forked target(Class<?> main) throws Exception {
        Forked t = fork(List.of("-XX:+EnableDynamicAgentLoading", "-cp", System.getProperty("java.class.path"), main.getName()));
        t.await("READY"::equals, 30);
        return t;
    }

    Forked serve(long pid, String window) throws IOException {
        Path home = Path.of(System.getProperty("blockscope.agent.jar")).toAbsolutePath().getParent().getParent().getParent();
        return fork(List.of("-Dblockscope.home=" + home, "-jar", System.getProperty("blockscope.jar"), "serve", "--attach",
                Long.toString(pid), "--window", window));
    }

    /** The address serve printed. */
    static URI address(Forked serve, long pid) throws InterruptedException {
        String line = serve.await(l -> l.startsWith("blockscope: serving process " + pid + " live"), 90);
        Matcher m = Pattern.compile("at (http://\\S+) ").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return URI.create(m.group(1));
    }

    static JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        processes.forEach(Process::destroyForcibly);
    }
}
