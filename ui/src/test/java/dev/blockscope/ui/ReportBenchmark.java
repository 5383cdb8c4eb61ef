package dev.blockscope.ui;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitUntilState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * The figures in docs/ui.md: a report of one million suspensions (1,000 tasks × 1,000 cycles of
 * run → suspend → runnable, so three million intervals, on 8 carriers) opened in headless
 * Chromium (five times by default, -Dbench.runs=N; the median is printed), and panning speed;
 * {@code -Dbench.report=PATH} opens a report written by {@code blockscope report} instead (a real
 * recording's). A benchmark, not a test: it asserts nothing and is excluded from the normal build. Run: {@code ./mvnw -pl ui test -Dui.bench -Dtest=ReportBenchmark}
 * (output in ui/target/surefire-reports/dev.blockscope.ui.ReportBenchmark-output.txt).
 */
@Tag("benchmark")
class ReportBenchmark {

    @Test
    void openAndPanAMillionSuspensions() throws Exception {
        int tasks = Integer.getInteger("bench.tasks", 1000), cycles = Integer.getInteger("bench.cycles", 1000);
        long t0 = System.nanoTime();
        String given = System.getProperty("bench.report"); // a report.html written by `blockscope report`
        String url;
        if (given != null && !given.isEmpty()) {
            Path file = Paths.get(given).toAbsolutePath();
            url = file.toUri().toString();
            System.out.printf("report: %s, %,d bytes%n", file, Files.size(file));
        } else {
            SyntheticAnalysis analysis = new SyntheticAnalysis(tasks, cycles, 8, 1);
            byte[] json = analysis.analysisJson();
            Path dir = Files.createDirectories(Paths.get("target", "bench"));
            url = HeadlessChromium.writeReport(json, dir);
            long written = Files.size(dir.resolve("report.html"));
            System.out.printf("report: %,d suspensions, %,d intervals, %,d tasks; report.html %,d bytes, generated in %.1f s%n",
                    tasks * cycles, analysis.n, tasks, written, (System.nanoTime() - t0) / 1e9);
        }
        String load = Files.readString(Paths.get("/proc/loadavg")).trim();
        System.out.println("load average before opening: " + load);
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            int runs = Integer.getInteger("bench.runs", 5);
            double[] ready = new double[runs], exact = new double[runs];
            for (int run = 1; run <= runs; run++) {
                Page page = chromium.newPage();
                long open = System.nanoTime();
                // COMMIT: navigate() returns when the document starts loading, not at its load event
                // (which now comes after ready: the exact columns are parsed after the script runs)
                page.navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
                page.waitForFunction("() => window.blockscope && window.blockscope.ready", null,
                        new Page.WaitForFunctionOptions().setTimeout(120_000).setPollingInterval(20));
                double wall = (System.nanoTime() - open) / 1e6;
                page.waitForFunction("() => window.blockscope.exact", null,
                        new Page.WaitForFunctionOptions().setTimeout(120_000).setPollingInterval(20));
                double exactWall = (System.nanoTime() - open) / 1e6;
                ready[run - 1] = wall;
                exact[run - 1] = exactWall;
                @SuppressWarnings("unchecked")
                Map<String, Object> timings = (Map<String, Object>) page.evaluate("() => blockscope.timings");
                System.out.printf("open run %d: navigate→ready %.0f ms, →exact intervals %.0f ms (in page, ms after navigation start: script starts %.0f,"
                        + " ready %.0f, exact %.0f; before ready: data %.0f ms, overview %.0f ms, panels %.0f ms, first frame %.0f ms from the %s;"
                        + " after ready, in the %s: inflate %.0f ms, varints %.0f ms, indexing %.0f ms, in all %.0f ms)%n",
                        run, wall, exactWall, num(timings, "scriptStart"), num(timings, "readyAt"), num(timings, "exactAt"),
                        num(timings, "parseMs"), numOr(timings, "overviewMs"),
                        num(timings, "beforeRender") - num(timings, "beforePanels"), num(timings, "readyAt") - num(timings, "beforeRender"),
                        timings.get("firstFrameFrom"), timings.get("exactIn"), numOr(timings, "inflateMs"), numOr(timings, "decodeMs"),
                        numOr(timings, "buildMs"), numOr(timings, "exactMs"));
                if (run == runs) {
                    pan(page, "the whole recording, groups collapsed (carrier lanes)", "() => blockscope.fit()");
                    pan(page, "the whole recording, all groups expanded", "() => { blockscope.expandAll(); blockscope.fit(); }");
                    pan(page, "1% of the recording, expanded", "() => { const v = blockscope.view; blockscope.setView(v.start + (v.end - v.start) * 0.4, v.start + (v.end - v.start) * 0.41); }");
                    pan(page, "0.01% of the recording, expanded", "() => { const v = blockscope.view; blockscope.setView(v.start, v.start + (v.end - v.start) / 100); }");
                }
                page.close();
            }
            java.util.Arrays.sort(ready);
            java.util.Arrays.sort(exact);
            System.out.printf("median of %d opens: navigate→ready %.0f ms (min %.0f, max %.0f), →exact intervals %.0f ms (min %.0f, max %.0f)%n",
                    runs, ready[runs / 2], ready[0], ready[runs - 1], exact[runs / 2], exact[0], exact[runs - 1]);
            // one more open: how the page responds while the exact intervals decode (a pan per animation frame)
            Page page = chromium.newPage();
            page.navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.COMMIT));
            page.waitForFunction("() => window.blockscope && window.blockscope.ready", null,
                    new Page.WaitForFunctionOptions().setTimeout(120_000).setPollingInterval(20));
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) page.evaluate("""
                    () => new Promise(done => {
                      let frames = 0, last = performance.now(), worst = 0; const t0 = last, long = [];
                      const step = () => {
                        const now = performance.now(); worst = Math.max(worst, now - last);
                        if (now - last > 50) long.push(Math.round(last) + "+" + Math.round(now - last));
                        last = now; frames++;
                        const v = blockscope.view, d = (v.end - v.start) * 0.002;
                        blockscope.setView(v.start + d, v.end + d);
                        if (!blockscope.exact) requestAnimationFrame(step);
                        else done({ frames, ms: now - t0, worst, long: long.join(" "), t: JSON.stringify(blockscope.timings) });
                      };
                      requestAnimationFrame(step);
                    })""");
            System.out.printf("while the exact intervals decode (%.0f ms after ready): %.0f frames/s panning, longest frame %.0f ms%n",
                    num(r, "ms"), num(r, "frames") / (num(r, "ms") / 1000), num(r, "worst"));
            System.out.println("frames over 50 ms (start+length): " + r.get("long") + "; timings " + r.get("t"));
            page.close();
            System.out.println("load average after: " + Files.readString(Paths.get("/proc/loadavg")).trim());
        }
    }

    /** Pans 200 frames, each a full redraw in its own animation frame, and prints frames/s. */
    static void pan(Page page, String what, String setup) {
        page.evaluate(setup);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) page.evaluate("""
                () => new Promise(done => {
                  const frames = 200; let k = 0, drawMs = 0; const t0 = performance.now();
                  const step = () => {
                    const v = blockscope.view, d = (v.end - v.start) * 0.005;
                    drawMs += blockscope.setView(v.start + (k < 100 ? d : -d), v.end + (k < 100 ? d : -d));
                    if (++k < frames) requestAnimationFrame(step);
                    else done({ fps: frames / ((performance.now() - t0) / 1000), drawMs: drawMs / frames,
                                rects: blockscope.stats().rects, visited: blockscope.stats().intervalsOnScreen });
                  };
                  requestAnimationFrame(step);
                })""");
        System.out.printf("pan over %s: %.0f frames/s, %.1f ms per redraw (%,d rectangles for %,d intervals on screen)%n",
                what, num(r, "fps"), num(r, "drawMs"), ((Number) r.get("rects")).intValue(), ((Number) r.get("visited")).intValue());
    }

    static double numOr(Map<String, Object> map, String key) {
        return map.get(key) == null ? Double.NaN : num(map, key);
    }

    static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }
}
