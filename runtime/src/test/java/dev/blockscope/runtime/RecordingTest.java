package dev.blockscope.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.event.Reason;
import dev.blockscope.event.TaskHints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runtime records by itself, read back from a real JFR recording. The scenarios make
 * the number of waits certain: the partner is provably queued before the operation.
 */
class RecordingTest {
    private static final int ROUNDS = 25;

    @TempDir
    Path dir;

    @AfterEach
    void noAgent() {
        TaskHints.markAgentActive(false);
    }

    private List<RecordedEvent> record(Runnable scenario) throws Exception {
        try (Recording r = new Recording()) {
            for (String name : List.of("blockscope.Suspend", "blockscope.TaskStart", "blockscope.TaskEnd",
                    "blockscope.TaskLabel", "blockscope.Region", "blockscope.Log")) {
                r.enable(name).withThreshold(Duration.ZERO);
            }
            r.start();
            scenario.run();
            r.stop();
            Path file = dir.resolve("run.jfr");
            r.dump(file);
            assertThat(Files.size(file)).isPositive();
            return RecordingFile.readAllEvents(file);
        }
    }

    private static long suspends(List<RecordedEvent> events, String reason, Object blocker) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals("blockscope.Suspend"))
                .filter(e -> reason.equals(e.getString("reason")))
                .filter(e -> e.getInt("blockerId") == System.identityHashCode(blocker))
                .count();
    }

    private static void join(Task t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void receiverWaitingFirstRecordsOneChanRecvPerValueAndNoSend() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        List<RecordedEvent> events = record(() -> {
            Task receiver = Task.go("receiver", () -> {
                for (int i = 0; i < ROUNDS; i++) ch.receive();
            });
            for (int i = 0; i < ROUNDS; i++) {
                Waiting.until(() -> ch.waitingReceivers() == 1, "the receiver waits");
                ch.send(i);
            }
            join(receiver);
        });
        assertThat(suspends(events, Reason.CHAN_RECV, ch)).isEqualTo(ROUNDS);
        assertThat(suspends(events, Reason.CHAN_SEND, ch)).isZero();
        RecordedEvent one = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.Suspend"))
                .filter(e -> e.getInt("blockerId") == System.identityHashCode(ch)).findFirst().orElseThrow();
        assertThat(one.getThread().getJavaName()).isEqualTo("receiver");
        assertThat(one.getClass("blockerClass").getName()).isEqualTo(Channel.class.getName());
        assertThat(one.getLong("timeout")).isEqualTo(-1);
        assertThat(one.getStackTrace()).isNotNull();
    }

    @Test
    void senderWaitingFirstRecordsOneChanSendPerValue() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        List<RecordedEvent> events = record(() -> {
            Task sender = Task.go("sender", () -> {
                for (int i = 0; i < ROUNDS; i++) ch.send(i);
            });
            for (int i = 0; i < ROUNDS; i++) {
                Waiting.until(() -> ch.waitingSenders() == 1, "the sender waits");
                ch.receive();
            }
            join(sender);
        });
        assertThat(suspends(events, Reason.CHAN_SEND, ch)).isEqualTo(ROUNDS);
        assertThat(suspends(events, Reason.CHAN_RECV, ch)).isZero();
    }

    @Test
    void timedOutSelectsRecordChanSelectWithTheirTimeout() throws Exception {
        Channel<Integer> idle = Channel.unbuffered();
        Select select = new Select().recv(idle).timeout(Duration.ofMillis(1), null);
        List<RecordedEvent> events = record(() -> {
            for (int i = 0; i < 10; i++) select.run();
            // A ready select does not wait and records nothing.
            Channel<Integer> ready = Channel.buffered(1);
            ready.send(1);
            new Select().recv(ready).run();
        });
        assertThat(suspends(events, Reason.CHAN_SELECT, select)).isEqualTo(10);
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("blockscope.Suspend"))
                .filter(e -> Reason.CHAN_SELECT.equals(e.getString("reason"))).count()).isEqualTo(10);
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("blockscope.Suspend"))
                .filter(e -> e.getInt("blockerId") == System.identityHashCode(select))
                .allMatch(e -> e.getLong("timeout") == 1_000_000L && e.getDuration().toNanos() >= 1_000_000L))
                .isTrue();
    }

    @Test
    void waitGroupWaitRecordsOneSuspension() throws Exception {
        WaitGroup wg = new WaitGroup();
        List<RecordedEvent> events = record(() -> {
            wg.add(1);
            Task waiter = Task.go("waiter", wg::await);
            Waiting.until(() -> wg.waiting() == 1, "the waiter waits");
            wg.done();
            join(waiter);
            wg.await(); // zero already: no wait, nothing recorded
        });
        assertThat(suspends(events, Reason.WAITGROUP, wg)).isEqualTo(1);
    }

    @Test
    void tasksRecordStartLabelAndEndWithParentAndGroup() throws Exception {
        AtomicReference<Task> child = new AtomicReference<>();
        AtomicReference<Task> parent = new AtomicReference<>();
        List<RecordedEvent> events = record(() -> {
            parent.set(Task.go("grp", "rec-parent", () -> {
                child.set(Task.go("rec-child", () -> {}));
                join(child.get());
                throw new IllegalStateException("expected by the test: a failing task");
            }));
            join(parent.get());
        });
        List<RecordedEvent> labels = events.stream()
                .filter(e -> e.getEventType().getName().equals("blockscope.TaskLabel"))
                .filter(e -> e.getString("taskName").startsWith("rec-")).toList();
        assertThat(labels).hasSize(2);
        RecordedEvent childLabel = labels.stream().filter(e -> e.getString("taskName").equals("rec-child")).findFirst().orElseThrow();
        assertThat(childLabel.getString("group")).isEqualTo("grp");
        assertThat(childLabel.getLong("runtimeTaskId")).isEqualTo(child.get().id());
        assertThat(childLabel.getLong("parentRuntimeTaskId")).isEqualTo(parent.get().id());
        assertThat(childLabel.getThread().getJavaThreadId()).isEqualTo(child.get().thread().threadId());

        long parentThread = parent.get().thread().threadId();
        long childThread = child.get().thread().threadId();
        List<RecordedEvent> starts = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.TaskStart"))
                .filter(e -> e.getThread().getJavaThreadId() == childThread).toList();
        assertThat(starts).hasSize(1);
        assertThat(starts.get(0).getBoolean("virtual")).isTrue();
        assertThat(starts.get(0).getLong("parentId")).isEqualTo(parentThread);
        List<RecordedEvent> ends = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.TaskEnd"))
                .filter(e -> e.getThread().getJavaThreadId() == parentThread || e.getThread().getJavaThreadId() == childThread)
                .toList();
        assertThat(ends).hasSize(2);
        assertThat(ends.stream().filter(e -> e.getBoolean("failed")).map(e -> e.getThread().getJavaThreadId()))
                .containsExactly(parentThread);
    }

    @Test
    void regionsAndLogsCarryTheTaskId() throws Exception {
        AtomicReference<Task> task = new AtomicReference<>();
        List<RecordedEvent> events = record(() -> {
            task.set(Task.go("annotated", () -> {
                for (int i = 0; i < 3; i++) {
                    try (var r = Trace.region("step")) {
                        Trace.log("progress", "step " + i);
                    }
                }
            }));
            join(task.get());
        });
        List<RecordedEvent> regions = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.Region")).toList();
        List<RecordedEvent> logs = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.Log")).toList();
        assertThat(regions).hasSize(3).allMatch(e -> e.getString("regionName").equals("step")
                && e.getLong("runtimeTaskId") == task.get().id());
        assertThat(logs).extracting(e -> e.getString("message")).containsExactly("step 0", "step 1", "step 2");
    }

    @Test
    void withTheAgentActiveTheRuntimeLendsItsReasonAndRecordsNoSuspendOrLifetime() throws Exception {
        Channel<Integer> ch = Channel.unbuffered();
        AtomicReference<String> reasonAfter = new AtomicReference<>();
        AtomicReference<Task> receiver = new AtomicReference<>();
        List<RecordedEvent> events = record(() -> {
            TaskHints.markAgentActive(true);
            receiver.set(Task.go("agent-receiver", () -> {
                String outer = "outer";
                TaskHints.setReason(outer);
                for (int i = 0; i < ROUNDS; i++) ch.receive();
                reasonAfter.set(TaskHints.reason());
            }));
            for (int i = 0; i < ROUNDS; i++) {
                Waiting.until(() -> ch.waitingReceivers() == 1, "the receiver waits");
                ch.send(i);
            }
            join(receiver.get());
        });
        assertThat(suspends(events, Reason.CHAN_RECV, ch)).isZero();
        assertThat(reasonAfter.get()).isEqualTo("outer");
        long thread = receiver.get().thread().threadId();
        assertThat(events.stream().filter(e -> e.getThread() != null && e.getThread().getJavaThreadId() == thread)
                .map(e -> e.getEventType().getName())).containsExactly("blockscope.TaskLabel");
    }
}
