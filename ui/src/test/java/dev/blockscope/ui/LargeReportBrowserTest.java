package dev.blockscope.ui;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A report of 240,000 intervals (80 tasks × 1,000 suspensions) opens, draws and answers hovers. */
class LargeReportBrowserTest extends BrowserTestBase {

    static SyntheticAnalysis analysis;
    static Page page;
    static String url;

    @BeforeAll
    static void open(@TempDir Path dir) throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        analysis = new SyntheticAnalysis(80, 1000, 8, 42);
        url = HeadlessChromium.writeReport(analysis.analysisJson(), dir);
        page = chromium.open(url);
        page.waitForFunction("() => blockscope.exact"); // the exact intervals, decoded after the first frame
    }

    @Test
    void everyIntervalIsLoadedAndEveryTaskHasALane() {
        assertThat(((Number) page.evaluate("() => blockscope.intervalCount")).intValue()).isEqualTo(240_000);
        // a report this large carries the timeline as binary columns, decoded by the page
        assertThat(page.evaluate("() => document.getElementById('blockscope-columns').dataset.count")).isEqualTo("240000");
        // cut into elements of 1 MiB of base64, read back in order
        assertThat(((Number) page.evaluate("() => document.querySelectorAll('script[data-part-of=\"blockscope-columns\"]').length")).intValue())
                .isPositive();
        assertThat(((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue()).isEqualTo(80);
        assertThat(((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'carrier').length")).intValue()).isEqualTo(8);
    }

    @Test
    void carrierLanesHoldTheirSlicesInTimeOrder() {
        // the generator writes task after task, so every carrier lane had to be sorted by the page
        for (int c = 0; c < analysis.carriers; c++) {
            long carrier = SyntheticAnalysis.CARRIER_ID_BASE + c;
            long expected = java.util.stream.IntStream.range(0, analysis.n).filter(i -> analysis.carrier[i] == carrier).count();
            @SuppressWarnings("unchecked")
            java.util.List<Number> starts = (java.util.List<Number>) page.evaluate("id => blockscope.laneStarts('carrier', id)", (double) carrier);
            assertThat(starts).hasSize((int) expected);
            for (int k = 1; k < starts.size(); k++) {
                assertThat(starts.get(k).longValue()).isGreaterThanOrEqualTo(starts.get(k - 1).longValue());
            }
        }
    }

    @Test
    void subPixelIntervalsAreMergedToAtMostOneRectanglePerPixelAndLane() {
        page.evaluate("() => blockscope.setView(blockscope.view.start, blockscope.view.end)");
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) page.evaluate("() => blockscope.stats()");
        int lanesOnScreen = ((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind !== 'group' && l.y > 0 && l.y < "
                + "document.getElementById('timeline').clientHeight).length")).intValue();
        int plotWidth = ((Number) page.evaluate("() => document.getElementById('timeline').clientWidth - 230")).intValue();
        int rects = ((Number) stats.get("rects")).intValue();
        assertThat(rects).isPositive().isLessThanOrEqualTo(lanesOnScreen * (plotWidth + 1));
        assertThat(((Number) stats.get("intervalsOnScreen")).intValue()).isGreaterThan(rects);
    }

    /**
     * The exact per-pixel merge (what a report without an overview, a frame filter, and `serve`
     * draw): a plain-JSON report of 10 tasks × 5,000 cycles puts about 13 intervals in each pixel
     * column of a task lane when zoomed out.
     */
    @Test
    void withoutAnOverviewSubPixelIntervalsAreMergedPerPixelToo(@TempDir Path dir) throws Exception {
        SyntheticAnalysis dense = new SyntheticAnalysis(10, 5000, 4, 9);
        Path file = dir.resolve("dense.html");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            PageTemplate.get().write(dense.analysisJson(), out, Integer.MAX_VALUE); // plain JSON at any size
        }
        Page plain = chromium.open(file.toUri().toString());
        try {
            assertThat(plain.evaluate("() => document.getElementById('blockscope-overview')")).isNull();
            plain.evaluate("() => blockscope.fit()");
            @SuppressWarnings("unchecked")
            Map<String, Object> stats = (Map<String, Object>) plain.evaluate("() => blockscope.stats()");
            int lanesOnScreen = ((Number) plain.evaluate("() => blockscope.lanes().filter(l => l.kind !== 'group' && l.y > 0 && l.y < "
                    + "document.getElementById('timeline').clientHeight).length")).intValue();
            int plotWidth = ((Number) plain.evaluate("() => document.getElementById('timeline').clientWidth - 230")).intValue();
            int rects = ((Number) stats.get("rects")).intValue();
            assertThat(((Number) stats.get("overviewLanes")).intValue()).isZero();
            assertThat(rects).isPositive().isLessThanOrEqualTo(lanesOnScreen * (plotWidth + 1));
            assertThat(((Number) stats.get("intervalsOnScreen")).intValue()).isGreaterThan(10 * rects);
        } finally {
            plain.close();
        }
    }

    @Test
    void zoomedInHoverFindsTheIntervalOfTheGeneratedData() {
        // the third interval of the first task is a runnable wait woken by another task
        long start = analysis.start[2], end = analysis.end[2];
        page.evaluate("([s, e]) => blockscope.setView(s - (e - s), e + (e - s))", java.util.List.of((double) start, (double) end));
        double x = ((Number) page.evaluate("t => blockscope.timeToX(t)", (start + end) / 2.0)).doubleValue();
        double y = ((Number) page.evaluate("() => { const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === "
                + analysis.task[2] + "); return l.y + l.h / 2; }")).doubleValue();
        @SuppressWarnings("unchecked")
        Map<String, Object> hit = (Map<String, Object>) page.evaluate("([x, y]) => blockscope.hitTest(x, y)", java.util.List.of(x, y));
        assertThat(hit.get("state")).isEqualTo("RUNNABLE");
        assertThat(((Number) hit.get("start")).longValue()).isEqualTo(start);
        assertThat(((Number) hit.get("waker")).longValue()).isEqualTo(analysis.waker[2]);
        // the first lock wait: its blocker class came through the binary blocker column
        int lock = java.util.stream.IntStream.range(0, analysis.n).filter(i -> analysis.reason[i] == 1).findFirst().orElseThrow();
        page.evaluate("([s, e]) => blockscope.setView(s - (e - s), e + (e - s))", java.util.List.of((double) analysis.start[lock], (double) analysis.end[lock]));
        x = ((Number) page.evaluate("t => blockscope.timeToX(t)", (analysis.start[lock] + analysis.end[lock]) / 2.0)).doubleValue();
        y = ((Number) page.evaluate("() => { const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === "
                + analysis.task[lock] + "); return l.y + l.h / 2; }")).doubleValue();
        @SuppressWarnings("unchecked")
        Map<String, Object> lockHit = (Map<String, Object>) page.evaluate("([x, y]) => blockscope.hitTest(x, y)", java.util.List.of(x, y));
        assertThat(((Number) lockHit.get("start")).longValue()).isEqualTo(analysis.start[lock]);
        assertThat(lockHit.get("blocker")).isEqualTo("java.util.concurrent.locks.ReentrantLock$NonfairSync");
    }

    @Test
    void theFirstFrameIsDrawnFromTheOverviewAndTheExactIntervalsFollowInAWorker() {
        @SuppressWarnings("unchecked")
        Map<String, Object> timings = (Map<String, Object>) page.evaluate("() => blockscope.timings");
        assertThat(timings.get("firstFrameFrom")).isEqualTo("overview");
        assertThat(timings.get("exactIn")).isEqualTo("worker");
        assertThat(((Number) timings.get("exactAt")).doubleValue()).isGreaterThan(((Number) timings.get("readyAt")).doubleValue());
    }

    /**
     * Before the exact intervals arrive (here: never, the page's Worker is replaced by one that
     * does not answer) the page is usable from the overview, and says so: a hover names the
     * bucket's interval count and dominant state exactly as the generated data has them, a click
     * on a carrier lane opens the task of the longest slice there.
     */
    @Test
    void beforeTheExactIntervalsHoverAndClickAnswerFromTheOverview() {
        Page held = chromium.newPage();
        held.addInitScript("window.Worker = class { postMessage() {} terminate() {} };");
        held.navigate(url);
        held.waitForFunction("() => window.blockscope && window.blockscope.ready");
        try {
            assertThat(held.evaluate("() => blockscope.exact")).isEqualTo(false);
            assertThat(held.getByTestId("status").textContent()).contains("decoding the exact intervals");
            TimelineOverview truth = TimelineOverview.of(TimelineColumns.split(analysis.analysisJson()));
            double width = truth.t1 / truth.buckets;
            // task lane: bucket 700 of the topmost task lane
            long taskId = ((Number) held.evaluate("() => blockscope.lanes().find(l => l.kind === 'task').id")).longValue();
            int lane = indexOf(truth.laneId, taskId), bucket = 700, at = lane * truth.buckets + bucket;
            moveTo(held, "task", taskId, (bucket + 0.5) * width);
            var tooltip = held.getByTestId("tooltip");
            assertThat(tooltip.getAttribute("data-aggregated")).isEqualTo("true");
            assertThat(tooltip.getAttribute("data-count")).isEqualTo(String.valueOf((int) truth.count[at]));
            assertThat(tooltip.getAttribute("data-state")).isEqualTo(SyntheticAnalysis.STATES[truth.pairState[truth.code[at] - 1]]);
            int reason = truth.pairReason[truth.code[at] - 1];
            assertThat(tooltip.getAttribute("data-reason")).isEqualTo(reason >= 0 ? SyntheticAnalysis.REASONS[reason] : "");
            assertThat(tooltip.textContent()).contains("Aggregated: " + (int) truth.count[at] + " interval", "still being decoded");
            // carrier lane: the task of the longest slice, and a click opens it
            long carrierId = SyntheticAnalysis.CARRIER_ID_BASE + 2;
            int carrierLane = indexOf(truth.laneId, carrierId), first = truth.laneId.length - truth.carrierLanes;
            long longest = truth.carrierTask[(carrierLane - first) * truth.buckets + bucket];
            double[] point = moveTo(held, "carrier", carrierId, (bucket + 0.5) * width);
            assertThat(tooltip.getAttribute("data-task")).isEqualTo(String.valueOf(longest));
            held.mouse().click(point[0], point[1]);
            assertThat(held.getByTestId("task-detail").getAttribute("data-task")).isEqualTo(String.valueOf(longest));
            assertThat(held.getByTestId("detail-slices-pending").isVisible()).isTrue();
            // a selection's figures need the exact intervals: the panels say they wait for them
            held.evaluate("() => blockscope.setSelection(1e6, 2e6)");
            assertThat(held.locator("#carriers-note").textContent()).isEqualTo("(selected range: waiting for the exact intervals…)");
        } finally {
            held.close();
        }
    }

    @Test
    void withoutAWorkerThePageDecodesTheExactIntervalsItself() {
        Page noWorker = chromium.newPage();
        noWorker.addInitScript("window.Worker = function () { throw new Error('workers are off'); };");
        noWorker.navigate(url);
        noWorker.waitForFunction("() => window.blockscope && window.blockscope.exact");
        try {
            assertThat((String) noWorker.evaluate("() => blockscope.timings.exactIn")).startsWith("page (no worker: workers are off");
            assertThat(((Number) noWorker.evaluate("() => blockscope.intervalCount")).intValue()).isEqualTo(analysis.n);
        } finally {
            noWorker.close();
        }
    }

    static int indexOf(long[] ids, long id) {
        for (int k = 0; k < ids.length; k++) if (ids[k] == id) return k;
        throw new AssertionError("no lane " + id);
    }

    /** Moves the mouse over lane (kind, id) at time t; returns the page coordinates. */
    static double[] moveTo(Page p, String kind, long id, double t) {
        double x = ((Number) p.evaluate("t => blockscope.timeToX(t)", t)).doubleValue();
        double y = ((Number) p.evaluate("([k, id]) => { const l = blockscope.lanes().find(l => l.kind === k && l.id === id); return l.y + l.h / 2; }",
                java.util.List.of(kind, (double) id))).doubleValue();
        var box = p.getByTestId("timeline").boundingBox();
        p.mouse().move(box.x + x, box.y + y);
        return new double[] {box.x + x, box.y + y};
    }

    @Test
    void screenshotIsNotBlank() throws Exception {
        page.evaluate("() => blockscope.setView(0, 1e18)");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(page.getByTestId("timeline").screenshot()));
        int coloured = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 300; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) coloured++;
            }
        }
        assertThat(coloured).isGreaterThan((image.getWidth() - 300) * image.getHeight() / 3);
    }
}
