package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The carrier utilization panel shows each carrier's idle time. demo-idle-analysis.json is the
 * analyzer's JSON ({@code blockscope summary --json}, analyzer of 2026-11-28 03:13 UTC) of
 * analyzer/src/test/resources/golden/demo-carrier-idle.jfr, a demo recording with the agent's
 * carrier idle waits: window 5,883,104,562 ns; carriers[].idle 605,436,984 ns for #28 and
 * 1,067,009,676 ns for #30. Its timeline's own idle intervals of those carriers (BLOCKED,
 * carrier.idle or a park, nothing carried) within [4 s, 5 s] sum to 384,404,743 ns (#28) and
 * 417,513,239 ns (#30), computed from the JSON's columns.
 */
class CarrierPanelBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;

    private static Locator row(Page page, long carrier) {
        return page.locator("[data-testid=carrier-row][data-carrier='" + carrier + "']");
    }

    private static double width(Locator row, String part) {
        String style = row.locator("[data-part=" + part + "]").getAttribute("style");
        return Double.parseDouble(style.substring(style.indexOf("width:") + 6, style.indexOf('%')));
    }

    @Test
    void idleIsAColumnAndPartOfTheBarForTheWholeRecordingAndForASelection() throws Exception {
        Page page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("demo-idle-analysis.json"), dir));
        try {
            // the whole recording (the first view is the application's activity, a part of it)
            double span = 5_883_104_562.0;
            assertThat(row(page, 28).getByTestId("carrier-idle").textContent()).startsWith("605 ms (");
            assertThat(row(page, 30).getByTestId("carrier-idle").textContent()).startsWith("1.067 s (");
            assertThat(width(row(page, 28), "idle")).isCloseTo(100.0 * 605_436_984 / span, org.assertj.core.data.Offset.offset(0.051));
            assertThat(width(row(page, 30), "idle")).isCloseTo(100.0 * 1_067_009_676 / span, org.assertj.core.data.Offset.offset(0.051));
            assertThat(page.getByTestId("carriers").textContent()).contains("grey idle");

            page.evaluate("() => blockscope.setSelection(4e9, 5e9)");
            page.waitForFunction("() => document.getElementById('carriers-note').textContent === '(selected range)'");
            assertThat(row(page, 28).getByTestId("carrier-idle").textContent()).isEqualTo("384 ms (38.4 %)");
            assertThat(row(page, 30).getByTestId("carrier-idle").textContent()).isEqualTo("418 ms (41.8 %)");
            assertThat(width(row(page, 30), "idle")).isEqualTo(41.8);
            // only the two carriers have rows: the carrier threads' own lane intervals (which name the
            // virtual thread they carried) do not make rows of their own
            assertThat(page.getByTestId("carrier-row").count()).isEqualTo(2);
        } finally {
            page.close();
        }
    }

    @Test
    void aCarrierTheRecordingLeftNamelessIsUnnamedNotNull() throws Exception {
        // a flight dump's chunks may refer to a carrier by id only: the analysis then has no name for it
        String json = new String(HeadlessChromium.fixture("demo-idle-analysis.json"), java.nio.charset.StandardCharsets.UTF_8);
        String named = "\"carriers\":[{\"id\":28,\"name\":\"ForkJoinPool-1-worker-1\"";
        assertThat(json).contains(named);
        json = json.replace(named, "\"carriers\":[{\"id\":28,\"name\":null");
        Page page = chromium.open(HeadlessChromium.writeReport(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), dir));
        try {
            assertThat(row(page, 28).locator("td").first().textContent()).isEqualTo("(unnamed) (#28)");
            assertThat(row(page, 30).locator("td").first().textContent()).isEqualTo("ForkJoinPool-1-worker-2 (#30)");
            assertThat(page.locator("body").textContent()).doesNotContain("null (#");
        } finally {
            page.close();
        }
    }
}
