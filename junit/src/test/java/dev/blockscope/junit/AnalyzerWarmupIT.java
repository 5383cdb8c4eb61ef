package dev.blockscope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The warm-up in a JVM running the agent (failsafe's argLine): it ends, analyzes its chunk, and that chunk holds its own task's hand-offs, so the path a test's events take through
 * the analyzer is among what it warms. The JUnit launcher already started it through
 * {@link WarmupSessionListener} (found by {@code ServiceLoader}), which {@link AnalyzerWarmup#start}
 * does not repeat.
 */
class AnalyzerWarmupIT {
    @Test
    void theWarmUpAnalyzesAChunkOfItsOwnTasksWaitsEveryRun() throws InterruptedException {
        AnalyzerWarmup.start();
        assertThat(AnalyzerWarmup.await(120_000)).as("the warm-up ended").isTrue();
        assertThat(AnalyzerWarmup.outcome()).isEqualTo("done");
        assertThat(AnalyzerWarmup.runs()).isPositive(); // fewer than RUNS when gated fixtures ran meanwhile
        // the task hands 20 items to the warm-up thread and sleeps once: the sleep is always a wait, a hand-off is one
        // where a side parks (SynchronousQueue spins first, so a few pass without: 18 of 20 seen in a full build)
        assertThat(AnalyzerWarmup.suspensions()).isGreaterThan(1);
    }
}
