package dev.blockscope.ui;

import com.microsoft.playwright.Browser.NewPageOptions;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * One Playwright driver and one headless Debian Chromium for a test class (creating them takes
 * seconds, pages are cheap). Never downloads a browser: it runs Debian's chromium
 * ({@code /usr/bin/chromium}, or {@code -Dblockscope.chromium=PATH}), which {@code bin/test}
 * installs where it can. Where there is none, each browser test is skipped with a line saying
 * why and how to install it, instead of failing.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Paths.get(System.getProperty("blockscope.chromium", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;

    HeadlessChromium() {
        assumeAvailable();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run")));
    }

    /** Whether there is a Chromium to run. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** Skips the running test, saying why, when there is no Chromium. */
    static void assumeAvailable() {
        org.junit.jupiter.api.Assumptions.assumeTrue(available(), () -> {
            String why = "browser test skipped: no Chromium at " + CHROMIUM + " (bin/test installs Debian's: apt-get install chromium)";
            System.out.println(why);
            return why;
        });
    }

    /** A fresh page of 1400×900 CSS pixels. */
    Page newPage() {
        return browser.newPage(new NewPageOptions().setViewportSize(1400, 900));
    }

    /** Opens a page and waits until the UI says it is ready (data loaded, first frame drawn). */
    Page open(String url) {
        Page page = newPage();
        page.navigate(url);
        page.waitForFunction("() => window.blockscope && window.blockscope.ready");
        return page;
    }

    /** Writes report.html for the analysis into dir and returns its file:// URL. */
    static String writeReport(byte[] analysis, Path dir) throws IOException {
        Path file = dir.resolve("report.html");
        try (OutputStream out = Files.newOutputStream(file)) {
            ReportPage.write(analysis, out);
        }
        return file.toUri().toString();
    }

    static byte[] fixture(String name) throws IOException {
        try (var in = HeadlessChromium.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("test fixture missing: " + name);
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
