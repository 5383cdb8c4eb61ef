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

    /** Runs {@link ManyTasksMain} with {@code args} in a 256 MiB heap; its RESULT line's figures. */
    private static Map<String, Long> forked(String... args) throws Exception {
        return forkedIn("256m", args);
    }

    /** Runs {@link ManyTasksMain} with {@code args} in a heap of {@code heap}; its RESULT line's figures. */
    private static Map<String, Long> forkedIn(String heap, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), ManyTasksMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(out));
        System.out.println("BoundedMemoryTest: " + line);
        Map<String, Long> found = new HashMap<>();
        for (String kv : line.substring("RESULT ".length()).split(" ")) {
            String[] pair = kv.split("=");
            found.put(pair[0], Long.parseLong(pair[1]));
        }
        return found;
    }

    @Test
    void aMillionTasksFitIn256MiBWithExactTotals() throws Exception {
        Map<String, Long> found = forked(String.valueOf(TASKS), String.valueOf(AnalysisOptions.DEFAULT_MAX_TASKS),
                String.valueOf(BUDGET));
        String line = found.toString();
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
    }

    /**
     * The same through the reader: a real recording of 150,000 short virtual threads (a TaskStart,
     * a 20 µs park as a Suspend, a TaskEnd each, committed by the threads themselves), analyzed in
     * 256 MiB. With a timeline and then a row per task to the end (about 2.3 KB a task) it ran out.
     */
    @Test
    void aRecordingOfManyShortVirtualThreadsIsReadIn256MiB(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        int tasks = 150_000;
        Path file = dir.resolve("requests.jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.enable("blockscope.TaskStart");
            r.enable("blockscope.TaskEnd");
            r.enable("blockscope.Suspend").withoutStackTrace().withThreshold(java.time.Duration.ZERO);
            r.start();
            java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(5_000);
            for (int t = 0; t < tasks; t++) {
                running.acquire();
                Thread.ofVirtual().name("request-" + t).start(() -> {
                    try {
                        new dev.blockscope.event.TaskStartEvent().commit();
                        dev.blockscope.event.SuspendEvent s = new dev.blockscope.event.SuspendEvent();
                        s.begin();
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                        s.end();
                        s.reason = dev.blockscope.event.Reason.SOCKET_READ;
                        s.commit();
                        new dev.blockscope.event.TaskEndEvent().commit();
                    } finally {
                        running.release();
                    }
                });
            }
            running.acquire(5_000);
            r.stop();
            r.dump(file);
        }
        Map<String, Long> found = forked("--file", file.toString(), String.valueOf(AnalysisOptions.DEFAULT_MAX_TASKS));
        assertThat(found).containsEntry("tasks", (long) tasks).containsEntry("suspensions", (long) tasks)
                .containsEntry("UNKNOWN", 0L).containsEntry("BLOCKED", 0L).containsEntry("BLOCKED_PINNED", 0L)
                .containsEntry("rows", (long) AnalysisOptions.DEFAULT_MAX_TASKS);
        // every task's states add up to its lifetime, the summed ones' too
        assertThat(found.get("RUNNING") + found.get("RUNNABLE") + found.get("SUSPENDED")).isEqualTo(found.get("lifetimes"));
    }

    /**
     * Memory must not grow with a chunk's events: a recording whose events come in a burst has
     * chunks of tens of megabytes (JFR rotates them by time), and a chunk's records, held until
     * it was sorted by time, took about 100 bytes an event (the 10M-event benchmark file's first
     * chunk, 77 MB, ran a 256 MiB heap out). Here 1,200,000 suspensions of 300 virtual threads,
     * committed as fast as JFR takes them, are analyzed in a 64 MiB heap with exact totals. JFR
     * writes each thread's buffer whole, so such a chunk is out of time order by up to a third of
     * its records: the streamed chunk's block heap held those until they could go and needed
     * 128 MiB (64 MiB passed or failed with the recording's layout); the merge of the chunk's
     * time-ordered runs holds a few records (the same analysis ran in 16 MiB).
     */
    @Test
    void aChunkOfMillionsOfEventsIsReadIn64MiB(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        int threads = 300;
        int perThread = 4_000;
        Path file = dir.resolve("burst.jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.enable("blockscope.TaskStart");
            r.enable("blockscope.TaskEnd");
            r.enable("blockscope.Suspend").withoutStackTrace().withThreshold(java.time.Duration.ZERO);
            r.start();
            List<Thread> all = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                all.add(Thread.ofVirtual().name("burst-" + t).start(() -> {
                    new dev.blockscope.event.TaskStartEvent().commit();
                    for (int i = 0; i < perThread; i++) {
                        dev.blockscope.event.SuspendEvent s = new dev.blockscope.event.SuspendEvent();
                        s.begin();
                        s.end();
                        s.reason = i % 2 == 0 ? dev.blockscope.event.Reason.SOCKET_READ : dev.blockscope.event.Reason.SLEEP;
                        s.commit();
                    }
                    new dev.blockscope.event.TaskEndEvent().commit();
                }));
            }
            for (Thread t : all) {
                t.join();
            }
            r.stop();
            r.dump(file);
        }
        long largest = dev.blockscope.analyzer.read.ChunkScanner.scan(file).chunks().stream()
                .mapToLong(dev.blockscope.analyzer.read.Chunk::size).max().orElse(0);
        System.out.println("BoundedMemoryTest: " + java.nio.file.Files.size(file) + " bytes, largest chunk " + largest);
        assertThat(largest).as("a chunk of millions of records is what is tested").isGreaterThan(10L << 20);
        // JFR may drop a buffer when its disk writer falls behind a burst like this one (it then
        // writes jdk.DataLoss): the truth is what the file holds, read by the JDK's own parser
        long inFile = 0;
        try (jdk.jfr.consumer.RecordingFile rf = new jdk.jfr.consumer.RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                if (rf.readEvent().getEventType().getName().equals("blockscope.Suspend")) {
                    inFile++;
                }
            }
        }
        assertThat(inFile).as("the burst's suspensions in the file, JFR's losses aside")
                .isBetween((long) threads * perThread * 99 / 100, (long) threads * perThread);
        Map<String, Long> found = forkedIn("64m", "--file", file.toString(), String.valueOf(AnalysisOptions.DEFAULT_MAX_TASKS));
        assertThat(found).containsEntry("tasks", (long) threads).containsEntry("suspensions", inFile)
                .containsEntry("UNKNOWN", 0L).containsEntry("BLOCKED", 0L).containsEntry("BLOCKED_PINNED", 0L);
        assertThat(found.get("RUNNING") + found.get("RUNNABLE") + found.get("SUSPENDED")).isEqualTo(found.get("lifetimes"));
    }
}
