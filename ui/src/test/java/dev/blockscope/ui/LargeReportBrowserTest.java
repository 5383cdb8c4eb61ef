package dev.blockscope.ui;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
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
class LargeReportBrowserTest {

    static HeadlessChromium chromium;
    static SyntheticAnalysis analysis;
    static Page page;

    @BeforeAll
    static void open(@TempDir Path dir) throws Exception {
        chromium = new HeadlessChromium();
        analysis = new SyntheticAnalysis(80, 1000, 8, 42);
        page = chromium.open(HeadlessChromium.writeReport(analysis.analysisJson(), dir));
    }

    @AfterAll
    static void close() {
        chromium.close();
    }

    @Test
    void everyIntervalIsLoadedAndEveryTaskHasALane() {
        assertThat(((Number) page.evaluate("() => blockscope.intervalCount")).intValue()).isEqualTo(240_000);
        // a report this large carries the timeline as binary columns, decoded by the page
        assertThat(page.evaluate("() => document.getElementById('blockscope-columns').dataset.count")).isEqualTo("240000");
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
