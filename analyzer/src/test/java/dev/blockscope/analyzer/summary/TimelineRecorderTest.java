package dev.blockscope.analyzer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.Interval;
import dev.blockscope.analyzer.model.TaskState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The recorder keeps every interval in its file and, past its budget, exactly the longest in its
 * columns: the threshold found by counting passes over the file must agree with sorting them all,
 * also when durations span a wide range (several narrowing passes) and many are equal (the first
 * to come of those at the threshold are kept). Without the file (the heap only, dropping the
 * shortest each time its columns fill) it keeps exactly the same.
 */
class TimelineRecorderTest {
    /** One interval as added: its arrival index, task, start and duration. */
    record Added(int index, long task, long start, long duration) {}

    private static List<Added> expectedKept(List<Added> all, int budget) {
        if (all.size() <= budget) {
            return all; // nothing left out: as they came
        }
        List<Added> byLength = new ArrayList<>(all);
        byLength.sort(Comparator.comparingLong(Added::duration).reversed().thenComparingInt(Added::index));
        List<Added> kept = new ArrayList<>(byLength.subList(0, Math.min(budget, all.size())));
        kept.sort(Comparator.comparingLong(Added::start).thenComparingInt(Added::index));
        return kept;
    }

    private static void check(List<Added> all, int budget) {
        check(all, budget, true);
        check(all, budget, false);
    }

    private static void check(List<Added> all, int budget, boolean keepAll) {
        TimelineRecorder r = new TimelineRecorder(budget, 1_000, keepAll);
        try {
            for (Added a : all) {
                r.add(Interval.of(a.task(), TaskState.SUSPENDED, 1_000 + a.start(), 1_000 + a.start() + a.duration(), "sleep",
                        null, Interval.NO_CARRIER, TraceEvent.NO_STACK, Interval.NO_WAKER, null), Interval.NO_CARRIER);
            }
            r.restoreOrder();
            if (keepAll) {
                assertThat(r.intervals().size()).as("every interval is in the file").isEqualTo(all.size());
            } else {
                assertThat(r.intervals()).as("no file").isNull();
            }
            List<Added> expected = expectedKept(all, budget);
            assertThat(r.size()).isEqualTo(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                Added e = expected.get(i);
                assertThat(new long[] {r.task()[i], r.start()[i], r.end()[i]}).as("kept interval %d", i)
                        .containsExactly(e.task(), e.start(), e.start() + e.duration());
            }
            java.util.Set<Integer> keptIndexes = new java.util.HashSet<>();
            expected.forEach(e -> keptIndexes.add(e.index()));
            long dropped = all.size() - expected.size();
            assertThat(r.dropped()).isEqualTo(dropped);
            long longestDropped = all.stream().filter(a -> !keptIndexes.contains(a.index())).mapToLong(Added::duration).max().orElse(0);
            assertThat(r.longestDropped()).isEqualTo(longestDropped);
            assertThat(r.droppedNanos()).isEqualTo(all.stream().filter(a -> !keptIndexes.contains(a.index())).mapToLong(Added::duration).sum());
            assertThat(r.tasksCut()).as("tasks that lost an interval")
                    .isEqualTo((int) all.stream().filter(a -> !keptIndexes.contains(a.index())).mapToLong(Added::task).distinct().count());
            for (int i = 0; keepAll && i < r.intervals().size(); i++) {
                assertThat(r.intervals().end(i) - r.intervals().start(i)).isEqualTo(all.get(i).duration());
            }
        } finally {
            r.close();
        }
    }

    @Test
    void keepsExactlyTheLongestOverAWideRange() {
        Random random = new Random(15);
        List<Added> all = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 20_000; i++) {
            // from a few ns to about 1,000 s: three passes narrow the threshold down
            long d = (long) Math.pow(10, random.nextDouble() * 12);
            all.add(new Added(i, i % 37, t, d));
            t += 1 + random.nextInt(1000);
        }
        check(all, 1_234);
        check(all, 100); // without the file: the columns fill and are cut to the budget some 5 times
        check(all, 19_999);
        check(all, 20_000);
        check(all, 0);
    }

    @Test
    void theLengthBucketsCoverEveryDurationOnceInOrder() {
        for (int b = 0; b + 1 < (1 << 16) + 47 * 1024; b++) {
            assertThat(TimelineRecorder.highestIn(b) + 1).as("bucket %d ends where %d begins", b, b + 1)
                    .isEqualTo(TimelineRecorder.lowestIn(b + 1));
        }
        assertThat(TimelineRecorder.lowestIn(0)).isZero();
        assertThat(TimelineRecorder.highestIn((1 << 16) + 47 * 1024 - 1)).isEqualTo(Long.MAX_VALUE);
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            long d = (random.nextLong() >>> 1) >>> random.nextInt(63); // durations are never negative
            int b = TimelineRecorder.bucketOf(d);
            assertThat(d).isBetween(TimelineRecorder.lowestIn(b), TimelineRecorder.highestIn(b));
        }
    }

    /**
     * Without the file, the floor rises as intervals come, by exact lengths below 65,536 ns and by
     * buckets of a 1,024th of a power of two above: long intervals of nearly equal lengths, many
     * exactly equal, out of start order (intervals come by their end), from many tasks, over many
     * fillings of the columns, keep exactly what sorting them all keeps.
     */
    @Test
    void theRisingFloorKeepsExactlyTheLongestOfLongAndTiedIntervals() {
        Random random = new Random(21);
        for (int round = 0; round < 6; round++) {
            List<Added> all = new ArrayList<>();
            long end = 10_000_000;
            for (int i = 0; i < 40_000; i++) {
                long d = switch (round % 3) {
                    case 0 -> 70_000 + random.nextInt(300); // coarse buckets of 64 ns: ties within a bucket
                    case 1 -> random.nextBoolean() ? 65_530 + random.nextInt(12) : 1_000_000 + random.nextInt(4) * 1_000;
                    default -> (long) Math.pow(2, 10 + random.nextInt(30)) + random.nextInt(3); // powers of two and just past
                };
                // a slowly rising trend, so the floor keeps rising through the run
                d += i / 100;
                end += random.nextInt(2_000);
                all.add(new Added(i, random.nextInt(500), end - d, d));
            }
            for (int budget : new int[] {1, 700, 5_000, 20_000}) {
                check(all, budget, false);
            }
            check(all, 3_000, true);
        }
    }

    /**
     * The columns kept are put in order of start, ties in the order they came: intervals far out of
     * that order, many starting at the same nanosecond, over a few seconds (one sort of packed keys)
     * and over more than 73 minutes (too wide to pack: the merge of runs).
     */
    @Test
    void theKeptColumnsAreInOrderOfStartTiesAsTheyCame() {
        Random random = new Random(5);
        for (long spread : new long[] {3_000_000_000L, 1L << 43}) {
            List<Added> all = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                long start = random.nextInt(40) * (spread / 40); // 40 distinct starts: ties everywhere
                all.add(new Added(i, random.nextInt(300), start, 1 + random.nextInt(1_000)));
            }
            check(all, 5_000);
            check(all, 12_000);
        }
    }

    @Test
    void ofEqualDurationsAtTheThresholdTheFirstToComeAreKept() {
        List<Added> all = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            all.add(new Added(i, i % 5, i * 10L, i % 3 == 0 ? 7 : 5));
        }
        check(all, 1_500); // all 1,000 of 7 ns and the first 500 of 5 ns
        check(all, 1_000);
        check(all, 1);
        // enough for the heap-only recorder to cut its columns several times, ties at each cut
        List<Added> many = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            many.add(new Added(i, i % 5, i * 10L, i % 3 == 0 ? 7 : i % 3 == 1 ? 5 : 6));
        }
        check(many, 1_500);
        check(many, 12_000);
    }
}
