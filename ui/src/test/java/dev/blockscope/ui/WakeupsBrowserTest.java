package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wake-up flows one can follow. The selected task's arrows were the first 300 from the left of
 * the view (they piled at its left edge) and only those that woke it; now those it made are drawn
 * too, spread evenly across the view past 400, and the task detail's "woken by" and "woke" are
 * links to those tasks.
 */
class WakeupsBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;

    @Test
    void theSelectedTasksArrowsSpanTheViewBothWays() throws Exception {
        // six tasks of 1,500 cycles each, woken by a random one of them: about 1,500 wake-ups each way
        SyntheticAnalysis busy = new SyntheticAnalysis(6, 1500, 2, 5);
        Page page = chromium.open(HeadlessChromium.writeReport(busy.analysisJson(), dir));
        try {
            page.waitForFunction("() => blockscope.exact");
            long id = SyntheticAnalysis.TASK_ID_BASE;
            page.evaluate("id => { blockscope.fit(); blockscope.selectTask(id); }", (double) id);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> arrows = (List<Map<String, Object>>) page.evaluate("() => blockscope.arrows()");
            double plot = ((Number) page.evaluate("() => document.getElementById('timeline').clientWidth - 230")).doubleValue();
            assertThat(arrows.size()).isBetween(300, 401);
            double maxX = arrows.stream().mapToDouble(a -> ((Number) a.get("x")).doubleValue()).max().orElseThrow();
            assertThat(maxX).as("arrows reach the right of the view").isGreaterThan(230 + 0.8 * plot);
            assertThat(arrows).anyMatch(a -> ((Number) a.get("from")).longValue() == id)
                    .anyMatch(a -> ((Number) a.get("to")).longValue() == id);
        } finally {
            page.close();
        }
    }

    @Test
    void wokenByAndWokeAreLinksToThoseTasks() throws Exception {
        // small-analysis.json: worker-1 (#31) woke worker-2 (#32) at 7 ms
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir));
        try {
            page.evaluate("() => blockscope.selectTask(32)");
            assertThat(page.getByTestId("detail-woken-by").textContent()).contains("worker-1 [fetch] (#31)");
            page.getByTestId("detail-woken-by").locator("a[data-task='31']").click();
            assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(31);
            assertThat(page.getByTestId("detail-woke").textContent()).contains("worker-2 [fetch] (#32)", "1 wake-up");
            page.getByTestId("detail-woke").locator("a[data-task='32']").click();
            assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(32);
        } finally {
            page.close();
        }
    }
}
