package dev.blockscope.analyzer;

import dev.blockscope.analyzer.event.TraceEvent.AgentStatsSampled;
import dev.blockscope.analyzer.report.LimitText;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limits that say what of the agent's recording the file lacks ({@code SourceKinds.agentWindow}):
 * before, {@code maxsize=1m} on a 30 s run kept the last 94.8 ms and the summary showed a 30 s
 * latch wait inside it without a word.
 */
class AgentWindowLimitsTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_780_000_000L * S;

    private static AgentStatsSampled stats(long since, long chunks, long bytes, long until, String stop) {
        return new AgentStatsSampled(T0 + 30 * S, 10, 5, 2, 0, 1, 0, 0, 1 << 20, 0, since, chunks, bytes, until, stop);
    }

    @Test
    void droppedChunksAreSaidWithWhenTheAgentsEventsBegin() {
        long origin = T0 + 29 * S; // the file's time begins 29 s after the agent began
        assertThat(LimitText.of(SourceKinds.agentWindow(stats(T0, 143, 104_293_392, T0 + 29_900_000_000L, ""), origin)))
                .containsExactly("the file begins 29.0 s after the agent began recording (at 2026-05-28T20:26:40Z): the oldest"
                                + " part was dropped to keep within maxsize=. A wait that began before the file's time shows its"
                                + " whole length, but nothing else of that time is here",
                        "the agent's own events (the suspensions without a stack, task starts and ends, carrier idle) are"
                                + " missing before +900 ms: its 143 oldest chunk(s) (104,293,392 bytes) were dropped to keep"
                                + " within maxsize=. Until then tasks show only through JFR's events (waits with a stack, the"
                                + " JDK's events), their other time is UNKNOWN or missing, and a wait that began before shows"
                                + " its whole length");
    }

    @Test
    void aStopForTheDiskIsSaid() {
        assertThat(LimitText.of(SourceKinds.agentWindow(stats(T0, 0, 0, 0, "the disk is nearly full: 200 MB left"), T0 + S / 2)))
                .containsExactly("the agent stopped recording by itself before the application ended: the disk is nearly"
                        + " full: 200 MB left; nothing after that is recorded");
    }

    @Test
    void aWholeRecordingAndOldAgentsSayNothing() {
        // JFR's own start puts the file's first event a little after the agent's start: nothing was dropped
        assertThat(LimitText.of(SourceKinds.agentWindow(stats(T0, 0, 0, 0, ""), T0 + S / 2))).isEmpty();
        assertThat(LimitText.of(SourceKinds.agentWindow(new AgentStatsSampled(T0, 1, 1, 1, 0, 0, 0, 0, 0, 0), T0 + 60 * S))).isEmpty();
        assertThat(LimitText.of(SourceKinds.agentWindow(null, T0))).isEmpty();
    }
}
