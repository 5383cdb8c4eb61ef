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
            // woken by the data's arrival (the JDK's poller), not by a task
            assertThat(reads.get(0).getLong("wakerId")).as(reader).isZero();
            // the park inside the read belongs to the read: no second suspension for it
            assertThat(suspends).noneMatch(e -> e.getString("reason").startsWith("park."));
        }
        // the JDK's I/O sub-pollers (virtual threads) are its machinery, not tasks
        assertThat(run.events()).noneMatch(e -> e.getEventType().getName().startsWith("blockscope.")
                && e.getThread() != null && e.getThread().getJavaName() != null && e.getThread().getJavaName().startsWith("SubPoller-"));
    }

    /**
     * Each way of waiting in java.util.concurrent is one suspension with the reason of what it
     * waits for, including Condition.await() and the BlockingQueue.take() built on it, which
     * park with no blocker argument after {@code LockSupport.setCurrentBlocker}.
     */
    @Test
    void everyWaitOfJavaUtilConcurrentIsOneSuspendNamingWhatItWaitsFor() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, dev.blockscope.agent.workload.SynchronizerWaits.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        String condition = "java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject";
        Map<String, String[]> expected = new java.util.LinkedHashMap<>();
        expected.put("lock", new String[] {"park.lock", "java.util.concurrent.locks.ReentrantLock$NonfairSync"});
        expected.put("await", new String[] {"park.condition", condition});
        expected.put("awaitNanos", new String[] {"park.condition", condition});
        expected.put("arrayQueue", new String[] {"park.condition", condition});
        expected.put("linkedQueue", new String[] {"park.condition", condition});
        expected.put("platformQueue", new String[] {"park.condition", condition});
        expected.put("synchronousQueue", new String[] {"park.queue", null});
        expected.put("latch", new String[] {"park.latch", "java.util.concurrent.CountDownLatch$Sync"});
        expected.put("semaphore", new String[] {"park.semaphore", "java.util.concurrent.Semaphore$NonfairSync"});
        expected.put("future", new String[] {"park.future", "java.util.concurrent.CompletableFuture$Signaller"});
        expected.put("bare", new String[] {"park.other", null});
        for (Map.Entry<String, String[]> e : expected.entrySet()) {
            List<RecordedEvent> suspends = named(byThread.get(run.truth(e.getKey())), "blockscope.Suspend");
            // the wait main ends after 100 ms; a condition waiter may wait briefly again for the lock
            List<RecordedEvent> waits = suspends.stream()
                    .filter(s -> s.getDuration().compareTo(Duration.ofMillis(50)) >= 0).toList();
            assertThat(waits).as(e.getKey() + ": " + suspends).singleElement().satisfies(w -> {
                assertThat(w.getString("reason")).as(e.getKey()).isEqualTo(e.getValue()[0]);
                if (e.getValue()[1] != null) {
                    assertThat(w.getClass("blockerClass").getName()).as(e.getKey()).isEqualTo(e.getValue()[1]);
                }
            });
            if (!e.getKey().equals("bare")) {
                assertThat(suspends).as(e.getKey()).noneMatch(s -> s.getString("reason").equals("park.other"));
            }
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
        // the recorded wait is waitFor() as the workload timed it, less the probe's own work at
        // both ends (the child's 200 ms may partly pass before waitFor is called on a loaded
        // machine; at load 12 the OS once took the waiting thread off the CPU for 1.01 ms there)
        long waitedNanos = run.truth("waitForNanos");
        assertThat(byReason.get("process.wait")).singleElement()
                .satisfies(e -> assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofNanos(waitedNanos).minusMillis(5)));
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
        checkMonitorContention(ForkedJvm.runSteady(dir, MonitorContention.class, "", flags));
    }

    /**
     * The default start: the contention begins while JFR still starts, so the carriers measure
     * entries whose threads commit them before the recording runs (blockscope.EarlySuspend) or after.
     */
    @Test
    void monitorEntriesMeasuredBeforeTheRecordingRunsAreRecordedToo() throws Exception {
        ForkedJvm.run(dir, MonitorContention.class, ""); // the first start of a build weaves: warm the cache
        ForkedJvm.Run run = ForkedJvm.run(dir, MonitorContention.class, "");
        checkMonitorContention(run);
        if (run.truth("liveAtEnd") == 0) {
            // the agent's recording did not run yet when the contention was over: the entries went
            // into the agent's own chunks all the same (they have no stack, so nothing waits for JFR)
            assertThat(run.events("blockscope.Suspend")).as("monitor entries from before JFR was up")
                    .anyMatch(e -> e.getString("reason").equals("monitor.enter"));
            assertThat(run.events("blockscope.EarlySuspend")).noneMatch(e -> e.getString("reason").equals("monitor.enter"));
        }
    }

    private static void checkMonitorContention(ForkedJvm.Run run) throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> events = run.events();
        List<RecordedEvent> suspends = ForkedJvm.either(events, "Suspend");
        long[] ids = Arrays.stream(run.groundTruth().get("ids").split(",")).mapToLong(Long::parseLong).toArray();
        assertThat(ids).hasSize(100);
        for (long id : ids) {
            List<RecordedEvent> entries = suspends.stream()
                    .filter(e -> ForkedJvm.taskOf(e) == id && e.getString("reason").equals("monitor.enter")).toList();
            // on failure, everything recorded of the task, and whether the recording ran by the end
            assertThat(entries).as(() -> "monitor entries of " + id + " (liveAtEnd=" + run.groundTruth().get("liveAtEnd")
                            + "): " + events.stream().filter(e -> ForkedJvm.taskOf(e) == id).toList()).isNotEmpty()
                    .allMatch(e -> e.getLong("carrierId") != 0 && e.getLong("resumeCarrierId") != 0
                            && e.getDuration().isPositive());
        }
        assertThat(run.truth("pending")).isZero();
        // everything the agent committed before the workload printed is in the file (the counter
        // includes the carriers' idle waits, written as blockscope.CarrierIdle)
        assertThat((long) suspends.size() + run.events("blockscope.CarrierIdle").size())
                .isGreaterThanOrEqualTo(run.truth("suspends"));
    }
}
