package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real recording of blockscope events committed from real virtual and platform threads,
 * analyzed and checked against ground truth computed independently from the raw events.
 */
class BlockscopeRecordingTest {
    @TempDir static Path dir;
    static Path file;
    static Analysis analysis;
    static List<RecordedEvent> raw;

    @BeforeAll
    static void record() throws Exception {
        file = Recordings.blockscope(dir.resolve("blockscope.jfr"));
        analysis = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        raw = RecordingFile.readAllEvents(file);
    }

    static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void onCleanInputEveryTasksStatesAddUpToItsLifetimeAndNothingIsUnknown() {
        assertThat(analysis.tasks()).hasSize(Recordings.TASKS + 1);
        for (Analysis.TaskRow t : analysis.tasks()) {
            assertThat(t.end()).as("task %d ended", t.id()).isNotNull();
            long sum = t.states().values().stream().mapToLong(Long::longValue).sum();
            assertThat(sum).as("states of task %d", t.id()).isEqualTo(t.end() - t.start());
            assertThat(t.states().get("UNKNOWN")).as("unknown time of task %d", t.id()).isZero();
            long waiting = t.states().get("SUSPENDED") + t.states().get("BLOCKED") + t.states().get("BLOCKED_PINNED");
            assertThat(t.reasons().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(waiting);
        }
        assertThat(analysis.source().kind()).isEqualTo("blockscope");
        assertThat(analysis.source().skipped()).isEmpty();
        assertThat(analysis.source().limits()).isEmpty();
    }

    @Test
    void lifetimesWaitsAndLatencyMatchTheRawEvents() {
        Map<Long, Long> startOf = new HashMap<>();
        Map<Long, Long> endOf = new HashMap<>();
        Map<Long, Long> waitedOf = new HashMap<>();
        Map<Long, Long> pinnedOf = new HashMap<>();
        long latency = 0;
        long latencies = 0;
        for (RecordedEvent e : raw) {
            switch (e.getEventType().getName()) {
                case "blockscope.TaskStart" -> startOf.put(e.getThread().getJavaThreadId(), nanos(e.getStartTime()));
                case "blockscope.TaskEnd" -> endOf.put(e.getThread().getJavaThreadId(), nanos(e.getStartTime()));
                default -> { }
            }
        }
        // Each wait of a virtual task carries its wake-up (waker id, ready time): the fixture wakes each one.
        for (RecordedEvent e : raw) {
            if (!e.getEventType().getName().equals("blockscope.Suspend")) {
                continue;
            }
            long id = e.getThread().getJavaThreadId();
            long d = nanos(e.getEndTime()) - nanos(e.getStartTime());
            waitedOf.merge(id, d, Long::sum);
            if (e.getBoolean("pinned")) {
                pinnedOf.merge(id, d, Long::sum);
            }
        }
        long origin = analysis.window().startEpochNanos();
        for (Analysis.TaskRow t : analysis.tasks()) {
            assertThat(t.start() + origin).isEqualTo(startOf.get(t.id()));
            assertThat(t.end() + origin).isEqualTo(endOf.get(t.id()));
            long waited = t.states().get("SUSPENDED") + t.states().get("RUNNABLE") + t.states().get("BLOCKED")
                    + t.states().get("BLOCKED_PINNED");
            assertThat(waited).as("wait time of %d", t.id()).isEqualTo(waitedOf.get(t.id()));
            assertThat(t.states().get("BLOCKED_PINNED")).isEqualTo(pinnedOf.getOrDefault(t.id(), 0L));
            if (t.virtual()) {
                assertThat(t.suspensions()).isEqualTo(Recordings.WAITS);
                assertThat(t.runtimeName()).startsWith("fetch-");
                assertThat(t.group()).isEqualTo("crawler");
                assertThat(t.states().get("RUNNABLE")).isPositive();
                latency += t.states().get("RUNNABLE");
                latencies += Recordings.WAITS - 1; // the pinned wait has no RUNNABLE part
            } else {
                assertThat(t.reasons()).containsOnlyKeys("sleep");
                assertThat(t.states().get("BLOCKED")).isEqualTo(waitedOf.get(t.id()));
            }
        }
        assertThat(analysis.schedLatency().count()).isEqualTo(latencies);
        assertThat(analysis.schedLatency().max()).isPositive();
        // HdrHistogram keeps 2 significant digits: the mean is within 1% of the exact one.
        assertThat((double) analysis.schedLatency().mean()).isCloseTo((double) latency / latencies,
                org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void pinningCarriersAndStacksComeFromTheEvents() {
        assertThat(analysis.pinning()).singleElement().satisfies(p -> {
            assertThat(p.count()).isEqualTo(Recordings.TASKS);
            assertThat(p.tasks()).isEqualTo(Recordings.TASKS);
            assertThat(p.pinReason()).isEqualTo("Native frame");
            assertThat(p.reason()).isEqualTo("monitor.wait");
            assertThat(analysis.stacks().get(p.stack())).anyMatch(f -> f.contains("Recordings.virtualTask"));
        });
        assertThat(analysis.carriers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("test-carrier");
            assertThat(c.tasks()).isEqualTo(Recordings.TASKS);
            assertThat(c.slices()).isEqualTo((long) Recordings.TASKS * (Recordings.WAITS + 1));
        });
        assertThat(analysis.scheduler()).singleElement().satisfies(s -> assertThat(s.parallelism()).isEqualTo(2));
        assertThat(analysis.timeline().truncated()).isFalse();
    }

    @Test
    void everyEventRecordingFileSeesIsAccountedFor() {
        Map<String, Long> expected = new HashMap<>();
        raw.forEach(e -> expected.merge(e.getEventType().getName(), 1L, Long::sum));
        assertThat(analysis.source().eventsByType()).isEqualTo(expected);
        assertThat(analysis.source().events()).isEqualTo(raw.size());
    }

    @Test
    void aSmallTimelineBudgetTruncatesTheTimelineButNotTheSummaries() throws Exception {
        Analysis small = RecordingAnalyzer.analyze(file, new AnalysisOptions(5, null, 0, Long.MAX_VALUE), RecordingReader.Progress.NONE);
        assertThat(small.timeline().size()).isEqualTo(5);
        assertThat(small.timeline().truncated()).isTrue();
        assertThat(small.tasks()).isEqualTo(analysis.tasks());
        assertThat(small.source().limits()).anyMatch(l -> l.startsWith("timeline truncated"));
    }
}
