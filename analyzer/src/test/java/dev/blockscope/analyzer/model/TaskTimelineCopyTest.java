package dev.blockscope.analyzer.model;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.event.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskTimeline#copy}: what a live view ({@code serve --attach}) finishes to show what a task
 * does now, while the pass goes on with the original.
 */
class TaskTimelineCopyTest {
    static final ThreadRef V = virtual(10);
    static final ThreadRef W = platform(20);
    static final ThreadRef C1 = carrier(1);

    /** Collects what a timeline delivers, as text (the shared interval is reused). */
    private static final class Collected implements IntervalListener {
        final List<String> intervals = new ArrayList<>();

        @Override
        public void interval(TaskTimeline task, Interval interval) {
            intervals.add(interval.state() + " " + interval.start() + ".." + interval.end() + " " + interval.reason()
                    + " waker " + interval.waker());
        }
    }

    /** Until 80: started, woken at 40 out of a park 10..50, then reported asleep since 60 (an open wait), an unpark held. */
    private static void before(TaskTimeline t) {
        t.identify(V);
        t.start(0, 0, C1, true);
        t.unpark(40, W.id());
        t.block(new TraceEvent.Blocked(10, 50, V, Reason.PARK_LOCK, false, null, C1, C1, -1, true, -1));
        t.open(new TraceEvent.WaitOpen(80, V, Reason.SLEEP, false, null, C1, 60));
    }

    /** After 80: the sleep ends at 120, a lock wait 130..140 woken by W at 135. */
    private static void after(TaskTimeline t) {
        t.block(new TraceEvent.Blocked(60, 120, V, Reason.SLEEP, false, null, C1, C1, -1, true, -1));
        t.unpark(135, W.id());
        t.block(new TraceEvent.Blocked(130, 140, V, Reason.PARK_LOCK, false, null, C1, C1, -1, true, -1));
    }

    private static List<String> run(Consumer<TaskTimeline> events, long finishAt) {
        Collected c = new Collected();
        TaskTimeline t = new TaskTimeline(V, 0, c);
        events.accept(t);
        t.finish(finishAt);
        return c.intervals;
    }

    @Test
    void aCopyFinishedNowShowsWhatFinishingThereWouldAndTheOriginalGoesOnAsIfUncopied() {
        Collected pass = new Collected();
        TaskTimeline original = new TaskTimeline(V, 0, pass);
        before(original);
        int deliveredAtCopy = pass.intervals.size();
        Collected view = new Collected();
        TaskTimeline copy = original.copy(view, new Interval());
        copy.finish(100);
        after(original);
        original.finish(150);

        // the copy: the pass' intervals until now are not repeated; it delivers what finishing at 100 adds
        List<String> finishedAt100 = run(TaskTimelineCopyTest::before, 100);
        List<String> deliveredBefore = new ArrayList<>(pass.intervals.subList(0, deliveredAtCopy));
        deliveredBefore.addAll(view.intervals);
        assertThat(deliveredBefore).isEqualTo(finishedAt100);
        // the sleep reported open runs from its start to now, with its reason
        assertThat(view.intervals).anyMatch(i -> i.startsWith("SUSPENDED 60..100 sleep "));
        // the original: exactly as if no copy had been made
        assertThat(pass.intervals).isEqualTo(run(t -> {
            before(t);
            after(t);
        }, 150));
        assertThat(copy.nanos(TaskState.SUSPENDED)).isEqualTo(30 + 40);
        assertThat(original.nanos(TaskState.SUSPENDED)).isEqualTo(30 + 60 + 5);
    }
}
