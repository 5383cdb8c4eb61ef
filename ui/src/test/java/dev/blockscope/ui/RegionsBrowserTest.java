package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's Trace.region and Trace.log annotations on their tasks' lanes. They were in the
 * analysis JSON and shown nowhere. demo-analysis.json has 62 regions and 2 logs: square-0 (#29)'s
 * first "square" region from 1,551,259,233 to 1,551,283,118 ns, and consumer (#34)'s log
 * "no square within 10 ms" (category consumer) at 1,622,099,399 ns.
 */
class RegionsBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static Page page;

    @BeforeAll
    static void open() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("demo-analysis.json"), dir));
        page.evaluate("() => blockscope.expandAll()");
    }

    @AfterAll
    static void close() {
        if (page != null) {
            page.close();
        }
    }

    /** Moves to the top edge of task lane id at time t (zoomed to ±span around it); returns the tooltip's text. */
    static String hoverTop(long id, double t, double span) {
        @SuppressWarnings("unchecked")
        List<Number> xy = (List<Number>) page.evaluate("([id, t, span]) => { blockscope.setView(t - span, t + span); blockscope.scrollTo(0);"
                + " const l0 = blockscope.lanes().find(l => l.kind === 'task' && l.id === id); blockscope.scrollTo(l0.y - 60);"
                + " const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === id); return [blockscope.timeToX(t), l.y + 1]; }",
                List.of((double) id, t, span));
        page.getByTestId("timeline").scrollIntoViewIfNeeded();
        var box = page.getByTestId("timeline").boundingBox();
        page.mouse().move(box.x + xy.get(0).doubleValue(), box.y + xy.get(1).doubleValue());
        return page.getByTestId("tooltip").textContent();
    }

    @Test
    void aRegionIsDrawnOnItsLaneAndNamedOnHover() {
        double t = (1_551_259_233L + 1_551_283_118L) / 2.0;
        String text = hoverTop(29, t, 30_000);
        assertThat(page.getByTestId("tooltip").getAttribute("data-region")).isEqualTo("square");
        assertThat(text).contains("Region: square", "Duration: 23.9 µs");
        // drawn: the lane's top edge is dark there
        @SuppressWarnings("unchecked")
        List<Number> rgb = (List<Number>) page.evaluate("(t) => { const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === 29),"
                + " dpr = window.devicePixelRatio || 1; blockscope.renderNow();"
                + " const d = document.getElementById('timeline').getContext('2d').getImageData(Math.round(blockscope.timeToX(t)) * dpr,"
                + " Math.round(l.y) * dpr, 1, 1).data; return [d[0], d[1], d[2]]; }", t);
        assertThat(rgb.get(0).intValue() + rgb.get(1).intValue() + rgb.get(2).intValue()).isLessThan(200);
    }

    @Test
    void aLogIsAMarkOnItsLaneWithItsMessage() {
        String text = hoverTop(34, 1_622_099_399L, 2_000_000);
        assertThat(page.getByTestId("tooltip").getAttribute("data-log")).isEqualTo("no square within 10 ms");
        assertThat(text).contains("Log [consumer]: no square within 10 ms");
    }

    @Test
    void theTaskDetailListsItsRegionsAndLogs() {
        page.evaluate("() => { const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === 29); }");
        page.locator("[data-testid=task-group][data-group='square-#']").click();
        page.locator("[data-testid=task-row][data-task='29']").click();
        assertThat(page.getByTestId("detail-regions").textContent()).contains("square");
    }

    /**
     * A region is a span in a track of its own above the task's states, named inside when it is
     * wide enough: it was a 2 px strip along the lane's top edge, hard to see and never named.
     * Zoomed to square-0's first "square" region (23.9 µs), the name is drawn in the track, the
     * track is dark over the region, and the states below it are drawn as before.
     */
    @Test
    void aRegionIsANamedSpanAboveItsTasksStates() throws Exception {
        Page own = chromium.newPage();
        own.addInitScript("(() => { window.__drawn = []; const C = CanvasRenderingContext2D.prototype, f = C.fillText;"
                + " C.fillText = function (s, x, y, ...rest) { window.__drawn.push([String(s), x, y]); return f.call(this, s, x, y, ...rest); }; })()");
        try {
            own.navigate(HeadlessChromium.writeReport(HeadlessChromium.fixture("demo-analysis.json"), dir));
            own.waitForFunction("() => window.blockscope && blockscope.ready");
            double t = (1_551_259_233L + 1_551_283_118L) / 2.0;
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> found = (java.util.Map<String, Object>) own.evaluate("t => { blockscope.expandAll(); blockscope.setView(t - 30000, t + 30000);"
                    + " const l0 = blockscope.lanes().find(l => l.kind === 'task' && l.id === 29); blockscope.scrollTo(l0.y - 60);"
                    + " window.__drawn = []; blockscope.renderNow();"
                    + " const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === 29), dpr = window.devicePixelRatio || 1;"
                    + " const px = (y) => Array.from(document.getElementById('timeline').getContext('2d').getImageData(Math.round(blockscope.timeToX(t)) * dpr, Math.round(y) * dpr, 1, 1).data.slice(0, 3));"
                    + " const name = window.__drawn.find(([s]) => s === 'square');"
                    + " return { y: l.y, h: l.h, name: name ? [name[1], name[2]] : null, top: px(l.y + 2), bottom: px(l.y + l.h - 3) }; }", t);
            double y = ((Number) found.get("y")).doubleValue(), h = ((Number) found.get("h")).doubleValue();
            assertThat(h).as("the lane has a track for its regions above its states").isGreaterThan(18);
            @SuppressWarnings("unchecked")
            List<Number> name = (List<Number>) found.get("name");
            assertThat(name).as("the region's name is drawn").isNotNull();
            assertThat(name.get(1).doubleValue()).as("in the track, above the states").isBetween(y, y + h - 18);
            @SuppressWarnings("unchecked")
            List<Number> top = (List<Number>) found.get("top");
            assertThat(top.get(0).intValue() + top.get(1).intValue() + top.get(2).intValue()).isLessThan(200);
            @SuppressWarnings("unchecked")
            List<Number> bottom = (List<Number>) found.get("bottom");
            String colour = String.format("#%02X%02X%02X", bottom.get(0).intValue(), bottom.get(1).intValue(), bottom.get(2).intValue());
            assertThat(colour).as("the states under the region").isIn("#009E73", "#F0E442", "#CC79A7", "#0072B2", "#56B4E9");
        } finally {
            own.close();
        }
    }
}
