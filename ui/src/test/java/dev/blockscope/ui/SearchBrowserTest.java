package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search box covers task names, reasons, blocker classes and stack frames, and steps through
 * the matching intervals. It covered task names and ids only. small-analysis.json: only
 * worker-2 (#32) waits in ReentrantLock.lock (4-7 ms); socket.read is the reason of waits of
 * worker-1 (#31, 4-9 ms), worker-2 (#32, 9-16 ms) and the poller (#40, 2.2-16 ms).
 */
class SearchBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    Page page;

    @AfterEach
    void close() {
        if (page != null) {
            page.close();
        }
    }

    void open(String fixture) throws Exception {
        page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture(fixture), dir));
        page.waitForFunction("() => blockscope.exact");
    }

    @SuppressWarnings("unchecked")
    List<Number> taskLanes() {
        return (List<Number>) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').map(l => l.id).sort((a, b) => a - b)");
    }

    @Test
    void aFrameAReasonOrATaskNameFindsTheirLanes() throws Exception {
        open("small-analysis.json");
        page.getByTestId("search").fill("ReentrantLock");
        assertThat(taskLanes()).containsExactly(32);
        assertThat(page.getByTestId("search-count").textContent()).contains("1 of 6 tasks", "1 intervals");
        page.getByTestId("search").fill("socket.read");
        assertThat(taskLanes()).containsExactly(31, 32, 40);
        page.getByTestId("search").fill("worker-");
        assertThat(taskLanes()).containsExactly(31, 32, 33);
    }

    @Test
    void nextAndPreviousStepThroughTheMatchingIntervalsInTimeOrder() throws Exception {
        open("small-analysis.json");
        page.getByTestId("search").fill("socket.read");
        page.getByTestId("search").press("Enter");
        // the first in time: the poller's read from 2.2 ms
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(40);
        double start = ((Number) page.evaluate("() => blockscope.interval(blockscope.selectedInterval).start")).doubleValue();
        assertThat(start).isEqualTo(2_200_000.0);
        double mid = ((Number) page.evaluate("() => (blockscope.view.start + blockscope.view.end) / 2")).doubleValue();
        assertThat(mid).isBetween(2_200_000.0, 16_000_000.0);
        page.getByTestId("search-next").click();
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(31);
        assertThat(page.getByTestId("search-count").textContent()).contains("2 of ");
        page.getByTestId("search-prev").click();
        page.getByTestId("search-prev").click();
        assertThat(page.evaluate("() => blockscope.selectedTask")).as("wraps around to the last").isEqualTo(32);
    }

    @Test
    void aBlockerClassFindsTheWaitsOnIt() throws Exception {
        // demo-analysis.json: main (#3) waits in a WaitGroup on a ConditionObject
        open("demo-analysis.json");
        page.getByTestId("search").fill("ConditionObject");
        assertThat(taskLanes()).contains(3);
        assertThat(((Number) page.evaluate("() => blockscope.searchHits")).intValue()).isPositive();
    }

    /**
     * A task found by its name is a match to step to as well: "worker-" matched three lanes and
     * next / previous did nothing (they stepped through matching intervals only). worker-1 (#31)
     * and worker-2 (#32) start at 1 ms, worker-3 (#33) at 2 ms and lives to 18 ms.
     */
    @Test
    void nextAndPreviousStepThroughTasksFoundByName() throws Exception {
        open("small-analysis.json");
        page.getByTestId("search").fill("worker-");
        page.getByTestId("search").press("Enter");
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(31);
        assertThat(page.getByTestId("search-count").textContent()).contains("1 of 3 matches: 3 by task name, 0 intervals");
        page.getByTestId("search").press("Enter");
        page.getByTestId("search").press("Enter");
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(33);
        // the view shows the task's life, 2 ms to 18 ms, and its lane is on screen
        @SuppressWarnings("unchecked")
        java.util.Map<String, Number> view = (java.util.Map<String, Number>) page.evaluate("() => blockscope.view");
        assertThat(view.get("start").doubleValue()).isLessThanOrEqualTo(2_000_000.0);
        assertThat(view.get("end").doubleValue()).isGreaterThanOrEqualTo(18_000_000.0).isLessThan(60_000_000.0);
        double laneY = ((Number) page.evaluate("() => blockscope.lanes().find(l => l.kind === 'task' && l.id === 33).y")).doubleValue();
        double height = ((Number) page.evaluate("() => document.getElementById('timeline').clientHeight")).doubleValue();
        assertThat(laneY).isBetween(26.0, height - 18);
        page.getByTestId("search").press("Shift+Enter");
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(32);
        assertThat(page.getByTestId("search-count").textContent()).contains("2 of 3 matches");
        page.getByTestId("search-next").click();
        page.getByTestId("search-next").click();
        assertThat(page.evaluate("() => blockscope.selectedTask")).as("wraps around to the first").isEqualTo(31);
    }

    /**
     * Regions and logs are named on their lanes, so the search finds them too: demo-analysis.json's
     * consumer (#34) logs "no square within 10 ms" at 1,622,099,399 ns, and the search found
     * nothing for it.
     */
    @Test
    void aLogMessageOrARegionNameIsAMatch() throws Exception {
        open("demo-analysis.json");
        page.getByTestId("search").fill("no square within");
        assertThat(taskLanes()).containsExactly(34);
        page.getByTestId("search").press("Enter");
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(34);
        assertThat(page.getByTestId("search-count").textContent()).contains("1 of 1 matches: 1 in regions and logs, 0 intervals");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Number> view = (java.util.Map<String, Number>) page.evaluate("() => blockscope.view");
        assertThat(view.get("start").doubleValue()).isLessThan(1_622_099_399.0);
        assertThat(view.get("end").doubleValue()).isGreaterThan(1_622_099_399.0);
        assertThat(view.get("end").doubleValue() - view.get("start").doubleValue()).isLessThan(1e6);
        page.getByTestId("search").fill("phase-fanout");
        page.getByTestId("search").press("Enter");
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(3);
    }
}
