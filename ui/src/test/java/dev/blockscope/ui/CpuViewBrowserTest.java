package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU views (the agent's profile=cpu): small-analysis.json with a "cpu" section added,
 * worker-1 (#31) 30 samples of 1 ms in stack 2 and 10 in stack 3, the carrier-less main (#1) 5 in stack 0.
 */
class CpuViewBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static String url;
    static String plainUrl;
    Page page;

    @BeforeAll
    static void write() throws Exception {
        String fixture = new String(HeadlessChromium.fixture("small-analysis.json"), StandardCharsets.UTF_8);
        String cpu = "\"cpu\": {\"source\": \"cpu\", \"engine\": \"perf_events\", \"intervalNanos\": 1000000, \"samples\": 45,"
                + " \"carrierOwn\": 0, \"tasks\": ["
                + "{\"task\": 31, \"samples\": 40, \"nanos\": 40000000, \"carrierOwn\": 0, \"stacks\": [{\"stack\": 2, \"samples\": 30},"
                + " {\"stack\": 3, \"samples\": 10}]},"
                + "{\"task\": 1, \"samples\": 5, \"nanos\": 5000000, \"carrierOwn\": 0, \"stacks\": [{\"stack\": 0, \"samples\": 5}]}]},";
        int brace = fixture.indexOf('{');
        String withCpu = fixture.substring(0, brace + 1) + cpu + fixture.substring(brace + 1);
        Files.createDirectories(dir.resolve("cpu"));
        Files.createDirectories(dir.resolve("plain"));
        url = HeadlessChromium.writeReport(withCpu.getBytes(StandardCharsets.UTF_8), dir.resolve("cpu"));
        plainUrl = HeadlessChromium.writeReport(HeadlessChromium.fixture("small-analysis.json"), dir.resolve("plain"));
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
    void theCpuTabShowsEveryTasksSamplesAsCpuTime() {
        assertThat(page.getByTestId("profile-tab").allTextContents()).contains("cpu 45.0 ms");
        page.locator("[data-testid=profile-tab][data-profile=cpu]").click();
        assertThat(((Number) page.evaluate("() => blockscope.flameNodes().find(n => n.depth === 0).total")).longValue())
                .isEqualTo(45_000_000L);
        assertThat(page.evaluate("() => blockscope.flameNodes().filter(n => n.depth === 1).map(n => n.name)")).isEqualTo(List.of("cpu"));
    }

    @Test
    void aTasksDetailHasItsCpuAndItsWallGraph() {
        page.evaluate("() => blockscope.selectTask(31)");
        assertThat(page.getByTestId("detail-cpu").textContent()).isEqualTo("40 samples, 40.0 ms of CPU");
        assertThat(page.getByTestId("detail-cpu-flame").isVisible()).isTrue();
        // the wall graph: CPU 40 ms, and worker-1's waits and runnable time from its intervals
        @SuppressWarnings("unchecked")
        List<Object> wall = (List<Object>) page.evaluate("() => { const t = blockscope.wallEntries(31); return [t.filter(e => e.reason === 'cpu')"
                + ".reduce((s, e) => s + e.total, 0), t.filter(e => e.reason !== 'cpu' && e.reason !== 'running, not sampled').length] }");
        assertThat(((Number) wall.get(0)).longValue()).isEqualTo(40_000_000L);
        assertThat(((Number) wall.get(1)).intValue()).isPositive();
        page.locator("[data-testid=detail-cpu-view][data-view=wall]").click();
        assertThat(page.locator("[data-testid=detail-cpu-view][data-view=wall]").getAttribute("aria-selected")).isEqualTo("true");
        page.evaluate("() => blockscope.selectTask(32)");
        assertThat(page.getByTestId("detail-cpu").textContent()).isEqualTo("No CPU sample of this task.");
    }

    @Test
    void withoutCpuSamplesThereIsNoCpuTabNorSection() {
        Page plain = chromium.open(plainUrl);
        try {
            assertThat(plain.getByTestId("profile-tab").allTextContents()).noneMatch(t -> t.startsWith("cpu"));
            plain.evaluate("() => blockscope.selectTask(31)");
            assertThat(plain.getByTestId("detail-cpu").count()).isZero();
        } finally {
            plain.close();
        }
    }
}
