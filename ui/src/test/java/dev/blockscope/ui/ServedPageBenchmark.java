package dev.blockscope.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitUntilState;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How soon a {@code serve} page is ready in headless Chromium: each of the pages given (servers
 * already listening, for example two builds of {@code blockscope serve FILE} on other ports, each
 * done analyzing) is opened in a fresh page, in turn, {@code -Dbench.runs} times (6 by default),
 * and the time from navigation to {@code blockscope.ready} is printed with the medians. The page
 * fetches the summary, builds its model and draws the first frame in that time. A benchmark, not
 * a test: it asserts nothing and is excluded from the normal build. Run:
 * {@code ./mvnw -pl ui test -Dui.bench -Dtest=ServedPageBenchmark -Dbench.urls=http://127.0.0.1:PORT/,...}
 * (output in ui/target/surefire-reports/dev.blockscope.ui.ServedPageBenchmark-output.txt).
 */
@Tag("benchmark")
class ServedPageBenchmark {

    @Test
    void openServedPages() throws Exception {
        String given = System.getProperty("bench.urls", "");
        if (given.isBlank()) {
            System.out.println("ServedPageBenchmark: give the pages to open, -Dbench.urls=http://127.0.0.1:PORT/[,...]");
            return;
        }
        List<String> urls = Arrays.stream(given.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
        int runs = Integer.getInteger("bench.runs", 6);
        System.out.println("load average before opening: " + Files.readString(Paths.get("/proc/loadavg")).trim());
        List<List<Double>> ready = new ArrayList<>();
        urls.forEach(u -> ready.add(new ArrayList<>()));
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            for (int run = 1; run <= runs; run++) {
                for (int u = 0; u < urls.size(); u++) {
                    Page page = chromium.newPage();
                    long open = System.nanoTime();
                    page.navigate(urls.get(u), new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
                    page.waitForFunction("() => window.blockscope && window.blockscope.ready", null,
                            new Page.WaitForFunctionOptions().setTimeout(120_000).setPollingInterval(10));
                    double ms = (System.nanoTime() - open) / 1e6;
                    ready.get(u).add(ms);
                    System.out.printf("run %d, %s: navigate→ready %.0f ms%n", run, urls.get(u), ms);
                    page.close();
                }
            }
        }
        for (int u = 0; u < urls.size(); u++) {
            List<Double> sorted = ready.get(u).stream().sorted().toList();
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            System.out.printf("%s: median %.0f ms (%.0f-%.0f, %d runs)%n", urls.get(u), median, sorted.getFirst(), sorted.getLast(), n);
        }
        System.out.println("load average after: " + Files.readString(Paths.get("/proc/loadavg")).trim());
    }
}
