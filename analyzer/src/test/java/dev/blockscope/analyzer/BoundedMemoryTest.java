package dev.blockscope.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A million short virtual threads analyzed in a 256 MiB heap, in a JVM of its own, with every
 * total exactly the generator's. Before ended tasks were compacted each kept its timeline and row
 * to the end (about 1 KB a task: a million ran this heap out); a 10-minute Jetty soak of 4M tasks
 * ran out of 12 GB.
 */
class BoundedMemoryTest {
    private static final int TASKS = 1_000_000;
    /**
     * The timeline's interval budget: its columns are a fixed cost (56 bytes an interval, 110 MB at
     * the default 2M) that does not grow with tasks; report's default, 200,000, leaves the heap to
     * what does (the switch-cost slices, 25 bytes per run slice, still grow with events).
     */
    private static final int BUDGET = 200_000;

    @Test
    void aMillionTasksFitIn256MiBWithExactTotals() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ManyTasksMain.class.getName(), String.valueOf(TASKS), String.valueOf(AnalysisOptions.DEFAULT_MAX_TASKS),
                String.valueOf(BUDGET))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(out));
        Map<String, Long> found = new HashMap<>();
        for (String kv : line.substring("RESULT ".length()).split(" ")) {
            String[] pair = kv.split("=");
            found.put(pair[0], Long.parseLong(pair[1]));
        }
        ManyTasks.Truth truth = new ManyTasks(TASKS).truth();
        assertThat(found).as(line)
                .containsEntry("tasks", truth.tasks())
                .containsEntry("suspensions", truth.suspensions())
                .containsEntry("RUNNING", truth.running())
                .containsEntry("SUSPENDED", truth.suspended())
                .containsEntry("BLOCKED_PINNED", truth.pinned())
                .containsEntry("RUNNABLE", 0L)
                .containsEntry("BLOCKED", 0L)
                .containsEntry("UNKNOWN", 0L)
                .containsEntry("rows", (long) AnalysisOptions.DEFAULT_MAX_TASKS)
                .containsEntry("groups", 2L);
        System.out.println("BoundedMemoryTest: " + line + " " + List.of(out.lines().filter(l -> l.startsWith("(")).toArray()));
    }
}
