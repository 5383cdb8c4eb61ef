package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live page of {@code serve --attach} in headless Chromium (Debian's, as the UI module's
 * browser tests run it; skipped with a line when there is none): it draws the target's tasks,
 * follows the window as new analyses come (the view is the server's window each time), stops
 * while paused, and lets a task that ended leave its lanes.
 */
class ServeAttachBrowserIT {
    private final LiveFixture fixture = new LiveFixture();

    @AfterEach
    void kill() {
        fixture.close();
    }

    @SuppressWarnings("unchecked")
    private static List<String> taskLanes(Page page) {
        return (List<String>) page.evaluate("() => blockscope.lanes().filter(l => l.kind === 'task').map(l => l.label)");
    }

    private static long version(Page page) {
        return ((Number) page.evaluate("() => blockscope.live.version")).longValue();
    }

    @Test
    void theLivePageFollowsTheWindowPausesAndLetsEndedTasksGo() throws Exception {
        LiveFixture.Forked target = fixture.target();
        long pid = target.process().pid();
        LiveFixture.Forked serve = fixture.serve(pid, "3s");
        URI server = LiveFixture.address(serve, pid);
        ServeAttachIT.live(server, l -> ServeAttachIT.waited(l, "early-", "sleep") > 0 && ServeAttachIT.waited(l, "locker-", "park.lock") > 0, 30);
        try (HeadlessBrowser browser = new HeadlessBrowser()) {
            Page page = browser.open(server.toString());
            assertThat(page.evaluate("() => blockscope.mode")).isEqualTo("live");
            assertThat(page.textContent("[data-testid=live]")).startsWith("live: pid " + pid + ", last 3.000 s").contains("following");
            assertThat(taskLanes(page)).anyMatch(l -> l.startsWith("locker-")).anyMatch(l -> l.startsWith("early-"));
            assertThat(((Number) page.evaluate("() => blockscope.intervalCount")).intValue()).isPositive();

            // it follows: new windows come, and the view is each one's window
            long first = version(page);
            page.waitForFunction("v => blockscope.live.version >= v + 2", (int) first);
            assertThat((Boolean) page.evaluate("() => { const l = blockscope.live, v = blockscope.view;"
                    + " return Math.abs(v.start - l.fromNanos) < 1 && Math.abs(v.end - l.toNanos) < 1; }")).isTrue();

            page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "serve-attach-live.png"))); // to look at

            // paused, it keeps its window while the server's moves on; Follow takes the newest again
            page.click("[data-testid=live-follow]");
            assertThat(page.textContent("[data-testid=live]")).contains("paused");
            long paused = version(page);
            long serverBefore = LiveFixture.get(server.resolve("/api/live")).get("live").get("version").asLong();
            page.waitForTimeout(2500);
            assertThat(LiveFixture.get(server.resolve("/api/live")).get("live").get("version").asLong()).isGreaterThan(serverBefore);
            assertThat(version(page)).isEqualTo(paused);
            page.click("[data-testid=live-follow]");
            page.waitForFunction("v => blockscope.live.version > v", (int) paused);

            // the early sleepers end: their lanes leave the page with the window, the lockers' stay
            target.send("phase2");
            target.await("EARLY-ENDED"::equals, 30);
            page.waitForFunction("() => !blockscope.lanes().some(l => l.kind === 'task' && l.label.startsWith('early-'))", null,
                    new Page.WaitForFunctionOptions().setTimeout(20_000));
            assertThat(taskLanes(page)).anyMatch(l -> l.startsWith("locker-"));

            // the JVM exits: the page says so and keeps its last window
            target.send("exit");
            page.waitForFunction("() => blockscope.live.ended", null, new Page.WaitForFunctionOptions().setTimeout(20_000));
            assertThat(page.textContent("[data-testid=live]")).contains("ended its stream");
            assertThat(page.isHidden("[data-testid=live-follow]")).isTrue();
            assertThat(taskLanes(page)).anyMatch(l -> l.startsWith("locker-"));
        }
    }
}
