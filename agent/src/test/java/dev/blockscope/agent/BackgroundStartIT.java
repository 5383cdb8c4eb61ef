package dev.blockscope.agent;

import dev.blockscope.agent.workload.LateStart;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code startup=background}: premain returns before the probes are in; what follows is recorded. */
class BackgroundStartIT {
    @TempDir
    Path dir;

    @Test
    void mainRunsBeforeTheProbesAreInAndEverythingAfterIsRecorded() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, LateStart.class, "startup=background,log=info");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.truth("activeAtMain")).as("recording when main started").isZero();
        assertThat(run.truth("activeLater")).isEqualTo(1);
        assertThat(ForkedJvm.agentLines(run.stderr())).singleElement().asString()
                .contains("in the background").contains("probes: park sleep");
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        for (int i = 0; i < 4; i++) {
            List<RecordedEvent> events = byThread.get(run.truth("t" + i));
            assertThat(events).as("events of late-%d", i).isNotNull();
            assertThat(events.stream().filter(e -> e.getEventType().getName().equals("blockscope.Suspend")))
                    .singleElement().satisfies(e -> assertThat(e.getString("reason")).isEqualTo("sleep"));
            assertThat(events.stream().filter(e -> e.getEventType().getName().equals("blockscope.TaskStart"))).hasSize(1);
        }
    }
}
