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
}
