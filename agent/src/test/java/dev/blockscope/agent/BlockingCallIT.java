package dev.blockscope.agent;

import dev.blockscope.agent.workload.BlockingSocketRead;
import dev.blockscope.agent.workload.MonitorContention;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.blockscope.agent.VirtualThreadIT.named;
import static org.assertj.core.api.Assertions.assertThat;

/** Socket reads and monitor contention: outer probes own the suspension, nothing is lost. */
class BlockingCallIT {
    @TempDir
    Path dir;

    @Test
    void aBlockingSocketReadIsOneSuspendForVirtualAndPlatformReaders() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, BlockingSocketRead.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        for (String reader : List.of("virtual", "platform")) {
            List<RecordedEvent> suspends = named(byThread.get(run.truth(reader)), "blockscope.Suspend");
            List<RecordedEvent> reads = suspends.stream().filter(e -> e.getString("reason").equals("socket.read")).toList();
            assertThat(reads).as(reader + " reader: " + suspends).hasSize(1);
            assertThat(reads.get(0).getDuration()).isGreaterThan(Duration.ofMillis(50));
            // the park inside the read belongs to the read: no second suspension for it
            assertThat(suspends).noneMatch(e -> e.getString("reason").startsWith("park."));
        }
    }

    @Test
    void fileProcessSelectorAndWaitCallsOfAVirtualThreadAreOneSuspendEach() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, dev.blockscope.agent.workload.OtherBlockingCalls.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> suspends = named(ForkedJvm.byThread(run.events()).get(run.truth("thread")), "blockscope.Suspend");
        Map<String, List<RecordedEvent>> byReason = suspends.stream()
                .collect(java.util.stream.Collectors.groupingBy(e -> e.getString("reason")));
        // FileOutputStream.write(byte[]) and RandomAccessFile.write(byte[]) in "rws" mode
        assertThat(byReason.get("file.write")).as(suspends.toString()).hasSize(2);
        // class loading reads class files too: at least our read
        assertThat(byReason.get("file.read")).isNotEmpty();
        // the recorded wait encloses waitFor() as the workload timed it (the child's 200 ms may
        // partly pass before waitFor is called on a loaded machine)
        long waitedNanos = run.truth("waitForNanos");
        assertThat(byReason.get("process.wait")).singleElement()
                .satisfies(e -> assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofNanos(waitedNanos).minusMillis(1)));
        assertThat(byReason.get("selector")).singleElement()
                .satisfies(e -> assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(45)));
        assertThat(byReason.get("monitor.wait")).singleElement().satisfies(e -> {
            assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(29));
            assertThat(e.getLong("timeout")).isEqualTo(30_000_000L);
            assertThat(e.getClass("blockerClass").getName()).isEqualTo("java.lang.Object");
        });
        // the parks inside these calls belong to them
        assertThat(suspends).noneMatch(e -> e.getString("reason").startsWith("park."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-Xint", "-XX:TieredStopAtLevel=1"})
    void everyVirtualThreadBlockedOnSynchronizedIsRecordedAndNothingIsLost(String flag) throws Exception {
        String[] flags = flag.isEmpty() ? new String[0] : new String[] {flag};
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, MonitorContention.class, "", flags);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        long[] ids = Arrays.stream(run.groundTruth().get("ids").split(",")).mapToLong(Long::parseLong).toArray();
        assertThat(ids).hasSize(100);
        for (long id : ids) {
            List<RecordedEvent> entries = named(byThread.get(id), "blockscope.Suspend").stream()
                    .filter(e -> e.getString("reason").equals("monitor.enter")).toList();
            assertThat(entries).as("monitor entries of %d", id).isNotEmpty()
                    .allMatch(e -> e.getLong("carrierId") != 0 && e.getLong("resumeCarrierId") != 0
                            && e.getDuration().isPositive());
        }
        assertThat(run.truth("pending")).isZero();
        // everything the agent committed before the workload printed is in the file (the counter
        // includes the carriers' idle waits, written as blockscope.CarrierIdle)
        assertThat((long) run.events("blockscope.Suspend").size() + run.events("blockscope.CarrierIdle").size())
                .isGreaterThanOrEqualTo(run.truth("suspends"));
    }
}
