package dev.blockscope.analyzer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IntervalFile#byTask()}: every record once, grouped by task in ascending id order, each
 * task's in start order; for many tasks (its map from id to slot is its own, primitive one) and
 * ids anywhere in the long range.
 */
class IntervalFileTest {
    @Test
    void byTaskGroupsEveryRecordByTaskInStartOrder() {
        Random random = new Random(15);
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 30_000; id++) {
            ids.add(id);
        }
        ids.addAll(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40));
        int perTask = 3;
        try (IntervalFile f = new IntervalFile()) {
            // each task's intervals out of order, the tasks interleaved
            for (int k = perTask - 1; k >= 0; k--) {
                java.util.Collections.shuffle(ids, random);
                for (long id : ids) {
                    f.append(id, k, k * 100L, k * 100L + 50, -1, -1, -1, -1, -1);
                }
            }
            f.seal();
            try (IntervalFile sorted = f.byTask()) {
                assertThat(sorted.size()).isEqualTo(f.size());
                assertThat(sorted.tasks()).isEqualTo(ids.size());
                List<Long> ascending = ids.stream().sorted().toList();
                for (int t = 0; t < sorted.tasks(); t++) {
                    assertThat(sorted.taskId(t)).isEqualTo(ascending.get(t));
                    long from = sorted.taskStart(t);
                    for (int k = 0; k < perTask; k++) {
                        assertThat(sorted.task(from + k)).isEqualTo(ascending.get(t));
                        assertThat(sorted.start(from + k)).isEqualTo(k * 100L);
                        assertThat(sorted.state(from + k)).isEqualTo(k);
                    }
                }
            }
        }
    }
}
