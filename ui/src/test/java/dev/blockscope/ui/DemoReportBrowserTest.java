package dev.blockscope.ui;

import com.microsoft.playwright.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report of a real recording: demo-analysis.json is the analyzer's JSON (schema 0.3, with
 * blocker classes, carrier lanes split by the virtual threads they carried, JVM service threads
 * marked) of {@code ./blockscope demo}'s recording, taken as it was on 2026-11-28. Each check runs
 * on the plain report and on the large-report form (overview, binary columns, worker).
 * Expected values are read from that JSON: e.g. carrier thread #31 carried cpu-bound-0 (#48)
 * from 1.887 s to 2.083 s, and main (#3) waited in a WaitGroup on a ConditionObject.
 */
class DemoReportBrowserTest extends BrowserTestBase {

    @TempDir static Path dir;

    static Page open(boolean binary) throws Exception {
        Path file = dir.resolve(binary ? "demo-binary.html" : "demo.html");
        try (OutputStream out = Files.newOutputStream(file)) {
            PageTemplate.get().write(HeadlessChromium.fixture("demo-analysis.json"), out, binary ? 0 : PageTemplate.COMPRESS_ABOVE);
        }
        Page page = chromium.open(file.toUri().toString());
        page.waitForFunction("() => blockscope.exact");
        page.evaluate("() => blockscope.expandAll()");
        return page;
    }

    @ParameterizedTest(name = "binary columns: {0}")
    @ValueSource(booleans = {false, true})
    void aCarrierThreadsLaneNamesTheVirtualThreadItCarriedAndAClickOpensIt(boolean binary) throws Exception {
        Page page = open(binary);
        try {
            // the Carriers group has the two carriers only: the carrier threads' own intervals (carrier = the
            // virtual thread carried) stay in their task lanes and make no carrier lanes of their own
            assertThat(lanes(page, "carrier")).containsExactlyInAnyOrder(28L, 31L);
            // interval 1388: carrier thread #31 RUNNING from 1887454994 to 2083447298, carrying #48
            double[] point = moveTo(page, "task", 31, (1887454994L + 2083447298L) / 2.0);
            var tooltip = page.getByTestId("tooltip");
            assertThat(tooltip.getAttribute("data-carried")).isEqualTo("48");
            assertThat(tooltip.textContent()).contains("Carried: cpu-bound-0 [cpu-bound-0] (#48)");
            page.mouse().click(point[0], point[1]);
            assertThat(page.getByTestId("task-detail").getAttribute("data-task")).isEqualTo("48");
            // the same moment on the carrier lane of #31: the virtual thread's own slice
            double[] onCarrierLane = lanePoint(page, "carrier", 31, (1887454994L + 2083447298L) / 2.0);
            @SuppressWarnings("unchecked")
            Map<String, Object> hit = (Map<String, Object>) page.evaluate("([x, y]) => blockscope.hitTest(x, y)",
                    List.of(onCarrierLane[0], onCarrierLane[1]));
            assertThat(((Number) hit.get("task")).longValue()).isEqualTo(48);
        } finally {
            page.close();
        }
    }

    @ParameterizedTest(name = "binary columns: {0}")
    @ValueSource(booleans = {false, true})
    void hoverNamesTheBlockerClassAndServiceThreadsHaveTheirGroup(boolean binary) throws Exception {
        Page page = open(binary);
        try {
            // interval 1111: main (#3) BLOCKED in waitgroup from 1887510310 to 2120423286
            moveTo(page, "task", 3, (1887510310L + 2120423286L) / 2.0);
            var tooltip = page.getByTestId("tooltip");
            assertThat(tooltip.getAttribute("data-reason")).isEqualTo("waitgroup");
            assertThat(tooltip.getAttribute("data-blocker")).isEqualTo("java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject");
            assertThat(tooltip.textContent()).contains("Blocker: java.util.concurrent.locks.AbstractQueuedSynchronizer$ConditionObject");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'group')");
            assertThat(groups).anySatisfy(g -> assertThat((String) g.get("label")).startsWith("JVM service threads (6 tasks)"));
        } finally {
            page.close();
        }
    }

    @org.junit.jupiter.api.Test
    void overheadSaysWhatTheRecordingCannotTell() throws Exception {
        Page page = open(false);
        try {
            String text = page.getByTestId("overhead").textContent();
            // the demo has one /proc sample per thread, and the file's size (the agent cannot know it while recording)
            assertThat(text).contains("one sample per thread, no difference over the recording; since the threads started: 2,576 voluntary")
                    .contains("361.8 KiB (the file)")
                    .doesNotContain("0 voluntary, 0 involuntary");
            // an analysis from before window.recordingStartNanos: no marker
            assertThat((java.util.List<?>) page.evaluate("() => blockscope.markers()")).isEmpty();
        } finally {
            page.close();
        }
    }

    /**
     * The unknown-time headline is about the application's tasks: on the demo they have none,
     * while the six JVM service threads are 90 % unknown (they park in waits written only when
     * they end). Before, the headline said "4.105 s (50.3 % of all task time)", all of it the
     * JVM's and the carriers'. Figures from demo-analysis.json: service threads 3,789,586,419 of
     * 4,204,211,876 ns unknown, carriers 315,431,653 of 1,184,678,342 ns, the 21 other tasks 0.
     */
    @org.junit.jupiter.api.Test
    void theUnknownHeadlineIsAboutTheApplicationsTasks() throws Exception {
        Page page = open(false);
        try {
            String notices = page.getByTestId("notices").textContent();
            assertThat(notices).doesNotContain("of all task time")
                    .contains("The application's 21 tasks have no unknown time")
                    .contains("JVM service threads (6): 3.790 s unknown (90.1 % of their time)")
                    .contains("Carriers (2): 315 ms unknown (26.6 % of their time)");
        } finally {
            page.close();
        }
    }

    @ParameterizedTest(name = "binary columns: {0}")
    @ValueSource(booleans = {false, true})
    void aSelectionsBlockingProfileLeavesOutCarrierThreadsAsTheAnalyzerDoes(boolean binary) throws Exception {
        Page page = open(binary);
        try {
            page.evaluate("() => blockscope.setSelection(1.7e9, 1.8e9)");
            page.waitForFunction("() => document.getElementById('flame-note').textContent.includes('selected')");
            // from the fixture: 331,539,491 ns of waits in [1.7 s, 1.8 s] clipped to it, without the carrier
            // threads' (#28, #31) own intervals (465 ms with them)
            Number root = (Number) page.evaluate("() => blockscope.flameNodes().find(n => n.depth === 0).total");
            assertThat(root.longValue()).isEqualTo(331_539_491L);
        } finally {
            page.close();
        }
    }

    static List<Long> lanes(Page page, String kind) {
        @SuppressWarnings("unchecked")
        List<Number> ids = (List<Number>) page.evaluate("k => blockscope.lanes().filter(l => l.kind === k).map(l => l.id)", kind);
        return ids.stream().map(Number::longValue).toList();
    }

    /** Canvas coordinates of lane (kind, id) at time t, after zooming to a window around t and scrolling it into view. */
    static double[] lanePoint(Page page, String kind, long id, double t) {
        page.evaluate("t => blockscope.setView(t - 2e6, t + 2e6)", t);
        // bring the lane just under the ruler, and the timeline into the window
        Number y = (Number) page.evaluate("([k, id]) => { blockscope.scrollTo(0); const l = blockscope.lanes().find(l => l.kind === k && l.id === id);"
                + " blockscope.scrollTo(l.y - 60);"
                + " const m = blockscope.lanes().find(l => l.kind === k && l.id === id); return m.y + m.h / 2; }", List.of(kind, (double) id));
        page.getByTestId("timeline").scrollIntoViewIfNeeded();
        double x = ((Number) page.evaluate("t => blockscope.timeToX(t)", t)).doubleValue();
        return new double[] {x, y.doubleValue()};
    }

    /** Moves the mouse over lane (kind, id) at time t; returns the page coordinates. */
    static double[] moveTo(Page page, String kind, long id, double t) {
        double[] p = lanePoint(page, kind, id, t);
        var box = page.getByTestId("timeline").boundingBox();
        page.mouse().move(box.x + p[0], box.y + p[1]);
        return new double[] {box.x + p[0], box.y + p[1]};
    }
}
