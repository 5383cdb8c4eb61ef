package dev.blockscope.agent;

import dev.blockscope.agent.workload.SleepForAWhile;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duration=} counts from the moment the probes are live, not from the start of the JFR
 * recording: installing the probes takes one to two seconds, longer than a short duration, and a
 * recording that stopped before them would hold no blockscope event at all (as a one-second
 * attach once did).
 */
class DurationIT {
    @TempDir
    Path dir;

    @Test
    void aShortDurationStillRecordsThatLongOnceTheProbesAreLive() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, SleepForAWhile.class, "duration=400ms");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> events = run.events();
        Instant live = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.ProbeStatus"))
                .map(RecordedEvent::getStartTime).min(Instant::compareTo).orElseThrow();
        List<RecordedEvent> sleeps = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.Suspend"))
                .filter(e -> "sleep".equals(e.getString("reason"))).toList();
        assertThat(sleeps).isNotEmpty();
        Instant lastSleepEnd = sleeps.stream().map(RecordedEvent::getEndTime).max(Instant::compareTo).orElseThrow();
        // The workload sleeps for 1.5 s after main starts, so sleeps continue for the whole 400 ms.
        assertThat(Duration.between(live, lastSleepEnd)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        // ... and the recording stopped after the duration, long before the workload ended.
        assertThat(Duration.between(live, lastSleepEnd)).isLessThan(Duration.ofMillis(1200));
    }
}
