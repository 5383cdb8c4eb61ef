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
 *
 * <p>On a demo recorded with today's agent (demo-startup-analysis.json, {@code ./blockscope demo}
 * of 2026-12-06) the main thread is seen from 110 ms on, in premain and class loading, and then
 * waits 1.76 s for the recorder to start (reason {@code agent.start}, ending at 1,910,355,677 ns);
 * the application's other tasks start at 1.95 s and main ends last, at 2,669,934,046 ns. Counted
 * from main's first event, 69 % of the first view was start-up.
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
    void theFirstViewLeavesOutTheWaitForTheRecorder() throws Exception {
        page.close();
        page = chromium.open(HeadlessChromium.writeReport(HeadlessChromium.fixture("demo-startup-analysis.json"), java.nio.file.Files.createDirectories(dir.resolve("startup"))));
        double start = view().get("start").doubleValue(), end = view().get("end").doubleValue();
        assertThat(start).as("after main's agent.start wait, less the view's margin").isBetween(1.88e9, 1_910_355_677.0);
        assertThat(end).as("main's end, the application's last").isBetween(2_669_934_046.0, 2.7e9);
        page.getByTestId("timeline").focus();
        page.keyboard().press("f");
        assertThat(view().get("start").doubleValue()).as("F: the whole recording").isLessThanOrEqualTo(0.0);
        assertThat(view().get("end").doubleValue()).isGreaterThanOrEqualTo(3_045_341_817.0);
        // and one click: the header's button says where it goes
        var fit = page.getByTestId("fit");
        assertThat(fit.textContent()).isEqualTo("Application's activity");
        fit.click();
        assertThat(view().get("start").doubleValue()).isGreaterThan(1.88e9);
        assertThat(fit.textContent()).isEqualTo("Whole recording");
        fit.click();
        assertThat(view().get("start").doubleValue()).isLessThanOrEqualTo(0.0);
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

    /** The line opens from the keyboard too, and once open it holds every limit of the analysis. */
    @Test
    @SuppressWarnings("unchecked")
    void theLimitsOpenFromTheKeyboardWithEveryLimit() throws Exception {
        var summary = page.locator("#notices summary");
        summary.focus();
        assertThat(page.evaluate("() => document.activeElement.tagName")).isEqualTo("SUMMARY");
        page.keyboard().press("Enter");
        assertThat(page.locator("#notices li").first().isVisible()).isTrue();
        java.util.List<String> limits = (java.util.List<String>) page.evaluate("(s) => JSON.parse(s).source.limits",
                new String(HeadlessChromium.fixture("demo-analysis.json"), java.nio.charset.StandardCharsets.UTF_8));
        java.util.List<String> shown = page.locator("#notices li").allTextContents();
        assertThat(limits).isNotEmpty();
        assertThat(shown).containsAll(limits);
        assertThat(summary.textContent()).contains(shown.size() + " notes");
        page.keyboard().press("Enter");
        assertThat(page.locator("#notices li").first().isVisible()).isFalse();
    }
}
