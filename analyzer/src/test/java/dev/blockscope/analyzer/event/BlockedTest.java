package dev.blockscope.analyzer.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.TraceEvent.Blocked;
import org.junit.jupiter.api.Test;

/**
 * The withers that replaced the 12-argument copies of a wait in the timeline, the carrier naming
 * and the task-end cut: each changes only what it names and keeps every other field.
 */
class BlockedTest {
    private static final ThreadRef TASK = new ThreadRef(40, "vt", true);
    private static final ThreadRef ON = new ThreadRef(7, null, false);
    private static final ThreadRef RESUMED = new ThreadRef(8, null, false);
    private static final Blocked WAIT = new Blocked(1_000, 5_000, TASK, "park.lock", true, "NATIVE", ON, RESUMED, 3, true,
            2_500, "java.util.concurrent.locks.ReentrantLock$NonfairSync");

    @Test
    void withSpanChangesOnlyTheSpan() {
        Blocked cut = WAIT.withSpan(1_500, 4_000);
        assertThat(cut).isEqualTo(new Blocked(1_500, 4_000, TASK, "park.lock", true, "NATIVE", ON, RESUMED, 3, true, 2_500,
                "java.util.concurrent.locks.ReentrantLock$NonfairSync"));
        assertThat(cut.time()).as("a wait is committed at its end").isEqualTo(4_000);
        assertThat(WAIT.start()).as("the original is untouched").isEqualTo(1_000);
        assertThat(WAIT.withSpan(1_000, 5_000)).as("the same span is the same wait").isSameAs(WAIT);
    }

    @Test
    void withCarriersChangesOnlyTheCarriers() {
        ThreadRef named = new ThreadRef(7, "ForkJoinPool-1-worker-1", false);
        assertThat(WAIT.withCarriers(named, RESUMED)).isEqualTo(new Blocked(1_000, 5_000, TASK, "park.lock", true, "NATIVE",
                named, RESUMED, 3, true, 2_500, "java.util.concurrent.locks.ReentrantLock$NonfairSync"));
        assertThat(WAIT.withCarriers(ON, RESUMED)).isSameAs(WAIT);
    }

    @Test
    void withStackKeepsTheWaitWhenThereIsNoStackToAdd() {
        assertThat(WAIT.withStack(9).stack()).isEqualTo(9);
        assertThat(WAIT.withStack(9).withStack(3)).isEqualTo(WAIT);
        assertThat(WAIT.withStack(TraceEvent.NO_STACK)).isSameAs(WAIT);
    }

    @Test
    void aWaitWithoutABlockerHasNone() {
        Blocked jdk = new Blocked(1, 2, TASK, "sleep", false, null, null, null, TraceEvent.NO_STACK, false, Blocked.NO_TIMEOUT);
        assertThat(jdk.blocker()).isNull();
        assertThat(jdk.withSpan(1, 3).blocker()).isNull();
        assertThat(jdk.withSpan(1, 3).timeout()).isEqualTo(Blocked.NO_TIMEOUT);
    }

    @Test
    void aSampleTakesItsStackFromTheAnalysisTable() {
        TraceEvent.ThreadSampled s = new TraceEvent.ThreadSampled(10, TASK, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 0);
        assertThat(s.withStack(4)).isEqualTo(new TraceEvent.ThreadSampled(10, TASK, "jdk.ExecutionSample", "STATE_RUNNABLE", 1, 4));
        assertThat(s.withStack(0)).isSameAs(s);
    }
}
