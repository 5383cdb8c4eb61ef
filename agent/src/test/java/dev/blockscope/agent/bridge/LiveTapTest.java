package dev.blockscope.agent.bridge;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live tap: a listener's cut is one standalone chunk the JDK's reader reads, holding exactly
 * the records swept since the listener registered or last cut, the suspensions with a stack as
 * {@code blockscope.LiveSuspend} with their stack, and the tasks suspended at the cut.
 */
class LiveTapTest {
    @TempDir
    Path dir;

    private ChunkRecorder recorder;
    private final List<Object> listeners = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        listeners.forEach(LiveTap::close);
        if (recorder != null) {
            recorder.finish();
        }
    }

    private Object listener() {
        Object l = LiveTap.register();
        listeners.add(l);
        return l;
    }

    private List<RecordedEvent> read(byte[] chunk) throws Exception {
        Path f = Files.createTempFile(dir, "cut", ".jfr");
        Files.write(f, chunk);
        return RecordingFile.readAllEvents(f);
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    private static void suspend(TaskState s, String reason, long millis) {
        s.reason = reason;
        s.timeout = 0;
        long began = SuspendTiming.now();
        assertThat(EventRecords.suspend(s, null, began, began + SuspendTiming.fromNanos(millis * 1_000_000L), ReentrantLock.class, 7,
                0, 0, 0)).isTrue();
        s.clearSuspension();
    }

    /**
     * A task that ends while the recorder sweeps: its last records go into the cut, and the cut
     * must name it though it left the registry after the sweep took the list of ended tasks
     * (the chunk writer's race, ChunkRecorderTest.aTaskEndingWhileAChunkClosesIsNamedInIt, in the live tap).
     */
    @Test
    void aTaskEndingWhileACutIsMadeIsNamedInIt() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        Object l = listener();
        int count = 4000;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().name("writer-" + i).start(() -> {
                TaskState s = OpenSuspensions.stateOf(Thread.currentThread());
                for (int k = 0; k < 3; k++) {
                    suspend(s, "sleep", 1);
                    Thread.yield();
                }
                OpenSuspensions.unregister(s); // the thread's end, as the end probe does it
            }));
        }
        long suspends = 0;
        long unnamed = 0;
        boolean running = true;
        while (running) {
            running = threads.stream().anyMatch(Thread::isAlive);
            for (RecordedEvent e : named(read(LiveTap.cut(l, 10_000)), "blockscope.Suspend")) {
                suspends++;
                String name = e.getThread().getJavaName();
                if (name == null || !name.startsWith("writer-")) {
                    unnamed++;
                }
            }
        }
        assertThat(suspends).isEqualTo(3L * count);
        assertThat(unnamed).as("events of %d without their thread's name", suspends).isZero();
    }

    @Test
    void eachCutHoldsTheRecordsSinceTheLastOneAsAStandaloneChunk() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        Object l = listener();
        TaskState s = OpenSuspensions.stateOf(Thread.currentThread());
        suspend(s, "park.lock", 3);
        List<RecordedEvent> first = named(read(LiveTap.cut(l, 10_000)), "blockscope.Suspend");
        assertThat(first).hasSize(1);
        assertThat(first.getFirst().getString("reason")).isEqualTo("park.lock");
        assertThat(first.getFirst().getDuration()).isEqualTo(Duration.ofMillis(3));
        assertThat(first.getFirst().getThread().getJavaName()).isEqualTo(Thread.currentThread().getName());

        suspend(s, "sleep", 5);
        suspend(s, "sleep", 6);
        List<RecordedEvent> second = named(read(LiveTap.cut(l, 10_000)), "blockscope.Suspend");
        assertThat(second).extracting(e -> e.getString("reason")).containsExactly("sleep", "sleep");

        assertThat(named(read(LiveTap.cut(l, 10_000)), "blockscope.Suspend")).isEmpty();
    }

    /**
     * The recorder's thread may be between its sweep and its answers when a task writes a record
     * and asks for a cut: that sweep passed the task's buffer already, so the cut must wait for
     * the next one (the cut of eachCutHoldsTheRecordsSinceTheLastOneAsAStandaloneChunk came back
     * empty on a slow machine). Driven by hand, with no recorder thread.
     */
    @Test
    void aCutAskedForWhileASweepRunsIsAnsweredByTheNextSweep() {
        Object l = listener();
        LiveTap.sweepBegins(); // a sweep under way, past the task's buffer...
        LiveTap.request(l); // ...when the task asks
        LiveTap.swept(List.of());
        assertThat(LiveTap.result(l)).as("answered by a sweep that began before the cut was asked for").isNull();
        LiveTap.sweepBegins();
        LiveTap.swept(List.of());
        assertThat(LiveTap.result(l)).as("the next sweep's answer").isNotNull();
    }

    @Test
    void aListenerGetsNothingSweptBeforeItRegistered() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        Object earlier = listener();
        TaskState s = OpenSuspensions.stateOf(Thread.currentThread());
        suspend(s, "park.lock", 2);
        assertThat(named(read(LiveTap.cut(earlier, 10_000)), "blockscope.Suspend")).hasSize(1); // swept now
        Object later = listener();
        suspend(s, "sleep", 2);
        assertThat(named(read(LiveTap.cut(later, 10_000)), "blockscope.Suspend")).extracting(e -> e.getString("reason"))
                .containsExactly("sleep");
        // and the recording itself has both, whoever listens
        LiveTap.close(earlier);
        LiveTap.close(later);
        List<RecordedEvent> all = new ArrayList<>();
        for (Path p : recorder.finish()) {
            all.addAll(RecordingFile.readAllEvents(p));
        }
        assertThat(named(all, "blockscope.Suspend")).hasSize(2);
        assertThat(named(all, "blockscope.LiveSuspend")).isEmpty();
    }

    @Test
    void aSuspensionWithAStackReachesTheListenerWithItsStackAsText() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        Object l = listener();
        TaskState s = OpenSuspensions.stateOf(Thread.currentThread());
        s.reason = "monitor.wait";
        s.pinned = true;
        s.pinReason = "NATIVE";
        long began = SuspendTiming.now();
        // through a JDK frame: the stack text leaves out the agent's frames above the blocking call, as
        // this test's package is (dev.blockscope.agent.*)
        List.of(s).forEach(t -> LiveTap.stacked(t, began, began + SuspendTiming.fromNanos(4_000_000), 0, 0, 0));
        s.clearSuspension();
        RecordedEvent e = named(read(LiveTap.cut(l, 10_000)), "blockscope.LiveSuspend").getFirst();
        assertThat(e.getString("reason")).isEqualTo("monitor.wait");
        assertThat(e.getBoolean("pinned")).isTrue();
        assertThat(e.getString("pinReason")).isEqualTo("NATIVE");
        assertThat(e.getLong("taskId")).isEqualTo(Thread.currentThread().threadId());
        assertThat(e.getString("taskName")).isEqualTo(Thread.currentThread().getName());
        assertThat(e.getDuration()).isEqualTo(Duration.ofMillis(4));
        assertThat(e.getString("stackFrames")).startsWith("java.util.")
                .contains("\n" + getClass().getName() + ".aSuspensionWithAStackReachesTheListenerWithItsStackAsText:");
    }

    @Test
    void aCutAfterTheRecorderStoppedIsNull() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        Object l = listener();
        recorder.finish();
        assertThat(LiveTap.cut(l, 2_000)).isNull();
    }
}
