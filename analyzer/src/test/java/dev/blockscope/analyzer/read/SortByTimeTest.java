package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A chunk's events in time order, ties in file order: what a stable sort by time gives. */
class SortByTimeTest {
    @Test
    void runsAndTiesComeOutAsAStableSortPutsThem() {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            List<TraceEvent> batch = new ArrayList<>();
            int runs = 1 + random.nextInt(20);
            for (int r = 0; r < runs; r++) {
                // JFR writes a chunk as thread buffers: runs in time order, each starting anywhere
                long t = random.nextInt(1_000);
                for (int i = random.nextInt(200); i > 0; i--) {
                    t += random.nextInt(3); // ties often
                    batch.add(new TraceEvent.ProfilerSetting(t, "e" + batch.size(), ""));
                }
            }
            List<TraceEvent> expected = new ArrayList<>(batch);
            expected.sort(Comparator.comparingLong(TraceEvent::time));
            long[] times = RecordingReader.sortByTime(batch);
            assertThat(batch).as("round %d", round).containsExactlyElementsOf(expected);
            assertThat(times).as("round %d: the times handed to the merge", round)
                    .containsExactly(expected.stream().mapToLong(TraceEvent::time).toArray());
        }
    }

    @Test
    void anOrderedBatchIsLeftAsItIs() {
        List<TraceEvent> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(new TraceEvent.ProfilerSetting(i / 3, "e" + i, ""));
        }
        List<TraceEvent> before = List.copyOf(batch);
        RecordingReader.sortByTime(batch);
        assertThat(batch).containsExactlyElementsOf(before);
    }
}
