package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profiles Go's trace tool has: all blocked time, sync, net, file (the reason table's family
 * profiles) and sched (woken but waiting for a carrier), each a flame graph that zooms and
 * searches. On small-analysis.json (small_analysis.py): blocked time join 18.5 ms, socket.read
 * 25.8 ms, sleep 9 ms, park.lock 3 ms, monitor.wait 4 ms; RUNNABLE 5.3 ms in all.
 */
class ProfilesBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static String url;
    Page page;

    @BeforeAll
    static void write() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        url = HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir);
    }

    @BeforeEach
    void open() {
        page = chromium.open(url);
    }

    @AfterEach
    void close() {
        if (page != null) {
            page.close();
        }
    }

    long root() {
        return ((Number) page.evaluate("() => blockscope.flameNodes().find(n => n.depth === 0).total")).longValue();
    }

    void tab(String profile) {
        page.locator("[data-testid=profile-tab][data-profile=" + profile + "]").click();
    }

    @Test
    void eachProfileHasItsTabAndItsTotal() {
        assertThat(page.getByTestId("profile-tab").allTextContents())
                .containsExactly("All blocked 60.3 ms", "sync 25.5 ms", "net 25.8 ms", "file 0 ns", "sched 5.30 ms");
        assertThat(root()).isEqualTo(60_300_000L);
        tab("sync");
        assertThat(root()).isEqualTo(25_500_000L);
        assertThat(page.evaluate("() => blockscope.flameNodes().filter(n => n.depth === 1).map(n => n.name).sort()"))
                .isEqualTo(List.of("join", "monitor.wait", "park.lock"));
        tab("net");
        assertThat(root()).isEqualTo(25_800_000L);
        tab("sched");
        assertThat(root()).isEqualTo(5_300_000L);
        assertThat(page.evaluate("() => blockscope.profile")).isEqualTo("sched");
    }

    @Test
    void aClickZoomsIntoAFrameAndTheRootZoomsBackOut() {
        Map<String, Object> node = node("app.Cache.get:52");
        BoundingBox box = page.getByTestId("flame").boundingBox();
        page.mouse().click(box.x + num(node, "x") + num(node, "w") / 2, box.y + num(node, "y") + num(node, "h") / 2);
        Map<String, Object> zoomed = node("app.Cache.get:52");
        assertThat(num(zoomed, "w")).isEqualTo(box.width, org.assertj.core.data.Offset.offset(1.0));
        assertThat(page.evaluate("() => blockscope.filter.reason")).isEqualTo("park.lock");
        Map<String, Object> root = node("all blocked time");
        page.getByTestId("flame").scrollIntoViewIfNeeded();
        box = page.getByTestId("flame").boundingBox(); // the filtered timeline is shorter: the graph moved
        page.mouse().click(box.x + 5, box.y + num(root, "y") + num(root, "h") / 2);
        assertThat(num(node("app.Cache.get:52"), "w")).isLessThan(box.width / 2);
        assertThat(page.evaluate("() => blockscope.filter")).isNull();
    }

    @Test
    void aSearchHighlightsTheMatchingFramesAndSaysHowMuchTheyHold() {
        page.getByTestId("flame-search").fill("Cache");
        // park.lock at app.Cache.get (3 ms) and monitor.wait at app.Cache.await (4 ms) of 60.3 ms
        assertThat(page.getByTestId("flame-found").textContent()).isEqualTo("matched 7.00 ms (11.6 % of this profile)");
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) page.evaluate("() => blockscope.flameNodes().filter(n => n.found).map(n => n.name)");
        assertThat(found).contains("app.Cache.get:52", "app.Cache.await:41");
    }

    @Test
    void theSchedProfileFiltersTheTimelineToTheTimeWaitingForACarrier() {
        tab("sched");
        Map<String, Object> other = node("other");
        BoundingBox box = page.getByTestId("flame").boundingBox();
        page.mouse().click(box.x + num(other, "x") + num(other, "w") / 2, box.y + num(other, "y") + num(other, "h") / 2);
        assertThat(page.evaluate("() => blockscope.filter.runnable")).isEqualTo(true);
        // every task but main (#1) and the poller (#40) waited for a carrier
        assertThat(page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').map(l => l.id).sort((a, b) => a - b)"))
                .isEqualTo(List.of(31, 32, 33, 34));
    }

    @Test
    void aSelectionsProfilesComeFromItsIntervals() {
        page.evaluate("() => blockscope.setSelection(4e6, 8e6)");
        page.waitForFunction("() => document.getElementById('flame-note').textContent.includes('selected')");
        tab("sched");
        // RUNNABLE in [4, 8] ms: worker-2's 7-7.4 ms
        assertThat(root()).isEqualTo(400_000L);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> node(String name) {
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) page.evaluate("() => blockscope.flameNodes()");
        return nodes.stream().filter(n -> name.equals(n.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no flame node " + name));
    }

    static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
