package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A selection's panels in {@code serve} are computed by the server from every interval it holds
 * ({@link RangeSummary}), and read the same as a report's, which the page computes from its own
 * embedded intervals. Before, {@code serve} computed them from the window it fetched for the
 * range, merged to its budget, and said nothing: a 1M-suspension recording's range showed 52,415
 * wake-ups at p50 1.73 µs where the recording has 271 ns. Where the server's timeline does not
 * hold every interval, the panels say they are partial.
 */
class ServeSelectionBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static SyntheticAnalysis source;
    static UiServer server;

    @BeforeAll
    static void start() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        source = new SyntheticAnalysis(20, 200, 4, 7);
        server = UiServer.start(source, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static void select(Page page, double from, double to) {
        page.evaluate("([a, b]) => blockscope.setSelection(a, b)", java.util.List.of(from, to));
        page.waitForFunction("() => document.getElementById('latency-note').textContent.includes('wake-ups in the selected range')");
    }

    static Map<String, Object> panels(Page page) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) page.evaluate("() => ({ latency: document.getElementById('latency-stats').textContent,"
                + " overhead: document.getElementById('overhead').textContent, carriers: document.getElementById('carriers').textContent,"
                + " pinning: document.getElementById('pinning').textContent,"
                + " flame: blockscope.flameNodes().filter(n => n.depth <= 1).map(n => n.name + ' ' + n.total).sort().join('; ') })");
        return m;
    }

    @Test
    void aServedSelectionReadsTheSameAsTheReportsOwn() throws Exception {
        Page served = chromium.open(server.uri().toString());
        Page report = chromium.open(HeadlessChromium.writeReport(source.analysisJson(), dir));
        try {
            report.waitForFunction("() => blockscope.exact");
            double from = source.duration * 0.3, to = source.duration * 0.6;
            select(served, from, to);
            select(report, from, to);
            Map<String, Object> s = panels(served), r = panels(report);
            assertThat((String) s.get("latency")).contains("wake-ups · p50");
            assertThat(s).isEqualTo(r);
            assertThat(served.getByTestId("panel-latency").textContent()).doesNotContain("partial");
            // a task's detail for the range is computed from the window the page loaded: its heading says so
            served.evaluate("() => blockscope.selectTask(" + SyntheticAnalysis.TASK_ID_BASE + ")");
            assertThat(served.getByTestId("task-detail").textContent()).contains("Time by state (selected range, in the loaded window)");
            // and the scheduler-latency profile of the range
            served.locator("[data-testid=profile-tab][data-profile=sched]").click();
            report.locator("[data-testid=profile-tab][data-profile=sched]").click();
            assertThat(panels(served).get("flame")).isEqualTo(panels(report).get("flame")).asString().contains("all time waiting for a carrier");
        } finally {
            served.close();
            report.close();
        }
    }

    @Test
    void aSelectionOverATruncatedServedTimelineSaysItIsPartial() throws Exception {
        SyntheticAnalysis cut = new SyntheticAnalysis(5, 50, 2, 3);
        cut.truncated = true;
        try (UiServer other = UiServer.start(cut, "127.0.0.1", 0)) {
            Page page = chromium.open(other.uri().toString());
            try {
                select(page, cut.duration * 0.2, cut.duration * 0.4);
                for (String note : new String[] {"latency-note", "flame-note", "carriers-note", "pinning-note", "overhead-note"}) {
                    assertThat(page.locator("#" + note).textContent()).as(note)
                            .contains("partial: a test source that says it is truncated");
                }
            } finally {
                page.close();
            }
        }
    }
}
