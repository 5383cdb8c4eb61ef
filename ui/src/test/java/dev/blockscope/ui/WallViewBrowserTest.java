package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task detail's wall graph from async-profiler's wall samples (profile=wall, no CPU samples):
 * small-analysis.json with a "wall" section added. worker-1 (#31, virtual: RUNNING 10.7 ms,
 * RUNNABLE 0.3 ms, SUSPENDED 7 ms) has 8 wall samples of 1 ms, all while mounted; main (#1, a
 * platform thread) 20.
 */
class WallViewBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static String url;
    Page page;

    @BeforeAll
    static void write() throws Exception {
        String fixture = new String(HeadlessChromium.fixture("small-analysis.json"), StandardCharsets.UTF_8);
        String wall = "\"wall\": {\"source\": \"profiler.WallClockSample\", \"engine\": null, \"intervalNanos\": 1000000, \"samples\": 28,"
                + " \"carrierOwn\": 0, \"tasks\": ["
                + "{\"task\": 1, \"samples\": 20, \"nanos\": 20000000, \"carrierOwn\": 0, \"stacks\": [{\"stack\": 0, \"samples\": 20}]},"
                + "{\"task\": 31, \"samples\": 8, \"nanos\": 8000000, \"carrierOwn\": 0, \"stacks\": [{\"stack\": 2, \"samples\": 6},"
                + " {\"stack\": 3, \"samples\": 2}]}]},";
        int brace = fixture.indexOf('{');
        String withWall = fixture.substring(0, brace + 1) + wall + fixture.substring(brace + 1);
        url = HeadlessChromium.writeReport(withWall.getBytes(StandardCharsets.UTF_8), dir);
    }

    @BeforeEach
    void open() {
        page = chromium.open(url);
    }

    @AfterEach
    void close() {
        if (page != null) { // null where the browser tests are skipped (no Chromium)
            page.close();
        }
    }

    @Test
    void aVirtualThreadsWallTimeIsItsMountedSamplesAndItsWaitsOffTheCarrierAddingUpToItsLife() {
        page.evaluate("() => blockscope.selectTask(31)");
        assertThat(page.getByTestId("detail-cpu").count()).as("no CPU samples, no CPU line").isZero();
        assertThat(page.getByTestId("detail-wall").textContent()).isEqualTo(
                "8 wall samples, 8.00 ms while mounted; off its carrier no wall sample sees it, and its waits say what it did");
        assertThat(page.locator("[data-testid=detail-cpu-view]").allTextContents()).containsExactly("wall (samples + waits)");
        @SuppressWarnings("unchecked")
        List<Number> sums = (List<Number>) page.evaluate("() => { const e = blockscope.wallEntries(31), sum = (f) => e.filter(f)"
                + ".reduce((s, x) => s + x.total, 0); return [sum(x => x.reason === 'mounted'), sum(x => x.reason === 'mounted, not sampled'),"
                + " sum(x => x.reason === 'runnable'), sum(x => !['mounted', 'mounted, not sampled', 'runnable'].includes(x.reason)), sum(x => true)] }");
        assertThat(sums.stream().map(Number::longValue).toList())
                .containsExactly(8_000_000L, 2_700_000L, 300_000L, 7_000_000L, 18_000_000L);
    }

    @Test
    void aPlatformThreadsWallSamplesAreItsWholeLifeRunningOrNot() {
        @SuppressWarnings("unchecked")
        List<Object> reasons = (List<Object>) page.evaluate("() => blockscope.wallEntries(1).map(e => e.reason + ' ' + e.total)");
        assertThat(reasons).containsExactly("wall sample 20000000");
    }
}
