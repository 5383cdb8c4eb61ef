package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --preview} in headless Chromium: while the whole file is analyzed the page shows the
 * first chunk's timeline, says it is a preview and how far the whole is; once the whole is ready
 * it offers it, and showing it reloads the page on the whole recording, the zoom kept.
 */
class ServePreviewBrowserTest {
    @TempDir Path dir;
    private ServeFileTest.Serve serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.stop();
        }
    }

    @Test
    void thePreviewIsShownThenTheWholeRecordingOnRequest() throws Exception {
        Path file = dir.resolve("chunked.jfr");
        Files.copy(Path.of("../analyzer/src/test/resources/golden/chunked-carrier-idle.jfr"), file);
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        serve = new ServeFileTest().new Serve(ServeFileTest.held(read, release), file.toString(), "--no-cache", "--preview", "100k");
        URI server = serve.uri();
        try (HeadlessBrowser browser = new HeadlessBrowser()) {
            Page page = browser.navigate(server.toString());
            page.waitForFunction("() => window.blockscope && window.blockscope.ready", null, new Page.WaitForFunctionOptions().setTimeout(60_000));
            assertThat(read.await(60, TimeUnit.SECONDS)).isTrue();
            page.waitForFunction("() => document.getElementById('preview').textContent.includes('finishing the analysis')", null,
                    new Page.WaitForFunctionOptions().setTimeout(10_000));
            assertThat(page.getByTestId("preview").textContent())
                    .matches("Preview: the first 1\\.000 s · analyzing the whole recording: finishing the analysis \\(640\\.1 KiB read, \\d+ s\\)");
            assertThat(page.getByTestId("notices").textContent()).contains("a preview: the recording's first 1.0 s of 2.8 s");
            assertThat(page.getByTestId("preview-show").isVisible()).isFalse();
            int previewLanes = lanes(page);
            assertThat(previewLanes).isPositive();
            page.evaluate("() => blockscope.setView(200000000, 900000000)");

            release.countDown();
            page.getByTestId("preview-show").waitFor(new com.microsoft.playwright.Locator.WaitForOptions().setTimeout(30_000));
            assertThat(page.getByTestId("preview").textContent()).isEqualTo("Preview: the first 1.000 s · the whole recording is analyzed");
            // the preview's page still asks the preview: a window reaching past its end, fetched now
            // (zoomed in far enough that the loaded one is too coarse: [0.91 s, 1.03 s]), holds none of
            // the whole's intervals that run on past it
            page.evaluate("() => blockscope.setView(950000000, 990000000)");
            page.waitForFunction("() => blockscope.loaded && blockscope.loaded[0] >= 900000000", null,
                    new Page.WaitForFunctionOptions().setTimeout(10_000));
            double lastEnd = ((Number) page.evaluate("() => { let m = 0;"
                    + " for (let i = 0; i < blockscope.intervalCount; i++) m = Math.max(m, blockscope.interval(i).end); return m; }"))
                    .doubleValue();
            assertThat(lastEnd).isPositive().isLessThanOrEqualTo(1.0e9);
            page.evaluate("() => blockscope.setView(200000000, 900000000)");
            page.getByTestId("preview-show").click();
            page.waitForFunction("() => window.blockscope && window.blockscope.ready && document.getElementById('preview').hidden", null,
                    new Page.WaitForFunctionOptions().setTimeout(60_000));
            assertThat(page.getByTestId("notices").textContent()).doesNotContain("a preview");
            assertThat(((Number) page.evaluate("() => blockscope.view.start")).doubleValue()).isCloseTo(2e8, org.assertj.core.data.Offset.offset(1e3));
            assertThat(((Number) page.evaluate("() => blockscope.view.end")).doubleValue()).isCloseTo(9e8, org.assertj.core.data.Offset.offset(1e3));
            int tasks = new ObjectMapper().readTree(ServeFileTest.get(server, "/api/summary").body()).get("tasks").size();
            assertThat(lanes(page)).isPositive().isLessThanOrEqualTo(tasks);
            assertThat(page.getByTestId("status").textContent()).doesNotContain("Analyzing", "Cannot", "Could not");
        }
    }

    private static int lanes(Page page) {
        return ((Number) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').length")).intValue();
    }
}
