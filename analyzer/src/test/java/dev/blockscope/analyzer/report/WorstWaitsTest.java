package dev.blockscope.analyzer.report;

import static dev.blockscope.analyzer.model.Trace.platform;
import static dev.blockscope.analyzer.model.Trace.virtual;
import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.Trace;
import dev.blockscope.event.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary's worst waits, as a third-party library's test suite under the agent showed them:
 * rows grouped by whole stack but labelled by their first non-JDK frame read as duplicates (three
 * {@code sleep} rows "at ThreadUtils$$Lambda.0x...accept", an address that changes every run); the
 * largest contention of the run, 747,279 {@code park.lock} waits on a
 * {@code ReentrantReadWriteLock$FairSync}, each under the agent's 1 ms stack threshold, was hidden
 * in "waits with only JDK frames or no stack"; and the longest single wait "at (no stack)" was a
 * wait still open when the recording ended.
 */
class WorstWaitsTest {
    static final String SLEEP = "java.lang.Thread.sleep:500";
    static final String FAIR_SYNC = "java.util.concurrent.locks.ReentrantReadWriteLock$FairSync";

    static String summary(Analysis a) {
        StringWriter text = new StringWriter();
        SummaryText.write(a, new PrintWriter(text));
        return text.toString();
    }

    static List<String> worstWaits(String summary) {
        List<String> lines = summary.lines().toList();
        int from = java.util.stream.IntStream.range(0, lines.size()).filter(k -> lines.get(k).startsWith("worst waits")).findFirst().orElseThrow();
        return lines.subList(from + 1, lines.subList(from, lines.size()).indexOf("") + from);
    }

    @Test
    void generatedFramesAreSkippedAndRowsThatDifferOnlyByThemAreOne() {
        List<List<String>> stacks = List.of(
                List.of(SLEEP, "org.lib.ThreadUtils$$Lambda.0x000000004b1f76d8.accept", "org.lib.Retry.run:10"),
                List.of(SLEEP, "org.lib.ThreadUtils$$Lambda.0x000000004b1f9a10.accept", "org.lib.Poll.run:20"),
                List.of(SLEEP, "org.lib.ThreadUtils$$Lambda$14/0x0000000800066840.accept", "org.lib.Retry.run:10"));
        ThreadRef t = virtual(10);
        Trace trace = new Trace().start(t, 0, null)
                .suspend(t, 10, 40, Reason.SLEEP, null, null, 0)
                .suspend(t, 50, 70, Reason.SLEEP, null, null, 1)
                .suspend(t, 80, 100, Reason.SLEEP, null, null, 2).end(t, 120);
        List<String> rows = worstWaits(summary(RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), stacks, 0, 200,
                AnalysisOptions.DEFAULT)));
        assertThat(rows).noneMatch(r -> r.contains("$$Lambda"));
        assertThat(rows.getFirst()).contains("sleep", "50 ns in", "2 waits", "at org.lib.Retry.run:10");
        assertThat(rows.get(1)).contains("20 ns in", "1 waits", "at org.lib.Poll.run:20");
    }

    @Test
    void rowsWithTheSameFirstFrameAreLabelledWhereTheyDiffer() {
        List<List<String>> stacks = List.of(
                List.of(SLEEP, "org.lib.Util.pause:5", "org.app.Fetcher.run:11"),
                List.of(SLEEP, "org.lib.Util.pause:5", "org.app.Parser.run:42"));
        ThreadRef t = virtual(10);
        Trace trace = new Trace().start(t, 0, null).suspend(t, 10, 40, Reason.SLEEP, null, null, 0)
                .suspend(t, 50, 70, Reason.SLEEP, null, null, 1).end(t, 120);
        List<String> rows = worstWaits(summary(RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), stacks, 0, 200,
                AnalysisOptions.DEFAULT)));
        assertThat(rows.get(0)).endsWith("at org.lib.Util.pause:5 from org.app.Fetcher.run:11");
        assertThat(rows.get(1)).endsWith("at org.lib.Util.pause:5 from org.app.Parser.run:42");
    }

    /**
     * Three sites sharing their first frame, two of them also their second: each row is labelled
     * by the frame where it parts from all the others. Labelled by the first depth where not all
     * rows agreed, two rows both read "at Util.pause:5 from Fetcher.fetch:20", duplicates again.
     */
    @Test
    void eachRowIsLabelledByTheFrameWhereItPartsFromEveryOtherRow() {
        List<List<String>> stacks = List.of(
                List.of(SLEEP, "org.lib.Util.pause:5", "org.app.Fetcher.fetch:20", "org.app.Main.nightly:7"),
                List.of(SLEEP, "org.lib.Util.pause:5", "org.app.Fetcher.fetch:20", "org.app.Main.hourly:9"),
                List.of(SLEEP, "org.lib.Util.pause:5", "org.app.Parser.run:42"));
        ThreadRef t = virtual(10);
        Trace trace = new Trace().start(t, 0, null).suspend(t, 10, 40, Reason.SLEEP, null, null, 0)
                .suspend(t, 50, 70, Reason.SLEEP, null, null, 1).suspend(t, 80, 90, Reason.SLEEP, null, null, 2).end(t, 120);
        List<String> rows = worstWaits(summary(RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), stacks, 0, 200,
                AnalysisOptions.DEFAULT)));
        assertThat(rows.get(0)).endsWith("at org.lib.Util.pause:5 from org.app.Main.nightly:7");
        assertThat(rows.get(1)).endsWith("at org.lib.Util.pause:5 from org.app.Main.hourly:9");
        assertThat(rows.get(2)).endsWith("at org.lib.Util.pause:5 from org.app.Parser.run:42");
    }

    @Test
    void stacklessWaitsAreGroupedByTheClassTheyWaitedOn() {
        ThreadRef t = virtual(10);
        Trace trace = new Trace().start(t, 0, null);
        for (int k = 0; k < 10; k++) {
            trace.suspendOn(t, 10 + 10L * k, 18 + 10L * k, Reason.PARK_LOCK, null, FAIR_SYNC);
        }
        trace.suspend(t, 120, 130, Reason.SLEEP, null, null, 0).end(t, 150);
        Analysis a = RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), List.of(List.of(SLEEP, "org.app.Main.run:3")), 0, 200,
                AnalysisOptions.DEFAULT);
        assertThat(a.blocking().noStack()).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.PARK_LOCK);
            assertThat(r.blocker()).isEqualTo(FAIR_SYNC);
            assertThat(r.count()).isEqualTo(10);
            assertThat(r.total()).isEqualTo(80);
        });
        List<String> rows = worstWaits(summary(a));
        assertThat(rows.getFirst()).contains("park.lock", "80 ns in", "10 waits", "on " + FAIR_SYNC + " (no stack)");
    }

    /** An unnamed task's longest wait read "by task 10 ((unnamed))". */
    @Test
    void theLongestSingleWaitOfAnUnnamedTaskIsSpelledOnce() {
        ThreadRef t = new ThreadRef(10, "", true);
        Trace trace = new Trace().start(t, 0, null).suspend(t, 10, 40, Reason.SLEEP, null, null, 0).end(t, 120);
        String summary = summary(RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), List.of(List.of(SLEEP, "org.app.Main.run:3")),
                0, 200, AnalysisOptions.DEFAULT));
        assertThat(summary).contains("longest single wait: 30 ns sleep by task 10 (unnamed) at org.app.Main.run:3").doesNotContain("((");
    }

    @Test
    void theLongestSingleWaitSaysWhenItWasStillOpenAtTheEnd() {
        ThreadRef main = platform(1);
        Trace trace = new Trace().start(main, 0, null).suspend(main, 10, 20, Reason.SLEEP)
                .add(new TraceEvent.WaitOpen(190, main, Reason.PARK_OTHER, false, null, null, 30));
        Analysis a = RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), List.of(), 0, 200, AnalysisOptions.DEFAULT);
        assertThat(a.tasks().getFirst().longest().getFirst().open()).isTrue();
        assertThat(summary(a)).contains("longest single wait: 170 ns park.other by task 1 (pt-1), still waiting when the recording ended"
                + " (no stack: the agent reports an open wait without one)");
    }

    /**
     * The demo's main thread waited for the agent's recording to start (startup=now): the largest
     * "worst wait" of the demo, and its longest single wait, were the agent's own doing.
     */
    @Test
    void theAgentsHoldAtStartIsNotAnApplicationWait() {
        ThreadRef main = platform(1);
        Trace trace = new Trace().start(main, 0, null)
                .suspend(main, 5, 705, Reason.AGENT_START, null, null, 0)
                .suspend(main, 710, 740, Reason.SLEEP, null, null, 1).end(main, 800);
        List<List<String>> stacks = List.of(List.of("org.app.Main.main:56"), List.of(SLEEP, "org.app.Main.main:60"));
        String summary = summary(RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), stacks, 0, 900, AnalysisOptions.DEFAULT));
        List<String> rows = worstWaits(summary);
        assertThat(rows.getFirst()).contains("sleep", "30 ns in", "at org.app.Main.main:60");
        assertThat(rows).noneMatch(r -> r.trim().startsWith(Reason.AGENT_START));
        assertThat(rows).anyMatch(r -> r.contains("(and 700 ns the agent held tasks up, left out here: agent.start 700 ns in 1;"));
        // the full accounting by reason keeps it
        assertThat(rows).anyMatch(r -> r.startsWith("  by reason: agent.start 700 ns in 1, sleep 30 ns in 1"));
        assertThat(summary).contains("longest single wait: 30 ns sleep by task 1");
    }
}
