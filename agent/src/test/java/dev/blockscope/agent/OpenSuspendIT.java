package dev.blockscope.agent;

import dev.blockscope.agent.workload.SuspendedAtExit;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tasks still suspended when the recording is written get a {@code blockscope.OpenSuspend}. */
class OpenSuspendIT {
    @TempDir
    Path dir;

    @Test
    void everyTaskSuspendedAtExitHasOneOpenSuspendWithItsReasonAndStart() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, SuspendedAtExit.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> events = run.events();
        long before = run.truth("before");
        long after = run.truth("after");
        // Instant.now() in the workload and the agent's conversion from System.nanoTime() can
        // differ by the clocks' drift: a millisecond covers it.
        long slack = 1_000_000;
        check(events, run.truth("latch"), true, "park.latch", before - slack, after + slack);
        check(events, run.truth("sleeper"), false, "sleep", before - slack, after + slack);
        check(events, run.truth("monitor"), true, "monitor.enter", before - slack, after + slack);
    }

    private static void check(List<RecordedEvent> events, long task, boolean virtual, String reason, long from, long to) {
        List<RecordedEvent> open = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.OpenSuspend"))
                .filter(e -> e.getLong("taskId") == task).toList();
        assertThat(open).as("OpenSuspend of task %d", task).hasSize(1);
        RecordedEvent e = open.get(0);
        assertThat(e.getString("reason")).isEqualTo(reason);
        assertThat(e.getBoolean("taskVirtual")).isEqualTo(virtual);
        assertThat(e.getBoolean("pinned")).isFalse();
        assertThat(e.getLong("startNanos")).isBetween(from, to);
        if (virtual) {
            assertThat(e.getLong("carrierId")).isPositive();
        }
        // never resumed: no Suspend of that task
        assertThat(events.stream().filter(x -> x.getEventType().getName().equals("blockscope.Suspend"))
                .filter(x -> x.getThread() != null && x.getThread().getJavaThreadId() == task)).isEmpty();
    }
}
