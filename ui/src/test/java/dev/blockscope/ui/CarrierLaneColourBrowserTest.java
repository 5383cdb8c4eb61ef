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
 * Carrier lanes colour each slice by the task that ran it. The hue is the task id modulo the
 * number of hues, and the batch of the fourth hue was filled with the Unknown hatch (the carrier
 * batches had as many classes as the task batches, whose fourth is Unknown): a carrier's 194 ms
 * running cpu-bound-0 read as unknown time. One hue was also the yellow of Runnable. Here eight
 * virtual threads (ids 1000-1007: every hue) run on one carrier; each slice is drawn in its hue.
 */
class CarrierLaneColourBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static SyntheticAnalysis analysis;
    static Page page;

    @BeforeAll
    static void open() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        analysis = new SyntheticAnalysis(8, 5, 1, 11);
        page = chromium.open(HeadlessChromium.writeReport(analysis.analysisJson(), dir));
    }

    @AfterAll
    static void close() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void everySliceIsDrawnInItsTasksHue() {
        for (long id = SyntheticAnalysis.TASK_ID_BASE; id < SyntheticAnalysis.TASK_ID_BASE + 8; id++) {
            int i = firstRunning(id);
            @SuppressWarnings("unchecked")
            List<Number> rgb = (List<Number>) page.evaluate("([s, e]) => { blockscope.setView(s, e); blockscope.renderNow();"
                    + " const lane = blockscope.lanes().find(l => l.kind === 'carrier');"
                    + " const x = Math.round(blockscope.timeToX((s + e) / 2)), y = Math.round(lane.y + lane.h / 2), dpr = window.devicePixelRatio || 1;"
                    + " const d = document.getElementById('timeline').getContext('2d').getImageData(x * dpr, y * dpr, 1, 1).data;"
                    + " return [d[0], d[1], d[2]]; }", List.of((double) analysis.start[i], (double) analysis.end[i]));
            String expected = (String) page.evaluate("id => blockscope.carrierHue(id)", (double) id);
            assertThat(String.format("#%02X%02X%02X", rgb.get(0).intValue(), rgb.get(1).intValue(), rgb.get(2).intValue()))
                    .as("task %d's slice on the carrier lane", id).isEqualTo(expected.toUpperCase());
        }
    }

    @Test
    void noTaskHueLooksLikeAStateColour() {
        @SuppressWarnings("unchecked")
        List<Number> distances = (List<Number>) page.evaluate("() => { const rgb = (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));"
                + " const d = (a, b) => Math.hypot(...rgb(a).map((v, k) => v - rgb(b)[k]));"
                + " const p = blockscope.palette(); return p.taskHues.map((h) => Math.min(...p.classes.map((c) => d(h, c.color)), d(h, '#E4E4E4'))); }");
        assertThat(distances).hasSize(8).allSatisfy(d -> assertThat(d.doubleValue()).isGreaterThanOrEqualTo(60));
    }

    private static int firstRunning(long task) {
        for (int i = 0; i < analysis.n; i++) {
            if (analysis.task[i] == task && analysis.state[i] == SyntheticAnalysis.RUNNING) return i;
        }
        throw new AssertionError("no slice of " + task);
    }
}
