package dev.blockscope.ui;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bucket of the overview against a brute-force count over all intervals: how many touch it,
 * which (state, reason) has most time in it on a task lane, which slice is longest on a carrier.
 */
class TimelineOverviewTest {

    static final SyntheticAnalysis DATA = new SyntheticAnalysis(6, 40, 3, 7);
    static final int BUCKETS = 256;

    @Test
    void everyBucketMatchesABruteForceCount() {
        TimelineColumns.Split split = TimelineColumns.split(DATA.analysisJson());
        assertThat(split.states()).containsExactly(SyntheticAnalysis.STATES);
        TimelineOverview overview = TimelineOverview.of(split, BUCKETS);
        assertThat(overview.t1).isEqualTo(DATA.duration);
        assertThat(overview.laneId).hasSize(6 + 3);
        assertThat(overview.carrierLanes).isEqualTo(3);
        double width = overview.t1 / BUCKETS;
        for (int l = 0; l < overview.laneId.length; l++) {
            long id = overview.laneId[l];
            boolean carrierLane = l >= overview.laneId.length - overview.carrierLanes;
            for (int b = 0; b < BUCKETS; b++) {
                double lo = b * width, hi = (b + 1) * width;
                int count = 0;
                double[] timeByPair = new double[SyntheticAnalysis.STATES.length * (SyntheticAnalysis.REASONS.length + 1)];
                double longest = -1;
                long longestTask = -1;
                for (int i = 0; i < DATA.n; i++) {
                    boolean inLane = carrierLane ? DATA.carrier[i] == id && DATA.state[i] == SyntheticAnalysis.RUNNING : DATA.task[i] == id;
                    if (!inLane || DATA.start[i] >= hi || DATA.end[i] <= lo) continue;
                    count++;
                    double overlap = Math.min(DATA.end[i], hi) - Math.max(DATA.start[i], lo);
                    timeByPair[DATA.state[i] * (SyntheticAnalysis.REASONS.length + 1) + DATA.reason[i] + 1] += overlap;
                    if (overlap > longest) { longest = overlap; longestTask = DATA.task[i]; }
                }
                int at = l * BUCKETS + b;
                assertThat((int) overview.count[at]).as("lane %d bucket %d count", id, b).isEqualTo(count);
                if (count == 0) {
                    assertThat((int) overview.code[at]).isZero();
                    continue;
                }
                int code = overview.code[at] - 1;
                int pair = overview.pairState[code] * (SyntheticAnalysis.REASONS.length + 1) + overview.pairReason[code] + 1;
                if (carrierLane) {
                    assertThat(overview.carrierTask[(l - (overview.laneId.length - overview.carrierLanes)) * BUCKETS + b])
                            .as("carrier %d bucket %d", id, b).isEqualTo(longestTask);
                    assertThat(overview.pairState[code]).isEqualTo(SyntheticAnalysis.RUNNING);
                } else {
                    int best = 0;
                    for (int k = 1; k < timeByPair.length; k++) if (timeByPair[k] > timeByPair[best]) best = k;
                    assertThat(pair).as("task %d bucket %d dominant", id, b).isEqualTo(best);
                }
            }
        }
    }

    @Test
    void binaryLayoutHasTheDocumentedSectionsAndSizes() throws Exception {
        TimelineOverview overview = TimelineOverview.of(TimelineColumns.split(DATA.analysisJson()), BUCKETS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        overview.writeBinary(out);
        ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        int lanes = bytes.getInt(8), carriers = bytes.getInt(12), pairs = bytes.getInt(16);
        assertThat(bytes.getInt(0)).isEqualTo(1);
        assertThat(bytes.getInt(4)).isEqualTo(BUCKETS);
        assertThat(bytes.getDouble(32)).isEqualTo(DATA.duration);
        assertThat(out.size()).isEqualTo(40 + 8 * pairs + 8 * lanes + 8 * carriers * BUCKETS + 6 * lanes * BUCKETS);
        assertThat(bytes.getDouble(40 + 8 * pairs)).isEqualTo(overview.laneId[0]);
    }

    @Test
    void manyLanesShareTheCellBudget() {
        assertThat(TimelineOverview.bucketsFor(1_008, 2048)).isEqualTo(2048);
        assertThat(TimelineOverview.bucketsFor(100_000, 2048)).isEqualTo(41);
        assertThat(TimelineOverview.bucketsFor(10_000_000, 2048)).isEqualTo(16);
        // and the overview of many small lanes is built with the smaller count
        SyntheticAnalysis many = new SyntheticAnalysis(3_000, 2, 4, 11);
        TimelineOverview overview = TimelineOverview.of(TimelineColumns.split(many.analysisJson()));
        assertThat(overview.buckets).isEqualTo(TimelineOverview.CELL_BUDGET / 3_004);
        assertThat(overview.code).hasSize(3_004 * overview.buckets);
    }

    @Test
    void aTimelineWithoutTimeHasNoOverview() {
        String json = "{\"timeline\":{\"task\":[1],\"start\":[0],\"end\":[0],\"state\":[0],\"reason\":[-1],\"carrier\":[-1],\"stack\":[-1],\"waker\":[-1]}}";
        assertThat(TimelineOverview.of(TimelineColumns.split(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isNull();
    }
}
