package dev.blockscope.analyzer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.SummaryText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The overhead figures of the agent's recording of the demo (committed under golden/) say what the
 * input holds, checked against the JDK's own reader of the same file: that recording has one
 * blockscope.AgentStats sample whose {@code bytes} is 0 (JFR knows a recording's size only once
 * it is written) and whose start-up time is seconds, and one /proc sample per OS thread, so
 * there is no difference to take. Before, the summary said "0 bytes", "0 voluntary, 0
 * involuntary" and an agent cost that was almost all start-up. The stacks are those the file
 * holds (Suspends with a stack trace), not the agent's last statistics sample: a short run has
 * none, and the summary said "0 stacks" when 151 of 305 Suspends carried one.
 */
class OverheadGoldenTest {
    static final Path DEMO = Path.of("src/test/resources/golden/demo.jfr");

    @Test
    void overheadSaysWhatTheRecordingHoldsAndNoMore() throws Exception {
        long blockscopeEvents = 0;
        long suspends = 0;
        long startup = -1;
        long agentBytes = -1;
        long stacks = -1;
        long suspendsWithStack = 0;
        Map<Long, Integer> samplesPerThread = new HashMap<>();
        long cumulativeVoluntary = 0;
        try (RecordingFile f = new RecordingFile(DEMO)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String name = e.getEventType().getName();
                if (name.startsWith("blockscope.")) {
                    blockscopeEvents++;
                }
                switch (name) {
                    case "blockscope.Suspend" -> {
                        suspends++;
                        if (e.getStackTrace() != null) {
                            suspendsWithStack++;
                        }
                    }
                    case "blockscope.AgentStats" -> {
                        startup = e.getLong("startupNanos");
                        agentBytes = e.getLong("bytes");
                        stacks = e.getLong("stacks");
                    }
                    case "blockscope.ThreadContextSwitches" -> {
                        samplesPerThread.merge(e.getLong("osThreadId"), 1, Integer::sum);
                        cumulativeVoluntary += e.getLong("voluntary");
                    }
                    default -> { }
                }
            }
        }
        // What this golden file is: the premises of the wording checked below.
        assertThat(agentBytes).isZero();
        assertThat(startup).isGreaterThan(1_000_000_000L);
        assertThat(samplesPerThread.values()).isNotEmpty().allMatch(n -> n == 1);

        Analysis a = RecordingAnalyzer.analyze(DEMO, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        Analysis.Agent agent = a.overhead().agent();
        assertThat(agent.events()).isEqualTo(blockscopeEvents);
        assertThat(agent.suspensions()).isEqualTo(suspends);
        assertThat(agent.bytes()).isNull();
        assertThat(agent.startupNanos()).isEqualTo(startup);
        assertThat(suspendsWithStack).as("premise: the last statistics sample is older than the file's end").isNotEqualTo(stacks);
        assertThat(agent.stacks()).isEqualTo(suspendsWithStack).isPositive();
        assertThat(agent.estimatedNanos()).isEqualTo(suspends * agent.perSuspensionNanos()
                + suspendsWithStack * OverheadSummarizer.ESTIMATED_STACK_NANOS).isLessThan(startup / 100);
        assertThat(agent.statsSamples()).isEqualTo(1);
        Analysis.Os os = a.overhead().os();
        assertThat(os.threads()).isEqualTo(samplesPerThread.size());
        assertThat(os.threadsSampledTwice()).isZero();
        assertThat(os.cumulativeVoluntary()).isEqualTo(cumulativeVoluntary).isPositive();

        StringWriter text = new StringWriter();
        SummaryText.write(a, new PrintWriter(text));
        assertThat(text.toString())
                .contains("OS context switches of this process' " + samplesPerThread.size()
                        + " threads (from /proc): one sample per thread, no difference over the recording; since the threads started: ")
                .contains(String.format(java.util.Locale.ROOT, "%,d stacks", suspendsWithStack))
                .contains("recording size " + String.format(java.util.Locale.ROOT, "%,d", Files.size(DEMO)) + " bytes (the file)")
                .contains("start-up 5.44 s measured by the agent")
                .doesNotContain("0 bytes").doesNotContain(": 0 voluntary");
    }
}
