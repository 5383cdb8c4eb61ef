package dev.blockscope.cli;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Debian Chromium through Playwright for the CLI's browser tests, run as the UI module's
 * are: never downloads a browser ({@code /usr/bin/chromium}, or {@code -Dblockscope.chromium}); where
 * there is none, the test is skipped with a line saying how to install it.
 */
final class HeadlessBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("blockscope.chromium", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final Browser browser;

    HeadlessBrowser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), () -> {
            String why = "browser test skipped: no Chromium at " + CHROMIUM + " (bin/test installs Debian's: apt-get install chromium)";
            System.out.println(why);
            return why;
        });
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run")));
    }

    /** Opens {@code url} in a page of 1400x900 and waits until the UI says it is ready. */
    Page open(String url) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900));
        page.navigate(url);
        page.waitForFunction("() => window.blockscope && window.blockscope.ready");
        return page;
    }

    /** Opens {@code url} in a page of 1400x900 without waiting for the UI. */
    Page navigate(String url) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900));
        page.navigate(url);
        return page;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
