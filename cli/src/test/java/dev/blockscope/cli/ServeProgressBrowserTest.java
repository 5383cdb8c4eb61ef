package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import dev.blockscope.analyzer.RecordingAnalyzer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve FILE} in headless Chromium: the page opened while the analysis runs shows its
 * progress, then the timeline of every task without a reload; opened again on a second serve of
 * the same file, the saved analysis shows the same tasks, and a task's longest waits (left out of
 * the summary) when its detail is opened.
 */
class ServeProgressBrowserTest {
    @TempDir Path dir;
    private ServeFileTest.Serve first;
    private ServeFileTest.Serve second;

    @AfterEach
    void stop() throws Exception {
        for (ServeFileTest.Serve s : new ServeFileTest.Serve[] {first, second}) {
            if (s != null) {
                s.stop();
            }
        }
    }

    @Test
    void thePageShowsTheProgressThenTheTimeline() throws Exception {
        Path file = dir.resolve("demo.jfr");
        Files.copy(Path.of("../analyzer/src/test/resources/golden/demo.jfr"), file);
        Path cache = dir.resolve("cache");
        CountDownLatch release = new CountDownLatch(1);
        ServeFileTest harness = new ServeFileTest();
        first = harness.new Serve(ServeFileTest.held(new CountDownLatch(1), release), file.toString(), "--cache", cache.toString());
        URI server = first.uri();
        try (HeadlessBrowser browser = new HeadlessBrowser()) {
            Page page = browser.navigate(server.toString());
            page.waitForFunction("() => document.getElementById('status').textContent.startsWith('Analyzing demo.jfr: finishing')");
            assertThat(page.getByTestId("status").textContent()).matches("Analyzing demo\\.jfr: finishing the analysis \\(387\\.7 KiB read,"
                    + " \\d+ s\\)");
            assertThat(page.evaluate("() => !!(window.blockscope && window.blockscope.ready)")).isEqualTo(false);
            release.countDown();
            page.waitForFunction("() => window.blockscope && window.blockscope.ready", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            int tasks = new ObjectMapper().readTree(ServeFileTest.get(server, "/api/summary").body()).get("tasks").size();
            int lanes = ((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue();
            assertThat(lanes).isPositive().isLessThanOrEqualTo(tasks);
            assertThat(page.getByTestId("status").textContent()).doesNotContain("Analyzing", "Cannot", "Could not");
            first.errWith("analysis saved to the cache");
            first.stop();

            second = harness.new Serve(RecordingAnalyzer::analyzeFull, file.toString(), "--cache", cache.toString());
            Page again = browser.open(second.uri().toString());
            assertThat(second.err.toString()).contains("reopened from the cache");
            assertThat(((Number) again.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue())
                    .isEqualTo(lanes);

            // a task's longest waits, which the summary leaves out, are fetched when its detail is shown
            ObjectMapper json = new ObjectMapper();
            long id = -1;
            String reason = null;
            for (var t : json.readTree(ServeFileTest.get(second.uri(), "/api/summary").body()).get("tasks")) {
                var whole = json.readTree(ServeFileTest.get(second.uri(), "/api/task?id=" + t.get("id").asLong()).body());
                if (t.get("longest").isNull() && !whole.get("longest").isEmpty()) {
                    id = t.get("id").asLong();
                    reason = whole.get("longest").get(0).get("reason").asText();
                    break;
                }
            }
            assertThat(id).as("a task whose longest waits the summary left out").isNotNegative();
            again.evaluate("id => blockscope.selectTask(id)", (double) id);
            again.getByTestId("detail-longest").waitFor();
            assertThat(again.getByTestId("detail-longest").textContent()).contains(reason);
            assertThat(again.getByTestId("detail-longest-pending").count()).isZero();
        }
    }
}
