package dev.blockscope.analyzer.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A prune's two ways of attributing a carrier's samples to the run slices it drops: ordering the
 * slices by end (what lock entries need) and ordering the samples instead (CPU and wall samples).
 * They must give every sample the same owner, on slices that come out of order, samples that
 * tie, fall between slices, or after every slice dropped.
 */
class CpuProfilePruneTest {
    private static final long CARRIER = 7;

    @Test
    void orderingTheSamplesGivesWhatOrderingTheSlicesGives() {
        Random random = new Random(20261207);
        int attributed = 0;
        int toCarrier = 0;
        for (int round = 0; round < 2_000; round++) {
            // slices on one carrier do not overlap; gaps between them; some of zero length apart
            int n = 1 + random.nextInt(60);
            List<long[]> slices = new ArrayList<>();
            long t = random.nextInt(50);
            for (int k = 0; k < n; k++) {
                long start = t + (random.nextInt(4) == 0 ? 0 : random.nextInt(40));
                long end = start + 1 + random.nextInt(60);
                slices.add(new long[] {start, end, 100 + k});
                t = end;
            }
            // handed over out of order: each within a few places of its own
            for (int k = 0; k + 1 < slices.size(); k++) {
                if (random.nextInt(3) == 0) {
                    Collections.swap(slices, k, k + 1 + random.nextInt(Math.min(4, slices.size() - k - 1)));
                }
            }
            CpuProfile.Slices sorting = new CpuProfile.Slices();
            CpuProfile.Slices unsorted = new CpuProfile.Slices();
            for (long[] s : slices) {
                sorting.add(s[0], s[1], s[2]);
                unsorted.add(s[0], s[1], s[2]);
            }
            CpuProfile.Samples a = new CpuProfile.Samples();
            CpuProfile.Samples b = new CpuProfile.Samples();
            int m = random.nextInt(40);
            long sampleTime = random.nextInt(20);
            for (int i = 0; i < m; i++) {
                sampleTime += random.nextInt(4) == 0 ? 0 : random.nextInt(3 * (int) (t / Math.max(1, m)) + 2);
                // now and then one out of time order
                long at = random.nextInt(8) == 0 ? Math.max(0, sampleTime - random.nextInt(30)) : sampleTime;
                a.add(at, i, 1, 0);
                b.add(at, i, 1, 0);
            }
            long before = random.nextInt(8) == 0 ? t + 10 : random.nextLong(t + 1);
            a.attribute(sorting, null, before, CARRIER, false);
            b.attributeUnsorted(unsorted, before, CARRIER);
            for (int i = 0; i < m; i++) {
                long want = a.owner == null ? CpuProfile.Samples.UNATTRIBUTED : a.owner[i];
                long got = b.owner == null ? CpuProfile.Samples.UNATTRIBUTED : b.owner[i];
                assertThat(got).as("round %d, sample %d at %d, before %d", round, i, a.time[i], before).isEqualTo(want);
                if (want == CARRIER) {
                    toCarrier++;
                } else if (want != CpuProfile.Samples.UNATTRIBUTED) {
                    attributed++;
                }
            }
        }
        // the rounds reached every case: samples in a slice, between slices, and left for later
        assertThat(attributed).isGreaterThan(1_000);
        assertThat(toCarrier).isGreaterThan(100);
    }
}
