package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one sees can be shared: the view, the selection, the search, the selected task, the
 * profile and the frame filter are kept in the address's fragment, and a page opened at that
 * address shows the same; "?" shows the keys.
 */
class UrlStateBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;

    @Test
    void aPageOpenedAtASharedAddressShowsWhatItsSenderSaw() throws Exception {
        String url = HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir);
        Page first = chromium.open(url);
        String shared;
        try {
            first.evaluate("() => { blockscope.setView(3e6, 11e6); blockscope.setSelection(4e6, 8e6); blockscope.selectTask(32); }");
            first.getByTestId("search").fill("worker");
            first.locator("[data-testid=profile-tab][data-profile=sync]").click();
            first.waitForFunction("() => location.hash.includes('profile=sync') && location.hash.includes('task=32') && location.hash.includes('q=worker')");
            shared = first.url();
        } finally {
            first.close();
        }
        assertThat(shared).contains("#view=3000000,11000000", "sel=4000000,8000000");
        Page second = chromium.open(shared);
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) second.evaluate("() => ({ view: blockscope.view, sel: blockscope.selection,"
                    + " task: blockscope.selectedTask, profile: blockscope.profile, q: document.getElementById('search').value })");
            assertThat(((Map<?, ?>) s.get("view")).get("start")).isEqualTo(3_000_000);
            assertThat(((Map<?, ?>) s.get("view")).get("end")).isEqualTo(11_000_000);
            assertThat(((Map<?, ?>) s.get("sel")).get("start")).isEqualTo(4_000_000);
            assertThat(s.get("task")).isEqualTo(32);
            assertThat(s.get("profile")).isEqualTo("sync");
            assertThat(s.get("q")).isEqualTo("worker");
            second.waitForFunction("() => document.getElementById('flame-note').textContent.includes('selected')");
            assertThat(second.getByTestId("detail-name").textContent()).isEqualTo("worker-2 [fetch]");
        } finally {
            second.close();
        }
    }

    @Test
    void aFrameFilterTravelsToo() throws Exception {
        String url = HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir);
        Page page = chromium.open(url + "#filter=" + java.net.URLEncoder.encode("{\"r\":\"park.lock\",\"p\":[]}", java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20"));
        try {
            page.waitForFunction("() => blockscope.filter && blockscope.filter.reason === 'park.lock'");
            assertThat(page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').map(l => l.id)")).isEqualTo(java.util.List.of(32));
        } finally {
            page.close();
        }
    }

    /** A zoom from the keyboard rewrites the address's view, in the same history entry (a pan must not fill the history). */
    @Test
    void changingTheViewRewritesTheAddress() throws Exception {
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir) + "#view=2000000,18000000");
        try {
            int entries = ((Number) page.evaluate("() => history.length")).intValue();
            page.getByTestId("timeline").focus();
            page.keyboard().press("w"); // zoom in by 0.8 around the middle: 16 ms -> 12.8 ms
            page.waitForFunction("() => location.hash.startsWith('#view=3600000,16400000')");
            assertThat(page.evaluate("() => history.length")).isEqualTo(entries);
        } finally {
            page.close();
        }
    }

    /**
     * Back and Forward step through what was picked: each task, selection and tab is a history
     * entry, and going back shows the state of that entry, clearing what it did not have.
     */
    @Test
    void backAndForwardStepThroughTasksSelectionsAndTabs() throws Exception {
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir));
        try {
            page.evaluate("() => blockscope.selectTask(32)");
            page.waitForFunction("() => location.hash.includes('task=32')");
            page.evaluate("() => blockscope.selectTask(31)");
            page.waitForFunction("() => location.hash.includes('task=31')");
            page.evaluate("() => blockscope.setSelection(4e6, 8e6)");
            page.waitForFunction("() => location.hash.includes('sel=4000000,8000000')");
            page.locator("[data-testid=profile-tab][data-profile=sched]").click();
            page.waitForFunction("() => location.hash.includes('profile=sched')");

            page.goBack();
            page.waitForFunction("() => blockscope.profile === 'all'");
            assertThat(page.evaluate("() => blockscope.selection.start")).isEqualTo(4_000_000);
            page.goBack();
            page.waitForFunction("() => blockscope.selection === null");
            assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(31);
            page.goBack();
            page.waitForFunction("() => blockscope.selectedTask === 32");
            assertThat(page.getByTestId("detail-name").textContent()).isEqualTo("worker-2 [fetch]");
            page.goForward();
            page.waitForFunction("() => blockscope.selectedTask === 31");
            page.goForward();
            page.waitForFunction("() => blockscope.selection !== null && blockscope.selection.end === 8000000");
            // and the panels follow the restored selection
            page.waitForFunction("() => document.getElementById('flame-note').textContent.includes('selected')");
        } finally {
            page.close();
        }
    }

    /** An address edited or pasted into the open page is shown, as on opening. */
    @Test
    void anEditedAddressIsFollowed() throws Exception {
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir));
        try {
            page.evaluate("() => { location.hash = '#view=1000000,2000000&task=33&profile=net'; }");
            page.waitForFunction("() => blockscope.selectedTask === 33");
            assertThat(((Map<?, ?>) page.evaluate("() => blockscope.view")).get("start")).isEqualTo(1_000_000);
            assertThat(page.evaluate("() => blockscope.profile")).isEqualTo("net");
        } finally {
            page.close();
        }
    }

    /** The interval picked on a task's lane travels by its start; so do the flame graph's search and the task table's grouping and order. */
    @Test
    void anIntervalTheFlameSearchAndTheTaskTableTravel() throws Exception {
        String url = HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir);
        Page page = chromium.open(url + "#task=32&at=7000000&fq=Cache&tasks=parent,running,asc,mean");
        try {
            assertThat(page.evaluate("() => { const i = blockscope.interval(blockscope.selectedInterval); return [i.task, i.start, i.end, i.state]; }"))
                    .isEqualTo(java.util.List.of(32, 7_000_000, 7_400_000, "RUNNABLE"));
            assertThat(page.getByTestId("flame-search").inputValue()).isEqualTo("Cache");
            assertThat(page.getByTestId("flame-found").textContent()).startsWith("matched 7.00 ms");
            assertThat(page.getByTestId("task-table-by").inputValue()).isEqualTo("parent");
            assertThat(page.getByTestId("task-table-show").inputValue()).isEqualTo("mean");
            assertThat(page.locator("th.sorted").getAttribute("data-sort")).isEqualTo("running");
            // and what is changed here is written back
            page.getByTestId("task-table-by").selectOption("pattern");
            page.waitForFunction("() => location.hash.includes('tasks=pattern%2Crunning%2Casc%2Cmean')");
            assertThat(page.url()).contains("at=7000000", "fq=Cache");
        } finally {
            page.close();
        }
    }

    @Test
    void questionMarkShowsTheKeysAndTheAddresssParameters() throws Exception {
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir));
        try {
            page.getByTestId("timeline").focus();
            page.keyboard().press("?");
            assertThat(page.getByTestId("help").textContent()).contains("Shift+drag", "next / previous matching interval", "address", "Back / Forward");
            assertThat(page.getByTestId("help-params").locator("th").allTextContents()).containsExactly("view=START,END", "sel=START,END", "q=TEXT",
                    "task=ID", "at=START", "profile=NAME", "fq=TEXT", "filter=JSON", "tasks=BY,COLUMN,asc|desc,total|mean");
            page.keyboard().press("Escape");
            assertThat(page.getByTestId("help").count()).isZero();
        } finally {
            page.close();
        }
    }
}
