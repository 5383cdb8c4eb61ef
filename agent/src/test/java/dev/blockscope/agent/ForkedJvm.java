package dev.blockscope.agent;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a workload class in a fresh JDK 25 JVM with the shaded agent attached, then reads what it
 * printed and recorded. A workload prints its ground truth as one line
 * {@code GROUND-TRUTH key=value key=value ...}; the tests compare the recording with it.
 */
final class ForkedJvm {
    static final Path AGENT_JAR = Path.of(System.getProperty("blockscope.agent.jar", "target/blockscope-agent.jar"));
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    /** What a forked run left behind. */
    record Run(int exitCode, String stdout, String stderr, Path recording) {
        Map<String, String> groundTruth() {
            for (String line : stdout.split("\n")) {
                if (line.startsWith("GROUND-TRUTH ")) {
                    return Arrays.stream(line.substring(13).trim().split(" "))
                            .map(kv -> kv.split("=", 2))
                            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
                }
            }
            throw new AssertionError("workload printed no GROUND-TRUTH line; stdout:\n" + stdout + "\nstderr:\n" + stderr);
        }

        long truth(String key) {
            return Long.parseLong(groundTruth().get(key));
        }

        List<RecordedEvent> events() throws IOException {
            return RecordingFile.readAllEvents(recording);
        }

        List<RecordedEvent> events(String name) throws IOException {
            return events().stream().filter(e -> e.getEventType().getName().equals(name)).toList();
        }
    }

    private ForkedJvm() {}

    /** Runs {@code workload} with the agent and {@code agentOptions} (file= is added), waiting up to 60 s. */
    static Run run(Path dir, Class<?> workload, String agentOptions, String... jvmFlags) throws Exception {
        Path jfr = dir.resolve(workload.getSimpleName() + ".jfr");
        String options = "file=" + jfr + (agentOptions.isEmpty() ? "" : "," + agentOptions);
        return runRaw(dir, workload, options, jfr, jvmFlags);
    }

    /**
     * {@link #run} with {@code startup=wait}: the recording runs before main, so every wait is an
     * ordinary blockscope.Suspend of its own thread, with the stack policy applied. For the tests
     * of what the probes record in steady state; EarlyStartIT tests the default start, where the
     * waits before JFR is up are blockscope.EarlySuspend.
     */
    static Run runSteady(Path dir, Class<?> workload, String agentOptions, String... jvmFlags) throws Exception {
        return run(dir, workload, "startup=wait" + (agentOptions.isEmpty() ? "" : "," + agentOptions), jvmFlags);
    }

    /** Runs with exactly these agent options (null: no agent). */
    static Run runRaw(Path dir, Class<?> workload, String options, Path jfr, String... jvmFlags) throws Exception {
        Process p = start(dir, workload, options, jvmFlags);
        awaitExit(p, dir, workload.getSimpleName());
        return finish(p, dir, jfr);
    }

    /**
     * Waits up to 60 s for {@code p} to exit; otherwise fails with what it was doing: its threads
     * ({@code jcmd Thread.print}, taken before it is killed) and its stderr, so a hang that a loaded
     * machine shows once can be read from the test report.
     */
    static void awaitExit(Process p, Path dir, String what) throws Exception {
        if (p.waitFor(60, TimeUnit.SECONDS)) {
            return;
        }
        String threads;
        try {
            Process jcmd = new ProcessBuilder(JAVA.resolveSibling("jcmd").toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            threads = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            threads = "(no thread dump: " + e + ")";
        }
        p.destroyForcibly();
        Path err = dir.resolve("stderr.txt");
        throw new AssertionError(what + " did not finish in 60 s; its stderr:\n"
                + (Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "(none)") + "\nits threads:\n" + threads);
    }

    static Process start(Path dir, Class<?> workload, String options, String... jvmFlags) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA.toString());
        if (options != null) {
            cmd.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + "=" + options);
        }
        cmd.add("-Xshare:auto");
        cmd.addAll(List.of(jvmFlags));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(workload.getName());
        return new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    static Run finish(Process p, Path dir, Path jfr) throws IOException {
        return new Run(p.exitValue(),
                Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8), jfr);
    }

    /** Events grouped by the Java thread id of their event thread. */
    static Map<Long, List<RecordedEvent>> byThread(List<RecordedEvent> events) {
        Map<Long, List<RecordedEvent>> map = new HashMap<>();
        for (RecordedEvent e : events) {
            if (e.getThread() != null) {
                map.computeIfAbsent(e.getThread().getJavaThreadId(), k -> new ArrayList<>()).add(e);
            }
        }
        return map;
    }

    /**
     * The task of a blockscope task event: the {@code taskId} field of the early kinds (committed
     * by the agent's thread, see {@code EarlySuspendEvent}), else the event thread; -1 if none.
     */
    static long taskOf(RecordedEvent e) {
        if (e.getEventType().getName().startsWith("blockscope.Early")) {
            return e.getLong("taskId");
        }
        return e.getThread() == null ? -1 : e.getThread().getJavaThreadId();
    }

    /** The name of the task of {@code e} (see {@link #taskOf}). */
    static String taskNameOf(RecordedEvent e) {
        if (e.getEventType().getName().startsWith("blockscope.Early")) {
            return e.getString("taskName");
        }
        return e.getThread() == null ? null : e.getThread().getJavaName();
    }

    /** Events grouped by their task ({@link #taskOf}): early events under the task they name. */
    static Map<Long, List<RecordedEvent>> byTask(List<RecordedEvent> events) {
        Map<Long, List<RecordedEvent>> map = new HashMap<>();
        for (RecordedEvent e : events) {
            long task = taskOf(e);
            if (task >= 0) {
                map.computeIfAbsent(task, k -> new ArrayList<>()).add(e);
            }
        }
        return map;
    }

    /** The kind of a blockscope task event, early or not: "Suspend", "TaskStart", "TaskEnd", ... */
    static String kindOf(RecordedEvent e) {
        String name = e.getEventType().getName();
        return name.startsWith("blockscope.Early") ? name.substring("blockscope.Early".length())
                : name.startsWith("blockscope.") ? name.substring("blockscope.".length()) : name;
    }

    /** Events of {@code kind} ("Suspend", "TaskStart", "TaskEnd"), ordinary and early alike. */
    static List<RecordedEvent> either(List<RecordedEvent> events, String kind) {
        return events.stream().filter(e -> e.getEventType().getName().startsWith("blockscope.") && kindOf(e).equals(kind)).toList();
    }

    /** stderr without the JVM's CDS notice that appending to the bootstrap class path causes. */
    static List<String> agentLines(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("blockscope:")).toList();
    }
}
