package dev.blockscope.agent.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The registry of task states: direct-mapped slots by thread id, with an overflow map for threads whose slot is taken. */
class OpenSuspensionsTest {
    private static final int SLOTS = 1 << 14;

    @Test
    void threadsWhoseIdsShareASlotEachKeepTheirOwnState() throws Exception {
        List<Thread> threads = new ArrayList<>();
        // thread ids count up: make threads until three share the slot of the first
        Thread first = Thread.ofVirtual().unstarted(() -> { });
        threads.add(first);
        while (threads.size() < 3) {
            Thread t = Thread.ofVirtual().unstarted(() -> { });
            if (((t.threadId() - first.threadId()) & (SLOTS - 1)) == 0) {
                threads.add(t);
            }
        }
        int overflowedBefore = OpenSuspensions.overflowed();
        List<TaskState> states = new ArrayList<>();
        for (Thread t : threads) {
            states.add(OpenSuspensions.stateOf(t));
        }
        assertThat(OpenSuspensions.overflowed()).as("the two that found the slot taken").isEqualTo(overflowedBefore + 2);
        for (int i = 0; i < threads.size(); i++) {
            assertThat(states.get(i).thread).isSameAs(threads.get(i));
            assertThat(OpenSuspensions.of(threads.get(i))).isSameAs(states.get(i));
            assertThat(OpenSuspensions.stateOf(threads.get(i))).isSameAs(states.get(i));
        }
        assertThat(OpenSuspensions.live()).containsAll(states);

        // the slot's holder leaves: the others are still found, and a new state never doubles one
        OpenSuspensions.unregister(states.get(0));
        assertThat(OpenSuspensions.of(threads.get(0))).isNull();
        assertThat(OpenSuspensions.of(threads.get(1))).isSameAs(states.get(1));
        assertThat(OpenSuspensions.stateOf(threads.get(2))).isSameAs(states.get(2));
        for (TaskState s : states.subList(1, 3)) {
            OpenSuspensions.unregister(s);
        }
        assertThat(OpenSuspensions.live()).doesNotContainAnyElementsOf(states);
        assertThat(OpenSuspensions.overflowed()).as("counted out as they left").isEqualTo(overflowedBefore);
    }

    @Test
    void aStateMadeAtStartIsLetGoOnlyOnceItsThreadEndedOrItsStartFailed() throws Exception {
        Thread unstarted = Thread.ofPlatform().unstarted(() -> { });
        TaskState s = OpenSuspensions.stateOf(unstarted);
        // not started yet: kept at the first check (its start may be under way), let go at the second
        assertThat(OpenSuspensions.endedUnseen(s)).isFalse();
        assertThat(OpenSuspensions.endedUnseen(s)).isTrue();
        OpenSuspensions.unregister(s);

        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running.await();
        TaskState live = OpenSuspensions.stateOf(t);
        assertThat(OpenSuspensions.endedUnseen(live)).isFalse();
        release.countDown();
        t.join();
        assertThat(OpenSuspensions.endedUnseen(live)).isTrue();
        OpenSuspensions.unregister(live);
    }
    /**
     * The last chunk lists the waits open at its end that began before the last sweep did (the
     * task's start is then in the file). A wait that began after it, of a task whose start was
     * written long before, was left out: a recorder thread that waited tens of milliseconds for a
     * core between the sweep and the chunk's end lost a sleeping thread's last sleep that way,
     * its task UNKNOWN to the end (ExitTailTest, about 1 run in 10).
     */
    @Test
    void aWaitBegunAfterTheLastSweepIsListedWhenItsTasksStartWasSwept() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            TaskState s = OpenSuspensions.stateOf(t);
            long swept = SuspendTiming.now();
            s.began = swept + 1_000;
            s.publishReason(dev.blockscope.event.Reason.SLEEP);
            ChunkRecorder.LongSet threads = new ChunkRecorder.LongSet();
            ChunkBytes tail = new ChunkBytes(256);
            long end = swept + 2_000;
            // a task that started after the sweep too: not listed (its start may be missing from the file)
            s.startRecorded = true;
            s.startTicks = swept + 500;
            OpenSuspensions.openRecord(s, tail, end, System.currentTimeMillis() * 1_000_000L, swept, threads);
            assertThat(tail.size()).isZero();
            // one that started before it: listed
            s.startTicks = swept - 1_000_000;
            OpenSuspensions.openRecord(s, tail, end, System.currentTimeMillis() * 1_000_000L, swept, threads);
            assertThat(tail.size()).as("an OpenSuspend written").isPositive();
            assertThat(threads.contains(t.threadId())).isTrue();
            s.publishReason(null);
            OpenSuspensions.unregister(s);
        } finally {
            release.countDown();
            t.join();
        }
    }
}
