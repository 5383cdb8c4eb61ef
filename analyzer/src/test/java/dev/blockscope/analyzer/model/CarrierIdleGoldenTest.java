package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * On a recording of the demo made with the agent that records carriers' idle waits
 * ({@code golden/demo-carrier-idle.jfr}: {@code ./blockscope demo} of 2026-11-28 02:16 UTC, agent of
 * commit 503508f, JDK 25.0.3), each carrier's idle time is exactly the time its own waits cover:
 * the agent's {@code blockscope.CarrierIdle} intervals and the JDK's {@code jdk.ThreadPark} of the
 * carrier thread, as the JDK's own reader reads them, and the idle wait the agent reported still
 * open at the end ({@code blockscope.OpenSuspend}, to the window's end): their union (the JDK's
 * park inside the agent's idle wait is one wait). Its lane adds up to its row, its UNKNOWN is only before its first
 * event and after its last, and no idle wait is in the blocking profile.
 */
class CarrierIdleGoldenTest {
    static final Path FILE = Path.of("src/test/resources/golden/demo-carrier-idle.jfr");

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void carriersIdleTimeIsTheirOwnRecordedWaits() throws Exception {
        Analysis a = RecordingAnalyzer.analyze(FILE, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        long windowEnd = a.window().startEpochNanos() + a.window().durationNanos();
        Map<Long, TreeMap<Long, Long>> waits = new HashMap<>();
        long carrierIdleEvents = 0;
        boolean idleProbeLive = false;
        int carrierStarts = 0;
        try (RecordingFile f = new RecordingFile(FILE)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String name = e.getEventType().getName();
                if (name.equals("blockscope.CarrierIdle")) {
                    carrierIdleEvents++;
                    RecordedThread c = e.getThread("carrier");
                    waits.computeIfAbsent(c.getJavaThreadId(), k -> new TreeMap<>()).merge(e.getLong("startNanos"),
                            e.getLong("endNanos"), Math::max);
                } else if (name.equals("blockscope.ProbeStatus") && e.getString("probe").equals("idle")) {
                    idleProbeLive |= e.getBoolean("live");
                } else if (name.equals("jdk.ThreadStart") && e.getThread("thread").getJavaName().startsWith("ForkJoinPool-1-worker-")) {
                    carrierStarts++;
                } else if (name.equals("blockscope.OpenSuspend") && e.getString("reason").equals("carrier.idle")) {
                    // Still idle when the recording ended: the wait runs to the window's end.
                    waits.computeIfAbsent(e.getLong("taskId"), k -> new TreeMap<>()).merge(e.getLong("startNanos"), windowEnd,
                            Math::max);
                } else if (name.equals("jdk.ThreadPark") && e.getThread() != null && !e.getThread().isVirtual()) {
                    waits.computeIfAbsent(e.getThread().getJavaThreadId(), k -> new TreeMap<>())
                            .merge(nanos(e.getStartTime()), nanos(e.getEndTime()), Math::max);
                }
            }
        }
        assertThat(carrierIdleEvents).as("the recording's premise: carrier idle waits recorded").isPositive();
        assertThat(idleProbeLive).as("premise: the agent's idle probe was live").isTrue();
        assertThat(carrierStarts).as("premise: both carriers' starts recorded").isEqualTo(2);

        List<Analysis.TaskRow> carriers = a.tasks().stream().filter(Analysis.TaskRow::carrier).toList();
        assertThat(carriers).hasSize(2);
        Analysis.Timeline tl = a.timeline();
        for (Analysis.TaskRow c : carriers) {
            long union = 0;
            long coveredTo = Long.MIN_VALUE;
            for (Map.Entry<Long, Long> w : waits.getOrDefault(c.id(), new TreeMap<>()).entrySet()) {
                long from = Math.max(w.getKey(), coveredTo);
                if (w.getValue() > from) {
                    union += w.getValue() - from;
                    coveredTo = w.getValue();
                }
            }
            Analysis.CarrierRow row = a.carriers().stream().filter(r -> r.id() == c.id()).findFirst().orElseThrow();
            assertThat(row.idle()).as("idle of %s", c.name()).isPositive().isEqualTo(union);

            Map<String, Long> lane = new HashMap<>();
            List<Integer> unknown = new ArrayList<>();
            List<Integer> mine = new ArrayList<>();
            long carrying = 0;
            for (int i = 0; i < tl.size(); i++) {
                if (tl.task()[i] == c.id()) {
                    mine.add(i);
                    lane.merge(tl.states().get(tl.state()[i]), tl.end()[i] - tl.start()[i], Long::sum);
                    if (tl.states().get(tl.state()[i]).equals("UNKNOWN")) {
                        unknown.add(i);
                    }
                    if (tl.states().get(tl.state()[i]).equals("RUNNING") && tl.carrier()[i] >= 0) {
                        carrying += tl.end()[i] - tl.start()[i];
                    }
                }
            }
            c.states().forEach((s, v) -> assertThat(lane.getOrDefault(s, 0L)).as("%s of %s", s, c.name()).isEqualTo(v));
            assertThat(carrying).as("%s carried virtual threads", c.name()).isPositive();
            assertThat(unknown).as("UNKNOWN of %s only at its ends", c.name())
                    .allMatch(i -> i.equals(mine.getFirst()) || i.equals(mine.getLast()));
            // The agent's idle probe was live and the carrier's start was recorded: whatever of its
            // time is not an idle wait it recorded, nor a virtual thread's, is its own pool code.
            assertThat(c.states().get("UNKNOWN")).as("UNKNOWN of %s", c.name()).isZero();
        }
        assertThat(a.blocking().byReason()).doesNotContainKey("carrier.idle");
        assertThat(a.blocking().byStack()).noneMatch(r -> r.reason().equals("carrier.idle"));
    }
}
