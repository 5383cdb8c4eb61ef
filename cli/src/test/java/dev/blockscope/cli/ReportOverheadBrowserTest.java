package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overhead panel of a report is the whole recording's, whatever the page embeds: the cost per
 * switch and the share of CPU are the analyzer's, the same as {@code summary} prints. Before, the
 * cost was measured on the timeline the command kept: a 1M-suspension ping-pong showed 1.42 µs and
 * 28.5 % of CPU in the default report (200,000 intervals), 231 ns and 4.6 % with
 * {@code --max-intervals=3000000} and in {@code summary}. Here the golden demo's report keeps 40
 * intervals, too few for one back-to-back hand-off to be measured on, where the recording has over
 * a hundred.
 */
class ReportOverheadBrowserTest {
    @TempDir Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theOverheadPanelOfATruncatedReportIsTheWholeRecordings() throws Exception {
        String demo = Path.of("../analyzer/src/test/resources/golden/demo.jfr").toString();
        CliTest.Run summary = CliTest.run("summary", demo, "--json");
        assertThat(summary.exit()).as(summary.err()).isZero();
        JsonNode o = summary.json().get("overhead");
        assertThat(o.get("costSource").asText()).isEqualTo("measured");
        assertThat(o.get("costSamples").asInt()).isGreaterThan(100);
        Path html = dir.resolve("demo.html");
        CliTest.Run report = CliTest.run("report", demo, "--max-intervals", "40", "-o", html.toString());
        assertThat(report.exit()).as(report.err()).isZero();

        try (HeadlessBrowser browser = new HeadlessBrowser()) {
            Page page = browser.open(html.toUri().toString());
            page.waitForFunction("() => blockscope.exact");
            assertThat(((Number) page.evaluate("() => blockscope.intervalCount")).intValue()).isLessThanOrEqualTo(40);
            assertThat(page.textContent("[data-testid=notices]")).contains("timeline truncated");
            Map<String, String> rows = (Map<String, String>) page.evaluate("() => Object.fromEntries([...document.querySelectorAll("
                    + "'[data-testid=overhead-table] tr')].map(r => [r.cells[0].textContent, r.cells[1].textContent]))");
            String cost = dev.blockscope.analyzer.report.Durations.format(o.get("costNanos").asLong()); // 3 digits, as the page's
            String switches = String.format(java.util.Locale.ROOT, "%,d", o.get("contextSwitches").asLong());
            assertThat(rows.get("Cost per switch")).isEqualTo(cost + " (measured)");
            assertThat(rows.get("Share of CPU")).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f %%", 100 * o.get("cpuShare").asDouble()));
            assertThat(rows.get("Context switches")).startsWith(switches + " (");
            // and summary's text says the same cost
            assertThat(CliTest.run("summary", demo).out()).contains("at " + cost + " each");
            assertThat(page.textContent("[data-testid=overhead]")).doesNotContain("estimated: a fixed");
        }
    }
}
