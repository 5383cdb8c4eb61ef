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

    /**
     * A wake-up is followed to the other end's interval, not only to its task. small-analysis.json:
     * worker-2 (#32) waits in park.lock from 4 to 7 ms and worker-1 (#31) wakes it at 7 ms, when
     * worker-1's interval is its socket.read wait from 4 to 9 ms. The links opened the task and
     * left the view where it was, with no interval picked; now the view moves to 7 ms, worker-1's
     * interval then is selected, and its detail lists whom worker-1 woke during it, a link back.
     */
    @Test
    void aWakeUpIsFollowedToTheIntervalAtItsOtherEnd() throws Exception {
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir));
        try {
            page.waitForFunction("() => blockscope.exact");
            page.evaluate("() => blockscope.setView(15e6, 20e6)");
            // the park.lock wait picked on worker-2's lane, as a click there does
            page.evaluate("() => { for (let i = 0; i < blockscope.intervalCount; i++) { const v = blockscope.interval(i);"
                    + " if (v.task === 32 && v.reason === 'park.lock') { blockscope.selectInterval(i); return; } } }");
            assertThat(page.getByTestId("detail-interval").textContent()).contains("SUSPENDED · park.lock, 3.00 ms at 4.00 ms",
                    "woken by worker-1 [fetch] (#31) at 7.00 ms");
            page.getByTestId("detail-interval-waker").locator("a[data-task='31']").click();
            assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(31);
            @SuppressWarnings("unchecked")
            Map<String, Object> picked = (Map<String, Object>) page.evaluate("() => blockscope.interval(blockscope.selectedInterval)");
            assertThat(picked).containsEntry("task", 31).containsEntry("reason", "socket.read");
            @SuppressWarnings("unchecked")
            Map<String, Number> view = (Map<String, Number>) page.evaluate("() => blockscope.view");
            assertThat(view.get("start").doubleValue()).isLessThan(7e6);
            assertThat(view.get("end").doubleValue()).isGreaterThan(7e6);
            assertThat(view.get("end").doubleValue() - view.get("start").doubleValue()).as("the span stays").isCloseTo(5e6, org.assertj.core.data.Offset.offset(1.0));
            assertThat(page.getByTestId("detail-interval-woke").textContent()).contains("worker-2 [fetch] (#32) at 7.00 ms");
            page.getByTestId("detail-interval-woke").locator("a[data-task='32']").click();
            assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(32);
            assertThat(page.evaluate("() => blockscope.interval(blockscope.selectedInterval).reason")).isEqualTo("park.lock");
            // the arrow of that wake-up is drawn
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> arrows = (List<Map<String, Object>>) page.evaluate("() => blockscope.arrows()");
            assertThat(arrows).anyMatch(a -> ((Number) a.get("from")).longValue() == 31 && ((Number) a.get("t")).doubleValue() == 7e6);
        } finally {
            page.close();
        }
    }

    /**
     * The budget of arrows is spread over the view, not over the wake-ups: worker-0 wakes worker-1
     * 3,000 times in the first 9 ms and 10 times over the next 90 ms. Taking every k-th wake-up in
     * time drew one or two of those 10; now every one is drawn, at most 400 in all, and the page
     * says how many it left out.
     */
    @Test
    void theArrowBudgetIsSpreadAcrossTheViewAndSaysWhatItLeftOut() throws Exception {
        int dense = 3000, sparse = 10, n = 1 + 3 * (dense + sparse);
        long[] task = new long[n], start = new long[n], end = new long[n], waker = new long[n];
        int[] state = new int[n], reason = new int[n];
        long w = SyntheticAnalysis.TASK_ID_BASE, woken = w + 1;
        java.util.Arrays.fill(reason, -1);
        java.util.Arrays.fill(waker, -1);
        task[0] = w; start[0] = 0; end[0] = 100_000_000; state[0] = SyntheticAnalysis.RUNNING;
        long now = 0;
        int i = 1;
        for (int c = 0; c < dense + sparse; c++) {
            long cycle = c < dense ? 3_000 : 9_000_000;
            long[] cut = {now, now + cycle / 3, now + cycle * 2 / 3, now + cycle};
            int[] states = {SyntheticAnalysis.RUNNING, SyntheticAnalysis.SUSPENDED, SyntheticAnalysis.RUNNABLE};
            for (int k = 0; k < 3; k++, i++) {
                task[i] = woken; start[i] = cut[k]; end[i] = cut[k + 1]; state[i] = states[k];
                reason[i] = k == 1 ? 3 : -1;
                waker[i] = k == 2 ? w : -1;
            }
            now += cycle;
        }
        SyntheticAnalysis clustered = new SyntheticAnalysis(2, task, start, end, state, reason, waker);
        Page page = chromium.open(HeadlessChromium.writeReport(clustered.analysisJson(), dir));
        try {
            page.waitForFunction("() => blockscope.exact");
            page.evaluate("id => { blockscope.setView(0, 100e6); blockscope.selectTask(id); }", (double) woken);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> arrows = (List<Map<String, Object>>) page.evaluate("() => blockscope.arrows()");
            assertThat(arrows.size()).isBetween(300, 400);
            long late = arrows.stream().filter(a -> ((Number) a.get("t")).doubleValue() > 9_000_000).count();
            assertThat(late).as("the wake-ups after 9 ms").isEqualTo(sparse);
            @SuppressWarnings("unchecked")
            Map<String, Object> wakeups = (Map<String, Object>) page.evaluate("() => blockscope.wakeups()");
            assertThat(((Number) wakeups.get("inView")).intValue()).isEqualTo(dense + sparse);
            assertThat(((Number) wakeups.get("drawn")).intValue()).isEqualTo(arrows.size());
            assertThat((String) wakeups.get("note")).isEqualTo(arrows.size() + " of 3,010 wake-ups in view drawn, spread across the view (zoom in to see each)");
            // zoomed in on the sparse part, every wake-up there is drawn and nothing is said
            page.evaluate("() => blockscope.setView(20e6, 100e6)");
            assertThat((List<?>) page.evaluate("() => blockscope.arrows()")).hasSize(9);
            assertThat(page.evaluate("() => blockscope.wakeups().note")).isEqualTo("");
        } finally {
            page.close();
        }
    }

    /**
     * A selected interval stays the same interval when serve loads another window: its index was
     * kept into the new window's intervals, where it named another interval (of another task or
     * another time), so the outline, the detail's "Selected interval" and its wake-up links went
     * wrong after a followed wake-up or a search step moved the view.
     */
    @Test
    void theSelectedIntervalIsTheSameAfterTheNextWindow() throws Exception {
        SyntheticAnalysis source = new SyntheticAnalysis(20, 200, 4, 7);
        UiServer server = UiServer.start(source, "127.0.0.1", 0);
        Page page = chromium.open(server.uri().toString());
        try {
            long task = SyntheticAnalysis.TASK_ID_BASE + 3;
            int i = 0;
            while (!(source.task[i] == task && source.state[i] == SyntheticAnalysis.SUSPENDED && source.start[i] > source.duration / 2)) i++;
            double s = source.start[i], e = source.end[i];
            page.evaluate("([s, e]) => blockscope.setView(s - 5e5, e + 5e5)", java.util.List.of(s, e));
            page.waitForFunction("([s, e]) => { for (let k = 0; k < blockscope.intervalCount; k++) { const v = blockscope.interval(k);"
                    + " if (v.start === s && v.end === e) return true; } return false; }", java.util.List.of(s, e));
            page.evaluate("([s, e]) => { for (let k = 0; k < blockscope.intervalCount; k++) { const v = blockscope.interval(k);"
                    + " if (v.start === s && v.end === e) { blockscope.selectInterval(k); return; } } }", java.util.List.of(s, e));
            int fetches = ((Number) page.evaluate("() => blockscope.fetches")).intValue();
            page.evaluate("([s, e]) => blockscope.setView(s - 3e7, e + 5e5)", java.util.List.of(s, e)); // another window, from further back
            page.waitForFunction("n => blockscope.fetches > n", fetches);
            page.waitForTimeout(300);
            @SuppressWarnings("unchecked")
            Map<String, Object> picked = (Map<String, Object>) page.evaluate("() => blockscope.interval(blockscope.selectedInterval)");
            assertThat(((Number) picked.get("task")).longValue()).isEqualTo(task);
            assertThat(((Number) picked.get("start")).doubleValue()).isLessThanOrEqualTo((s + e) / 2);
            assertThat(((Number) picked.get("end")).doubleValue()).isGreaterThanOrEqualTo((s + e) / 2);
            assertThat(picked.get("reason")).isEqualTo(SyntheticAnalysis.REASONS[source.reason[i]]);
        } finally {
            page.close();
            server.close();
        }
    }
}
