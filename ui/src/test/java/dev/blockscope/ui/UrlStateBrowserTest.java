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

    @Test
    void questionMarkShowsTheKeys() throws Exception {
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir));
        try {
            page.getByTestId("timeline").focus();
            page.keyboard().press("?");
            assertThat(page.getByTestId("help").textContent()).contains("Shift+drag", "next / previous matching interval", "address");
            page.keyboard().press("Escape");
            assertThat(page.getByTestId("help").count()).isZero();
        } finally {
            page.close();
        }
    }
}
