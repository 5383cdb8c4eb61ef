package dev.blockscope.agent;

import dev.blockscope.agent.workload.IdleCarrier;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A carrier's own idle time: while the only virtual thread sleeps 200 ms, its one carrier waits
 * for work, and the recording says so (blockscope.CarrierIdle, reason carrier.idle). Also the
 * wake-up of a join: the ended thread's carrier wakes the joiner, with no task to name.
 */
class CarrierIdleIT {
    @TempDir
    Path dir;

    @Test
    void theCarriersIdleWaitCoversTheSleepOfTheOnlyVirtualThread() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, IdleCarrier.class, "", "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        long from = run.truth("from"), to = run.truth("to");
        RecordedEvent sleep = ForkedJvm.byThread(run.events()).get(run.truth("sleeper")).stream()
                .filter(e -> e.getEventType().getName().equals("blockscope.Suspend")).findFirst().orElseThrow();
        long carrier = sleep.getLong("carrierId");
        assertThat(carrier).isPositive();

        List<RecordedEvent> idle = run.events("blockscope.CarrierIdle");
        // written by the carrier itself: its own event, from the wait's start to its end
        assertThat(idle).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getThread().getJavaThreadId()).isEqualTo(carrier);
            assertThat(e.getEndTime()).isAfterOrEqualTo(e.getStartTime());
        });
        long covered = 0;
        for (RecordedEvent e : idle) {
            covered += Math.max(0, Math.min(to, nanos(e.getEndTime())) - Math.max(from, nanos(e.getStartTime())));
        }
        // the carrier mounts the sleeper to start and end the sleep; the rest of the 200 ms it waits
        assertThat(covered).as("idle time of the carrier during the sleep").isGreaterThan((to - from) * 3 / 4);
        // main's join of the sleeper: the carrier wakes main after the sleeper ended (in
        // VirtualThread.afterDone), so the wake time is recorded but there is no task to name
        RecordedEvent join = ForkedJvm.byThread(run.events()).get(run.truth("main")).stream()
                .filter(e -> e.getEventType().getName().equals("blockscope.Suspend") && e.getString("reason").equals("join"))
                .findFirst().orElseThrow();
        assertThat(join.getLong("wakerId")).isZero();
        assertThat(join.getLong("readyNanos")).isBetween(1L, join.getDuration().toNanos());
        // idle waits do not overlap each other
        List<RecordedEvent> sorted = idle.stream().sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(sorted.get(i).getStartTime()).isAfterOrEqualTo(sorted.get(i - 1).getEndTime());
        }
    }

    private static long nanos(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
