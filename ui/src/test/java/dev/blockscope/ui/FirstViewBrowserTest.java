package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first view: the application's activity, not the JVM's start-up, and the limits as one line
 * that opens. On the demo's report (demo-analysis.json) the application's tasks (neither carriers
 * nor JVM service threads) live from 1,319,637,301 to 2,138,269,979 ns of a 2,140,109,032 ns
 * recording: the first 62 % was the JVM and the recorder starting, and the page opened on it,
 * under four bullets of limits.
 */
class FirstViewBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    Page page;

    @BeforeEach
    void open() throws Exception {
        page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("demo-analysis.json"), dir));
    }

    @AfterEach
    void close() {
        if (page != null) {
            page.close();
        }
    }

    @SuppressWarnings("unchecked")
    Map<String, Number> view() {
        return (Map<String, Number>) page.evaluate("() => blockscope.view");
    }

    @Test
    void theFirstViewIsTheApplicationsActivity() {
        double start = view().get("start").doubleValue(), end = view().get("end").doubleValue();
        assertThat(start).isBetween(1.25e9, 1_319_637_301.0);
        assertThat(end).isBetween(2_138_269_979.0, 2.2e9);
        page.getByTestId("timeline").focus();
        page.keyboard().press("f");
        assertThat(view().get("start").doubleValue()).as("F again: the whole recording").isLessThanOrEqualTo(0.0);
        page.keyboard().press("f");
        assertThat(view().get("start").doubleValue()).isGreaterThan(1.25e9);
        assertThat(page.getByTestId("status").textContent()).contains("application's activity");
    }

    @Test
    void theLimitsAreOneLineThatOpens() {
        var notices = page.getByTestId("notices");
        assertThat(notices.boundingBox().height).as("one line").isLessThan(32);
        assertThat(page.locator("#notices summary").textContent()).startsWith("What this recording cannot show");
        assertThat(page.locator("#notices li").first().isVisible()).isFalse();
        page.locator("#notices summary").click();
        assertThat(page.locator("#notices li").first().isVisible()).isTrue();
        assertThat(notices.boundingBox().height).isGreaterThan(60);
    }
}
