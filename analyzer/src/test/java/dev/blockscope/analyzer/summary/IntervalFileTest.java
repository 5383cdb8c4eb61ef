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

    /**
     * {@link IntervalFile#byTaskReplacing} (blocks moved from the end and cut off, groups of tasks
     * ordered in the heap) against {@link IntervalFile#byTask()} on the same records: every field
     * of every record, the tasks and their ranges, with blocks and groups of a few records (so that
     * there are hundreds), a task larger than any group, tasks of one record, and a task whose
     * records came out of start order.
     */
    @Test
    void replacingTheFileGivesWhatACopyGives() throws Exception {
        for (int[] config : new int[][] {{IntervalFile.RECORD * 10, 7}, {IntervalFile.RECORD * 1000, 997},
                {IntervalFile.GROUP_BYTES, IntervalFile.BLOCK_RECORDS}, {IntervalFile.RECORD, 1}}) {
            for (boolean outOfOrder : new boolean[] {false, true}) {
                try (IntervalFile a = new IntervalFile(); IntervalFile b = new IntervalFile()) {
                    Random random = new Random(config[0] + config[1] + (outOfOrder ? 1 : 0));
                    long[] lastEnd = new long[600];
                    for (int i = 0; i < 20_000; i++) {
                        long task = random.nextInt(5) == 0 ? 5 : random.nextInt(600) * 7L - 300;
                        int slot = (int) Math.floorMod(task, 600L);
                        long start = outOfOrder && task == -300 ? random.nextInt(1_000_000) : lastEnd[slot] + random.nextInt(1000);
                        long end = start + random.nextInt(1000);
                        lastEnd[slot] = Math.max(lastEnd[slot], end);
                        long carrier = random.nextLong();
                        long waker = random.nextLong();
                        int state = random.nextInt(8);
                        int reason = random.nextInt(50) - 1;
                        int stack = random.nextInt();
                        int blocker = random.nextInt();
                        a.append(task, state, start, end, reason, carrier, stack, waker, blocker);
                        b.append(task, state, start, end, reason, carrier, stack, waker, blocker);
                    }
                    a.seal();
                    try (IntervalFile expected = a.byTask(); IntervalFile actual = b.byTaskReplacing(config[0], config[1])) {
                        String what = "groups of " + config[0] + " bytes, blocks of " + config[1] + " records" + (outOfOrder ? ", out of order" : "");
                        assertThat(actual.size()).as(what).isEqualTo(expected.size());
                        assertThat(actual.taskIds()).as(what).containsExactly(expected.taskIds());
                        assertThat(actual.taskFrom()).as(what).containsExactly(expected.taskFrom());
                        for (long i = 0; i < expected.size(); i++) {
                            assertThat(new long[] {actual.task(i), actual.start(i), actual.end(i), actual.carrier(i), actual.waker(i),
                                    actual.state(i), actual.reason(i), actual.stack(i), actual.blocker(i)})
                                    .as("record %d, %s", i, what)
                                    .containsExactly(expected.task(i), expected.start(i), expected.end(i), expected.carrier(i),
                                            expected.waker(i), expected.state(i), expected.reason(i), expected.stack(i), expected.blocker(i));
                        }
                        assertThat(b.size()).isEqualTo(20_000); // closed, but it says what it held
                    }
                }
            }
        }
    }

    /** An empty file is replaced by an empty one. */
    @Test
    void replacingAnEmptyFile() {
        try (IntervalFile f = new IntervalFile(); IntervalFile sorted = f.byTaskReplacing()) {
            assertThat(sorted.size()).isZero();
            assertThat(sorted.tasks()).isZero();
        }
    }
}
