package dev.blockscope.analyzer.report;

import static dev.blockscope.analyzer.model.Trace.carrier;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.model.Intervals;
import dev.blockscope.analyzer.model.Trace;
import org.junit.jupiter.api.Test;

/** The UI's windows of the timeline: only overlapping intervals, merged to the budget by dominant state. */
class TimelineWindowTest {
    static final ThreadRef C = carrier(1);

    /** One task: 100 short waits of 4 ns with 6 ns of running between them, then one long wait. */
    static Analysis analysis() {
        ThreadRef v = virtual(10);
        Trace t = new Trace().start(v, 0, C);
        for (int i = 0; i < 100; i++) {
            t.suspend(v, i * 10L + 6, i * 10L + 10, "park.lock", C, C, -1);
        }
        t.suspend(v, 1000, 5000, "sleep", C, C, -1).end(v, 5000);
        return Intervals.analyze(t, 5000);
    }

    @Test
    void aWindowKeepsOnlyOverlappingIntervals() {
        Analysis a = analysis();
        Analysis.Timeline w = TimelineWindow.window(a, 2000, 3000, 1000);
        assertThat(w.size()).isEqualTo(1);
        assertThat(w.states().get(w.state()[0])).isEqualTo("SUSPENDED");
        assertThat(w.reasons().get(w.reason()[0])).isEqualTo("sleep");
    }

    @Test
    void shortNeighboursMergeIntoTheDominantStateWithinTheBudget() {
        Analysis a = analysis();
        assertThat(a.timeline().size()).isEqualTo(201);
        Analysis.Timeline w = TimelineWindow.window(a, 0, 5000, 20);
        assertThat(w.size()).isLessThanOrEqualTo(20);
        // The merged intervals still cover [0, 5000] without gaps or overlaps, in order.
        long at = 0;
        for (int i = 0; i < w.size(); i++) {
            assertThat(w.start()[i]).isEqualTo(at);
            at = w.end()[i];
        }
        assertThat(at).isEqualTo(5000);
        // Runs are 60% running, so merged short runs show RUNNING; the long sleep survives as is.
        assertThat(w.states().get(w.state()[0])).isEqualTo("RUNNING");
        assertThat(w.states().get(w.state()[w.size() - 1])).isEqualTo("SUSPENDED");
        assertThat(w.end()[w.size() - 1] - w.start()[w.size() - 1]).isEqualTo(4000);
    }

    @Test
    void aLargeBudgetReturnsTheIntervalsUnchanged() {
        Analysis a = analysis();
        Analysis.Timeline w = TimelineWindow.window(a, 0, 5000, 10_000);
        assertThat(w.size()).isEqualTo(a.timeline().size());
        assertThat(w.start()).isEqualTo(a.timeline().start());
    }

    @Test
    void moreTasksThanTheBudgetTruncates() {
        Trace t = new Trace();
        for (int i = 0; i < 5; i++) {
            ThreadRef v = virtual(10 + i);
            t.start(v, 0, C).end(v, 100);
        }
        Analysis.Timeline w = TimelineWindow.window(Intervals.analyze(t, 100), 0, 100, 3);
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.truncated()).isTrue();
    }
}
