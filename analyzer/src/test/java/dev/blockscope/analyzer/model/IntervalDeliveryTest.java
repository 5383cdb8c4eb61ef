package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a timeline hands its intervals over: one {@link Interval} shared by the timelines of an
 * analysis, refilled for each, carrying every value the positional arguments did; a listener that
 * keeps one copies it.
 */
class IntervalDeliveryTest {
    private static final ThreadRef TASK = new ThreadRef(40, "vt-40", true);
    private static final ThreadRef CARRIER_7 = new ThreadRef(7, "ForkJoinPool-1-worker-1", false);
    private static final ThreadRef CARRIER_8 = new ThreadRef(8, "ForkJoinPool-1-worker-2", false);

    @Test
    void aWokenWaitIsDeliveredWithEverythingItSaysInTheSharedInterval() {
        Interval shared = new Interval();
        List<Interval> seen = new ArrayList<>();
        List<Interval> kept = new ArrayList<>();
        TaskTimeline t = new TaskTimeline(TASK, 0, (task, iv) -> {
            assertThat(task.id()).isEqualTo(40);
            seen.add(iv);
            kept.add(iv.copy());
        }, shared, 0);
        t.identify(TASK);
        t.start(0, 1, CARRIER_7, true);
        t.unpark(20, 9);
        t.block(new TraceEvent.Blocked(10, 30, TASK, "park.lock", false, null, CARRIER_7, CARRIER_8, 2, true,
                TraceEvent.Blocked.NO_TIMEOUT, "java.util.concurrent.locks.ReentrantLock$NonfairSync"));
        t.end(50, true);

        assertThat(seen).as("one instance, refilled").hasSize(4).allSatisfy(iv -> assertThat(iv).isSameAs(shared));
        assertThat(kept).extracting(Interval::state, Interval::start, Interval::end, Interval::carrier, Interval::waker)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TaskState.RUNNING, 0L, 10L, 7L, Interval.NO_WAKER),
                        org.assertj.core.groups.Tuple.tuple(TaskState.SUSPENDED, 10L, 20L, Interval.NO_CARRIER, 9L),
                        org.assertj.core.groups.Tuple.tuple(TaskState.RUNNABLE, 20L, 30L, Interval.NO_CARRIER, 9L),
                        org.assertj.core.groups.Tuple.tuple(TaskState.RUNNING, 30L, 50L, 8L, Interval.NO_WAKER));
        Interval suspended = kept.get(1);
        assertThat(suspended.task()).isEqualTo(40);
        assertThat(suspended.reason()).isEqualTo("park.lock");
        assertThat(suspended.stack()).isEqualTo(2);
        assertThat(suspended.blocker()).isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync");
        assertThat(suspended.pinReason()).isNull();
        Interval running = kept.get(3);
        assertThat(running.reason()).isNull();
        assertThat(running.stack()).isEqualTo(TraceEvent.NO_STACK);
        assertThat(running.blocker()).isNull();
        assertThat(running.duration()).isEqualTo(20);
    }

    @Test
    void finishEndsThePassOnce() {
        List<Interval> kept = new ArrayList<>();
        TaskTimeline t = new TaskTimeline(TASK, 0, (task, iv) -> kept.add(iv.copy()));
        t.identify(TASK);
        t.start(0, 1, CARRIER_7, true);
        assertThat(t.currentCarrier()).isEqualTo(7);
        t.finish(100);
        assertThat(kept).extracting(Interval::state).as("alive at the end: UNKNOWN after its last event")
                .containsExactly(TaskState.UNKNOWN);
        assertThat(t.currentCarrier()).as("the pass' state is gone").isEqualTo(Interval.NO_CARRIER);
        t.finish(200);
        assertThat(kept).as("nothing more after the pass").hasSize(1);
        assertThat(t.nanos(TaskState.UNKNOWN)).as("what the timeline says of its task stays").isEqualTo(100);
        assertThat(t.tailUnknown()).isEqualTo(100);
    }
}
