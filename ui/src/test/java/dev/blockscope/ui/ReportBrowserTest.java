package dev.blockscope.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of small-analysis.json (see src/test/fixtures/small_analysis.py for its story),
 * opened from disk in headless Chromium. Expected values are the fixture's ground truth: e.g.
 * worker-2 (#32) waits on a lock from 4 ms to 7 ms and is woken by worker-1 (#31).
 */
class ReportBrowserTest extends BrowserTestBase {

    static final long MS = 1_000_000;
    @TempDir static Path dir;
    static String url;

    Page page;
    final List<String> dialogs = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        url = HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir);
    }

    @BeforeEach
    void open() {
        page = chromium.newPage();
        page.onDialog(d -> { dialogs.add(d.message()); d.dismiss(); });
        page.onPageError(errors::add);
        page.onConsoleMessage(m -> { if (m.type().equals("error")) errors.add(m.text()); });
        page.navigate(url);
        page.waitForFunction("() => window.blockscope && window.blockscope.ready");
    }

    @AfterEach
    void close() {
        if (page != null) {
            page.close();
        }
        assertThat(errors).as("errors in the page").isEmpty();
    }

    @Test
    void everyTaskAndCarrierHasALane() {
        assertThat(laneIds("task")).containsExactlyInAnyOrder(1L, 31L, 32L, 33L, 34L, 40L);
        assertThat(laneIds("carrier")).containsExactlyInAnyOrder(21L, 22L, 23L);
        assertThat(page.evaluate("() => blockscope.intervalCount")).isEqualTo(34);
    }

    @Test
    void hoverShowsReasonDurationCarrierlessWaitAndWaker() {
        hover(32, 5 * MS);
        var tooltip = page.getByTestId("tooltip");
        assertThat(tooltip.isVisible()).isTrue();
        assertThat(tooltip.getAttribute("data-state")).isEqualTo("SUSPENDED");
        assertThat(tooltip.getAttribute("data-reason")).isEqualTo("park.lock");
        assertThat(tooltip.getAttribute("data-duration")).isEqualTo(String.valueOf(3 * MS));
        assertThat(tooltip.textContent()).contains("reason: park.lock", "Duration: 3.00 ms", "Woken by: worker-1 [fetch] (#31)",
                "java.util.concurrent.locks.ReentrantLock.lock:322");
        // the waker arrow: from worker-1's lane to worker-2's, at the end of the wait (7 ms)
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> arrows = (List<Map<String, Object>>) page.evaluate("() => blockscope.arrows()");
        assertThat(arrows).hasSize(1);
        assertThat(((Number) arrows.get(0).get("from")).longValue()).isEqualTo(31);
        assertThat(((Number) arrows.get(0).get("to")).longValue()).isEqualTo(32);
        assertThat(((Number) arrows.get(0).get("t")).longValue()).isEqualTo(7 * MS);
    }

    @Test
    void whereTheRecordingBeganIsMarkedAcrossTheLanes() {
        // the fixture's agent recording ran 1 ms in: what came before, its probes saw alone
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> markers = (List<Map<String, Object>>) page.evaluate("() => blockscope.markers()");
        assertThat(markers).singleElement().satisfies(m -> {
            assertThat(m.get("kind")).isEqualTo("recording");
            assertThat(((Number) m.get("t")).longValue()).isEqualTo(MS);
            assertThat(m.get("label")).isEqualTo("recording ran");
        });
        double x = ((Number) markers.get(0).get("x")).doubleValue();
        assertThat(x).isEqualTo(((Number) page.evaluate("() => blockscope.timeToX(" + MS + ")")).doubleValue());
        // drawn: the ruler at the marker is the marker's blue, not the ruler's grey
        @SuppressWarnings("unchecked")
        List<Number> rgb = (List<Number>) page.evaluate("(x) => { const c = document.getElementById('timeline');"
                + " const d = c.getContext('2d').getImageData(Math.round(x * (window.devicePixelRatio || 1)), 1, 1, 1).data;"
                + " return [d[0], d[1], d[2]]; }", x);
        assertThat(rgb.get(2).intValue() - rgb.get(0).intValue()).as("blue over red at the marker, %s", rgb).isGreaterThan(40);
    }

    @Test
    void hoverOnPinnedWaitAndOnCarrierLane() {
        hover(33, 6 * MS);
        var tooltip = page.getByTestId("tooltip");
        assertThat(tooltip.getAttribute("data-state")).isEqualTo("BLOCKED_PINNED");
        assertThat(tooltip.textContent()).contains("reason: monitor.wait", "Duration: 4.00 ms", "Carrier: ForkJoinPool-1-worker-1 (#21)");
        Map<String, Object> hit = hitAt(lanePoint("carrier", 23, 11 * MS));
        assertThat(((Number) hit.get("task")).longValue()).isEqualTo(34); // the hostile-named task ran on #23 then
    }

    @Test
    void unknownTimeIsDrawnAndExplained() {
        assertThat(page.getByTestId("notices").textContent()).contains("Unknown time: 2.00 ms", "its first 2 ms are unknown");
        hover(40, MS);
        var tooltip = page.getByTestId("tooltip");
        assertThat(tooltip.getAttribute("data-state")).isEqualTo("UNKNOWN");
        assertThat(tooltip.textContent()).contains("no events");
    }

    @Test
    void clickOpensTheTaskDetail() {
        click(lanePoint("task", 33, 6 * MS));
        var detail = page.getByTestId("task-detail");
        assertThat(detail.isVisible()).isTrue();
        assertThat(page.getByTestId("detail-name").textContent()).isEqualTo("worker-3 [fetch]");
        assertThat(page.getByTestId("detail-states").textContent()).contains("BLOCKED_PINNED4.00 ms25.0 %", "RUNNING8.50 ms53.1 %");
        assertThat(page.getByTestId("detail-longest").textContent()).contains("monitor.wait", "4.00 ms", "app.Cache.await:41");
        // three run slices: 4-5 ms and 9-14 ms on #21, 15.5-18 ms on #23
        assertThat(page.getByTestId("detail-slices").locator("tr").count()).isEqualTo(1 + 3);
        assertThat(page.getByTestId("detail-slices").textContent()).contains("5.00 ms", "ForkJoinPool-1-worker-3 (#23)");
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(33);
    }

    @Test
    void clickingAFlameFrameFiltersTheTimeline() {
        page.getByTestId("flame").scrollIntoViewIfNeeded();
        Map<String, Object> node = flameNode("app.Cache.get:52");
        BoundingBox box = page.getByTestId("flame").boundingBox();
        page.mouse().click(box.x + num(node, "x") + num(node, "w") / 2, box.y + num(node, "y") + num(node, "h") / 2);
        assertThat(page.evaluate("() => blockscope.filter.reason")).isEqualTo("park.lock");
        assertThat(laneIds("task")).containsExactly(32L);
        assertThat(page.getByTestId("search-count").textContent()).isEqualTo("1 of 6 tasks");
        // the root frame clears the filter
        Map<String, Object> root = flameNode("all blocked time"); // the root of the "All blocked" profile
        page.getByTestId("flame").scrollIntoViewIfNeeded();
        box = page.getByTestId("flame").boundingBox(); // the timeline got shorter: the graph moved
        page.mouse().click(box.x + 5, box.y + num(root, "y") + num(root, "h") / 2);
        assertThat(page.evaluate("() => blockscope.filter")).isNull();
        assertThat(laneIds("task")).hasSize(6);
    }

    @Test
    void aSelectionFiltersThePanelsAndTheDetail() {
        page.evaluate("() => blockscope.setSelection(4e6, 8e6)");
        page.waitForFunction("() => document.getElementById('pinning-note').textContent.includes('selected')");
        // worker-3's pinned wait (5-9 ms) clipped to the range is 3 ms
        assertThat(page.getByTestId("pinning").textContent()).contains("1 waits, 3.00 ms total", "Fix: Remove the native frame");
        // the only wake-up in [4, 8] ms is worker-2's at 7 ms, which waited 400 µs for a carrier
        assertThat(page.getByTestId("latency-stats").textContent()).contains("1 wake-ups", "max 400 µs");
        click(lanePoint("task", 32, 5 * MS));
        assertThat(page.getByTestId("task-detail").textContent()).contains("Time by state (selected range)");
        assertThat(page.getByTestId("detail-reasons").textContent()).contains("park.lock", "3.00 ms");
        assertThat(page.getByTestId("detail-longest").textContent()).contains("park.lock3.00 msat 4.00 mswoken by worker-1 [fetch] (#31)");
        page.keyboard().press("Escape");
        assertThat(page.evaluate("() => blockscope.selection")).isNull();
        assertThat(page.getByTestId("latency-stats").textContent()).contains("9 wake-ups");
        assertThat(page.getByTestId("latency-by-carriers").textContent()).contains("max39500 µs2.00 ms2.00 ms");
    }

    /**
     * A report whose timeline the analyzer truncated holds only the longest intervals: a
     * selection's panels, computed from them, say they are partial (they said nothing before).
     */
    @Test
    void aSelectionOverATruncatedTimelineSaysItsPanelsArePartial() throws Exception {
        byte[] json = new String(HeadlessChromium.fixture("small-analysis.json"), StandardCharsets.UTF_8)
                .replace("\"truncated\": false", "\"truncated\": true").getBytes(StandardCharsets.UTF_8);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"truncated\": true");
        page.navigate(HeadlessChromium.writeReport(json, dir.resolve("..").resolve(dir.getFileName()).normalize()));
        page.waitForFunction("() => window.blockscope && window.blockscope.ready && window.blockscope.exact");
        page.evaluate("() => blockscope.setSelection(4e6, 8e6)");
        page.waitForFunction("() => document.getElementById('latency-note').textContent.includes('selected')");
        assertThat(page.locator("#latency-note").textContent()).contains("partial: the report holds the 34 longest intervals");
        assertThat(page.locator("#flame-note").textContent()).contains("partial");
        // and the task detail's figures for the range say what they come from
        page.evaluate("() => blockscope.selectTask(32)");
        assertThat(page.getByTestId("task-detail").textContent()).contains("Time by state (selected range, of the intervals the report holds)");
        page.keyboard().press("Escape");
        assertThat(page.locator("#latency-note").textContent()).isEqualTo("(whole recording)");
    }

    /**
     * A range without wake-ups has no latency charts: before, the canvases (display: block in the
     * stylesheet, which beat the hidden attribute) stayed drawn with the whole recording's bars
     * under "No scheduler latency measured in the selected range", while the heading went.
     */
    @Test
    void aRangeWithoutWakeUpsHidesTheLatencyChartsAndTheirHeading() {
        page.evaluate("() => blockscope.setSelection(19.5e6, 19.9e6)");
        page.waitForFunction("() => document.getElementById('latency-stats').textContent.includes('No scheduler latency measured in the selected range')");
        assertThat(page.getByTestId("latency-hist").isVisible()).isFalse();
        assertThat(page.getByTestId("latency-time").isVisible()).isFalse();
        assertThat(page.getByTestId("pool-chart").isVisible()).isFalse();
        assertThat(page.locator("[data-testid=panel-latency] h3").first().isVisible()).isFalse();
        page.keyboard().press("Escape");
        assertThat(page.getByTestId("latency-hist").isVisible()).isTrue();
        assertThat(page.getByTestId("latency-time").isVisible()).isTrue();
        assertThat(page.locator("[data-testid=panel-latency] h3").first().isVisible()).isTrue();
    }

    @Test
    void shiftDragSelectsARange() {
        double[] from = lanePoint("task", 1, 5 * MS), to = lanePoint("task", 1, 10 * MS);
        page.keyboard().down("Shift");
        page.mouse().move(from[0], from[1]);
        page.mouse().down();
        page.mouse().move(to[0], to[1], new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        page.keyboard().up("Shift");
        double start = ((Number) page.evaluate("() => blockscope.selection.start")).doubleValue();
        double end = ((Number) page.evaluate("() => blockscope.selection.end")).doubleValue();
        double pixel = 20.0 * MS / 1170; // ~1 px at full view
        assertThat(start).isBetween(5 * MS - 2 * pixel, 5 * MS + 2 * pixel);
        assertThat(end).isBetween(10 * MS - 2 * pixel, 10 * MS + 2 * pixel);
    }

    @Test
    void keysZoomAndPan() {
        double span0 = span();
        page.getByTestId("timeline").focus();
        page.keyboard().press("w");
        page.keyboard().press("w");
        assertThat(span()).isCloseTo(span0 * 0.64, org.assertj.core.data.Offset.offset(span0 * 0.001));
        double start = ((Number) page.evaluate("() => blockscope.view.start")).doubleValue();
        page.keyboard().press("d");
        double moved = ((Number) page.evaluate("() => blockscope.view.start")).doubleValue();
        assertThat(moved - start).isCloseTo(0.1 * span(), org.assertj.core.data.Offset.offset(span0 * 0.001));
        page.keyboard().press("s");
        assertThat(span()).isCloseTo(span0 * 0.8, org.assertj.core.data.Offset.offset(span0 * 0.001));
        page.keyboard().press("f");
        assertThat(span()).isEqualTo(span0);
    }

    @Test
    void searchKeepsMatchingLanesAndGroupsCollapse() {
        page.getByTestId("search").fill("worker-");
        assertThat(laneIds("task")).containsExactlyInAnyOrder(31L, 32L, 33L);
        page.getByTestId("search").fill("");
        Map<String, Object> group = lanes().stream().filter(l -> "crawler (3 tasks)".equals(l.get("label"))).findFirst().orElseThrow();
        BoundingBox box = page.getByTestId("timeline").boundingBox();
        page.mouse().click(box.x + 40, box.y + num(group, "y") + 5);
        assertThat(laneIds("task")).containsExactlyInAnyOrder(1L, 34L, 40L);
    }

    @Test
    void screenshotShowsTheTimelineInItsColours() throws Exception {
        byte[] png = page.getByTestId("timeline").screenshot();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int coloured = 0, running = 0, pinned = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb != 0xFFFFFF) coloured++;
                if (rgb == 0x009E73) running++;
                if (rgb == 0xD55E00) pinned++;
            }
        }
        // the lanes cover most of the plot: far more than labels and grid lines alone
        assertThat(coloured).isGreaterThan(image.getWidth() * image.getHeight() / 5);
        assertThat(running).isGreaterThan(1000);
        assertThat(pinned).isGreaterThan(100);
    }

    @Test
    void theBinaryColumnsOfLargeReportsReadTheSameAsTheJson() throws Exception {
        Path file = dir.resolve("binary.html");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            PageTemplate.get().write(HeadlessChromium.fixture("small-analysis.json"), out, 0); // binary at any size
        }
        page.navigate(file.toUri().toString());
        page.waitForFunction("() => window.blockscope && window.blockscope.ready && window.blockscope.exact");
        assertThat(page.evaluate("() => document.getElementById('blockscope-columns').dataset.count")).isEqualTo("34");
        assertThat(laneIds("task")).containsExactlyInAnyOrder(1L, 31L, 32L, 33L, 34L, 40L);
        hover(32, 5 * MS);
        var tooltip = page.getByTestId("tooltip");
        assertThat(tooltip.getAttribute("data-reason")).isEqualTo("park.lock");
        assertThat(tooltip.getAttribute("data-duration")).isEqualTo(String.valueOf(3 * MS));
        assertThat(tooltip.textContent()).contains("Woken by: worker-1 [fetch] (#31)", "ReentrantLock.lock:322").doesNotContain("Carrier:");
        assertThat(hitAt(lanePoint("carrier", 23, 11 * MS)).get("task")).isEqualTo(34);
    }

    @Test
    void binaryColumnsKeepTimesOfLongRecordingsExact() throws Exception {
        // 30 minutes into a recording: starts need 41 bits, beyond the decoder's 28-bit fast path
        SyntheticAnalysis late = new SyntheticAnalysis(3, 50, 2, 5, 1_800_000_000_000L);
        Path file = dir.resolve("late.html");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            PageTemplate.get().write(late.analysisJson(), out, 0);
        }
        page.navigate(file.toUri().toString());
        page.waitForFunction("() => window.blockscope && window.blockscope.ready && window.blockscope.exact");
        for (int t = 0; t < 3; t++) {
            long id = SyntheticAnalysis.TASK_ID_BASE + t;
            @SuppressWarnings("unchecked")
            List<Number> starts = (List<Number>) page.evaluate("id => blockscope.laneStarts('task', id)", (double) id);
            long[] expected = java.util.stream.IntStream.range(0, late.n).filter(i -> late.task[i] == id).mapToLong(i -> late.start[i]).toArray();
            assertThat(starts.stream().mapToLong(Number::longValue).toArray()).containsExactly(expected);
        }
        @SuppressWarnings("unchecked")
        List<Number> ends = (List<Number>) page.evaluate("() => { const v = []; for (let i = 0; i < 5; i++) v.push(blockscope.interval(i).end); return v; }");
        assertThat(ends.stream().mapToLong(Number::longValue).toArray()).containsExactly(java.util.Arrays.copyOf(late.end, 5));
    }

    @Test
    void aNameThatIsMarkupIsShownAsTextAndRunsNothing() throws Exception {
        String hostile = "<img src=x onerror=alert(1)>";
        // a file name that tries to close the data block as well
        byte[] json = new String(HeadlessChromium.fixture("small-analysis.json"), StandardCharsets.UTF_8)
                .replace("\"crawler.jfr\"", "\"</script><script>alert(2)</script>.jfr\"").getBytes(StandardCharsets.UTF_8);
        page.navigate(HeadlessChromium.writeReport(json, dir.resolve("..").resolve(dir.getFileName()).normalize()));
        page.waitForFunction("() => window.blockscope && window.blockscope.ready && window.blockscope.exact");
        assertThat(page.getByTestId("source").textContent()).startsWith("</script><script>alert(2)</script>.jfr");
        assertThat(lanes().stream().filter(l -> Long.valueOf(34).equals(id(l))).findFirst().orElseThrow().get("label")).isEqualTo(hostile);
        click(lanePoint("task", 34, 6 * MS));
        assertThat(page.getByTestId("detail-name").textContent()).isEqualTo(hostile);
        BoundingBox box = page.getByTestId("timeline").boundingBox();
        double[] lane = lanePoint("task", 34, 0);
        page.mouse().move(box.x + 60, lane[1]);
        assertThat(page.getByTestId("tooltip").textContent()).contains(hostile + " (#34)");
        assertThat(page.locator("img").count()).isZero();
        assertThat(page.locator("script").count()).isEqualTo(2);
        page.waitForTimeout(200);
        assertThat(dialogs).isEmpty();
    }

    /**
     * A name with a right-to-left override or control characters is shown escaped: "\u202Eevil"
     * was drawn as "live" in a lane label. The poller (#40) is renamed so here.
     */
    @Test
    void bidirectionalAndControlCharactersInNamesAreShownEscaped() throws Exception {
        byte[] json = new String(HeadlessChromium.fixture("small-analysis.json"), StandardCharsets.UTF_8)
                .replace("\"poller\"", "\"\\u202eevil\\u0007\"").getBytes(StandardCharsets.UTF_8);
        page.navigate(HeadlessChromium.writeReport(json, dir.resolve("..").resolve(dir.getFileName()).normalize()));
        page.waitForFunction("() => window.blockscope && window.blockscope.ready && window.blockscope.exact");
        String escaped = "\\u202Eevil\\u0007";
        assertThat(lanes().stream().filter(l -> Long.valueOf(40).equals(id(l))).findFirst().orElseThrow().get("label")).isEqualTo(escaped);
        click(lanePoint("task", 40, 10 * MS));
        assertThat(page.getByTestId("detail-name").textContent()).isEqualTo(escaped);
        assertThat((String) page.evaluate("() => document.body.innerText")).doesNotContain("\u202e").doesNotContain("\u0007");
    }

    @Test
    void schedulerPoolIsChartedAndFollowsTheSelection() throws Exception {
        // the fixture samples the pool every ms, read off its intervals (small_analysis.py)
        var stats = page.getByTestId("pool-stats");
        assertThat(stats.textContent()).contains("20 samples · parallelism 3 · pool size 3 · active carriers mean", "max 3",
                "queued tasks mean 0.5, max 2");
        page.getByTestId("pool-chart").scrollIntoViewIfNeeded();
        BufferedImage chart = ImageIO.read(new ByteArrayInputStream(page.getByTestId("pool-chart").screenshot()));
        int green = 0, blue = 0;
        for (int y = 0; y < chart.getHeight(); y++) {
            for (int x = 0; x < chart.getWidth(); x++) {
                int rgb = chart.getRGB(x, y) & 0xFFFFFF;
                if (near(rgb, 0x009E73)) green++;
                if (near(rgb, 0x0072B2)) blue++;
            }
        }
        assertThat(green).as("active carriers line").isGreaterThan(100);
        assertThat(blue).as("pool size line").isGreaterThan(100);
        page.evaluate("() => blockscope.setSelection(4e6, 8e6)");
        page.waitForFunction("() => document.getElementById('pool-note').textContent.includes('selected')");
        // samples at 4..8 ms: active 1,1,1,1,2; queued 0,0,0,1,0
        assertThat(stats.textContent()).contains("5 samples", "active carriers mean 1.2, max 2", "queued tasks mean 0.2, max 1");
        page.evaluate("() => blockscope.setSelection(19.5e6, 19.9e6)");
        page.waitForFunction("() => document.getElementById('pool-stats').textContent.includes('No scheduler sample in the selected range')");
    }

    @Test
    void poolCounterTrackUnderTheRulerAnswersAHover() {
        Map<String, Object> track = lanes().stream().filter(l -> "counter".equals(l.get("kind"))).findFirst().orElseThrow();
        assertThat(track.get("label")).isEqualTo("Scheduler pool");
        double x = ((Number) page.evaluate("t => blockscope.timeToX(t)", (double) (3 * MS + MS / 2))).doubleValue();
        BoundingBox box = page.getByTestId("timeline").boundingBox();
        page.mouse().move(box.x + x, box.y + num(track, "y") + num(track, "h") / 2);
        var tooltip = page.getByTestId("tooltip");
        // the sample at 3 ms holds until 4 ms: two carriers active, two tasks queued (small_analysis.py)
        assertThat(tooltip.getAttribute("data-sample")).isEqualTo(String.valueOf(3 * MS));
        assertThat(tooltip.getAttribute("data-active")).isEqualTo("2");
        assertThat(tooltip.getAttribute("data-queued")).isEqualTo("2");
        assertThat(tooltip.textContent()).contains("Active carriers 2 of pool size 3 (parallelism 3)", "Queued tasks 2");
    }

    @Test
    void overheadCountsTheSwitchesOfTheSelectedRange() {
        var overhead = page.getByTestId("overhead");
        // six SUSPENDED waits of virtual threads in 20 ms
        assertThat(overhead.textContent()).contains("Context switches6 (300/s)").doesNotContain("(whole recording)");
        page.evaluate("() => blockscope.setSelection(4e6, 8e6)");
        page.waitForFunction("() => document.getElementById('overhead-note').textContent.includes('selected')");
        // in [4, 8] ms: worker-1's socket read, worker-2's lock wait and the markup task's sleep start at 4 ms
        assertThat(overhead.textContent()).contains("Context switches (selected range)3 (750/s)",
                "OS switches (whole recording)51 voluntary", "Agent events (whole recording)412 events");
        page.keyboard().press("Escape");
        assertThat(overhead.textContent()).contains("Context switches6 (300/s)");
    }

    // ---- helpers

    /** Within a few steps of the colour in each channel: lines are antialiased. */
    static boolean near(int rgb, int target) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xFF) - ((target >> shift) & 0xFF)) > 24) return false;
        }
        return true;
    }

    double span() {
        return ((Number) page.evaluate("() => blockscope.view.end - blockscope.view.start")).doubleValue();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> lanes() {
        return (List<Map<String, Object>>) page.evaluate("() => blockscope.lanes()");
    }

    List<Long> laneIds(String kind) {
        return lanes().stream().filter(l -> kind.equals(l.get("kind"))).map(ReportBrowserTest::id).toList();
    }

    static Long id(Map<String, Object> lane) {
        return lane.get("id") == null ? null : ((Number) lane.get("id")).longValue();
    }

    /** Viewport coordinates of the middle of a lane at a time. */
    double[] lanePoint(String kind, long id, long time) {
        Map<String, Object> lane = lanes().stream().filter(l -> kind.equals(l.get("kind")) && Long.valueOf(id).equals(id(l)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " lane " + id));
        double x = ((Number) page.evaluate("t => blockscope.timeToX(t)", (double) time)).doubleValue();
        BoundingBox box = page.getByTestId("timeline").boundingBox();
        return new double[] {box.x + x, box.y + num(lane, "y") + num(lane, "h") / 2};
    }

    void hover(long task, long time) {
        double[] p = lanePoint("task", task, time);
        page.mouse().move(p[0], p[1]);
    }

    void click(double[] p) {
        page.mouse().click(p[0], p[1]);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> hitAt(double[] p) {
        BoundingBox box = page.getByTestId("timeline").boundingBox();
        return (Map<String, Object>) page.evaluate("([x, y]) => blockscope.hitTest(x, y)", List.of(p[0] - box.x, p[1] - box.y));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> flameNode(String name) {
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) page.evaluate("() => blockscope.flameNodes()");
        return nodes.stream().filter(n -> name.equals(n.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no flame node " + name));
    }

    static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
