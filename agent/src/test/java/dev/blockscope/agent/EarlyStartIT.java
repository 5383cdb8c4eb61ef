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
 * {@code startup=now}: the probes record from main's first line while JFR still starts. What they
 * measure goes into the agent's own chunks, which need no JFR; only a wait that gets a stack (JFR
 * takes it) waits for the recording, and is committed when it runs as blockscope.EarlySuspend
 * naming its task, its stack as text. Every wait is in the file exactly once, whether main
 * returns or calls System.exit before JFR is up.
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
     * More waits with a stack before the recording than can wait for it: the rest are written
     * without their stack (none is lost), and the agent says so.
     */
    @Test
    void whenMoreWaitsWithAStackComeThanCanWaitTheRestHaveNone() throws Exception {
        ForkedJvm.run(dir, EarlyWork.class, "");
        ForkedJvm.Run run = ForkedJvm.run(dir, EarlyWork.class, "", "-Dblockscope.earlyCapacity=2");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> mainSleeps = sleeps(run.events(), run.truth("main"));
        assertThat(mainSleeps).as("main's 5 sleeps, each once").hasSize(5);
        if (run.truth("liveAfterSleeps") == 0) {
            // the 2 that wait are the first 2 waits with a stack of any thread (a JDK thread's may be
            // one of them on a slow start): the file has exactly 2, and main's other sleeps have none
            assertThat(run.events("blockscope.EarlySuspend")).hasSize(2);
            long early = mainSleeps.stream().filter(named("blockscope.EarlySuspend")).count();
            assertThat(early).isBetween(0L, 2L);
            assertThat(mainSleeps).filteredOn(named("blockscope.Suspend")).hasSize(5 - (int) early)
                    .allSatisfy(e -> assertThat(e.getStackTrace()).isNull());
            RecordedEvent status = run.events("blockscope.ProbeStatus").stream().filter(e -> e.getString("probe").equals("early"))
                    .findFirst().orElseThrow();
            assertThat(status.getString("detail")).matches("live: recorded from premain on; 2 waits with a stack from before the"
                    + " recording ran \\(\\d+ ms after premain began\\); \\d+ more written without their stack, over the 2 that can"
                    + " wait \\(-Dblockscope.earlyCapacity\\)");
        }
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
        // main's start: premain writes it before it returns, long before JFR runs
        assertThat(ForkedJvm.either(events, "TaskStart")).filteredOn(e -> ForkedJvm.taskOf(e) == main).singleElement()
                .satisfies(e -> assertThat(ForkedJvm.taskNameOf(e)).isEqualTo("main"));
        for (long task : new long[] {virtual, platform}) {
            assertThat(starts(events, task)).as("start of %d, once", task).isEqualTo(1);
            assertThat(ends(events, task)).as("end of %d, once", task).isEqualTo(1);
        }
        assertThat(run.events("blockscope.ProbeStatus")).filteredOn(e -> e.getString("probe").equals("early")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getBoolean("live")).isTrue();
                    assertThat(e.getString("detail")).matches("live: recorded from premain on; \\d+ waits with a stack from before"
                            + " the recording ran \\(\\d+ ms after premain began\\)");
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
