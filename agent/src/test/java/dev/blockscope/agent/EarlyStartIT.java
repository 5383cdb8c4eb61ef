package dev.blockscope.agent;

import dev.blockscope.agent.workload.EarlyWork;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code startup=now}: the probes record from main's first line while JFR still starts; what they
 * measure before the recording runs is committed when it does, as blockscope.EarlySuspend,
 * EarlyTaskStart and EarlyTaskEnd naming their task. Every wait is in the file exactly once, as
 * an early or an ordinary event, whether main returns or calls System.exit before JFR is up.
 */
class EarlyStartIT {
    @TempDir
    Path dir;

    @Test
    void waitsBeforeTheRecordingRunsAreCommittedOnceItDoes() throws Exception {
        ForkedJvm.run(dir, EarlyWork.class, ""); // the first start of a build weaves the JDK classes: warm the cache
        ForkedJvm.Run run = ForkedJvm.run(dir, EarlyWork.class, "log=info");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        check(run);
    }

    @Test
    void systemExitWaitsForTheRecording() throws Exception {
        ForkedJvm.run(dir, EarlyWork.Exiting.class, "");
        ForkedJvm.Run run = ForkedJvm.run(dir, EarlyWork.Exiting.class, "log=info");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(7);
        check(run);
        if (run.truth("liveAtExit") == 0) {
            // main's System.exit waited for the recording: shown as main's wait, reason agent.start
            assertThat(ForkedJvm.either(run.events(), "Suspend")).filteredOn(e -> e.getString("reason").equals("agent.start"))
                    .singleElement().satisfies(e -> assertThat(ForkedJvm.taskOf(e)).isEqualTo(run.truth("main")));
        }
    }

    @Test
    void startupWaitRecordsNothingEarly() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, EarlyWork.class, "startup=wait");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.events().stream().filter(e -> e.getEventType().getName().startsWith("blockscope.Early"))).isEmpty();
        assertThat(sleeps(run.events(), run.truth("main"))).hasSize(5);
        assertThat(run.events("blockscope.ProbeStatus").stream().map(e -> e.getString("probe"))).doesNotContain("exit", "early");
    }

    /**
     * More events before the recording than the buffer holds: none is committed (the file would
     * show the missing waits as running), the file starts with the recording, and the agent says so.
     */
    @Test
    void whenTheBufferOverflowsNoEarlyEventIsWrittenAndTheAgentSaysSo() throws Exception {
        ForkedJvm.run(dir, EarlyWork.class, "");
        ForkedJvm.Run run = ForkedJvm.run(dir, EarlyWork.class, "", "-Dblockscope.earlyCapacity=2");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.events()).noneMatch(e -> e.getEventType().getName().startsWith("blockscope.Early"));
        RecordedEvent status = run.events("blockscope.ProbeStatus").stream().filter(e -> e.getString("probe").equals("early"))
                .findFirst().orElseThrow();
        assertThat(status.getBoolean("live")).isFalse();
        assertThat(status.getString("detail")).matches("off: \\d+ events from before the recording ran \\(\\d+ ms after premain began\\)"
                + " were dropped, more than the buffer holds \\(2\\): the file starts with the recording");
        assertThat(ForkedJvm.agentLines(run.stderr())).singleElement().asString()
                .isEqualTo("blockscope: the probes measured more than 2 events before the recording ran"
                        + " (see -Dblockscope.earlyCapacity): none of them is in the file, which starts with the recording");
    }

    private static void check(ForkedJvm.Run run) throws Exception {
        List<RecordedEvent> events = run.events();
        long main = run.truth("main");
        long virtual = run.truth("virtual");
        long platform = run.truth("platform");

        List<RecordedEvent> mainSleeps = sleeps(events, main);
        assertThat(mainSleeps).as("main's 5 sleeps, each once").hasSize(5)
                .allSatisfy(e -> assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(19)));
        if (run.truth("liveAfterSleeps") == 0) {
            // the agent's recording did not run yet when they were over
            assertThat(mainSleeps).allSatisfy(e -> assertThat(e.getEventType().getName()).isEqualTo("blockscope.EarlySuspend"));
            // 20 ms is over the default stack cut (1 ms): the task took its stack as text
            assertThat(mainSleeps).allSatisfy(e -> assertThat(e.getString("stackFrames"))
                    .startsWith("java.lang.Thread.sleep").contains("\n" + EarlyWork.class.getName() + ".main:"));
        }
        assertThat(sleeps(events, virtual)).singleElement()
                .satisfies(e -> assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(29)));
        assertThat(sleeps(events, platform)).singleElement()
                .satisfies(e -> assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(9)));
        // early events name their task in fields; the event thread is the agent's
        for (RecordedEvent e : events) {
            if (e.getEventType().getName().startsWith("blockscope.Early")) {
                assertThat(e.getThread().getJavaName()).startsWith("blockscope ");
                if (e.getLong("taskId") == virtual) {
                    assertThat(e.getBoolean("taskVirtual")).isTrue();
                    assertThat(e.getString("taskName")).isEqualTo("early-virtual");
                }
            }
        }
        // main's start is always early: premain commits it before it returns
        assertThat(events).filteredOn(named("blockscope.EarlyTaskStart"))
                .filteredOn(e -> e.getLong("taskId") == main).singleElement()
                .satisfies(e -> assertThat(e.getString("taskName")).isEqualTo("main"));
        for (long task : new long[] {virtual, platform}) {
            assertThat(starts(events, task)).as("start of %d, once", task).isEqualTo(1);
            assertThat(ends(events, task)).as("end of %d, once", task).isEqualTo(1);
        }
        assertThat(run.events("blockscope.ProbeStatus")).filteredOn(e -> e.getString("probe").equals("early")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getBoolean("live")).isTrue();
                    assertThat(e.getString("detail")).matches("live: \\d+ events from before the recording ran \\(\\d+ ms after premain began\\)");
                });
        assertThat(ForkedJvm.agentLines(run.stderr())).singleElement().asString().contains("recording ran after").contains(" exit ");
        // the agent's own wait at exit is its own reason, agent.start, never the latch inside it
        List<RecordedEvent> suspends = ForkedJvm.either(events, "Suspend");
        assertThat(suspends).noneMatch(e -> "park.latch".equals(e.getString("reason")));
        assertThat(suspends).filteredOn(e -> e.getString("reason").equals("agent.start")).allSatisfy(e -> {
            assertThat(ForkedJvm.taskNameOf(e)).isIn("main", "DestroyJavaVM");
            assertThat(e.getLong("timeout")).isEqualTo(10_000_000_000L);
            assertThat(e.getDuration()).isLessThan(Duration.ofSeconds(10));
        });
    }

    private static Predicate<RecordedEvent> named(String name) {
        return e -> e.getEventType().getName().equals(name);
    }

    private static List<RecordedEvent> sleeps(List<RecordedEvent> events, long task) {
        return ForkedJvm.either(events, "Suspend").stream()
                .filter(e -> ForkedJvm.taskOf(e) == task && "sleep".equals(e.getString("reason")))
                .toList();
    }

    private static long starts(List<RecordedEvent> events, long task) {
        return ForkedJvm.either(events, "TaskStart").stream().filter(e -> ForkedJvm.taskOf(e) == task).count();
    }

    private static long ends(List<RecordedEvent> events, long task) {
        return ForkedJvm.either(events, "TaskEnd").stream().filter(e -> ForkedJvm.taskOf(e) == task).count();
    }
}
