package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every name from a recording is shown escaped wherever it is shown: a right-to-left override
 * turned "evil" into "live" in a lane label, and the escaping was checked on the task name's lane
 * label and detail only. Here the demo's analysis has bidirectional and control characters in a
 * task name (square-0, #29), a carrier's name, a task group, a blocker class, stack frames, a
 * region's name, a log message and the file name; the page is driven as a user would (hover,
 * click, search, a frame filter from the flame graph), and no text drawn on a canvas, shown in
 * the page or in a tooltip, or set as a title, contains one of those characters unescaped.
 */
class HostileNamesBrowserTest extends BrowserTestBase {
    /** What format.js's safeText escapes (and analyzer's Printable): C0 and C1 controls, bidi and invisible characters. */
    static final Pattern UNSAFE = Pattern.compile("[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e"
            + "\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff]");

    @TempDir static Path dir;

    static String hostile() throws Exception {
        String json = new String(HeadlessChromium.fixture("demo-analysis.json"), StandardCharsets.UTF_8);
        String out = json.replace("\"square-0\"", "\"\\u202eevil-0\\u0007\"")
                .replace("\"ForkJoinPool-1-worker-1\"", "\"FJP-\\u2067worker\\u0085-1\"")
                .replace("\"dev.blockscope.runtime.Channel\"", "\"dev.blockscope.runtime.\\u202dChannel\\u200f\"")
                .replace("ChannelPipeline", "Chan\\u2068nel\\u001bPipeline")
                .replace("\"name\":\"square\"", "\"name\":\"sq\\u202euare\"")
                .replace("\"no square within 10 ms\"", "\"no \\u2069square\\u0000 within 10 ms\"")
                .replace("\"group\":\"pipeline\"", "\"group\":\"pipe\\u2066line\\u200e\"")
                .replace("\"blockscope-demo.jfr\"", "\"\\u202edemo.jfr\\u000b\"");
        assertThat(out).as("every replacement found its text").doesNotContain("\"square-0\"", "ChannelPipeline", "\"name\":\"square\"",
                "\"no square within 10 ms\"", "\"group\":\"pipeline\"", "\"blockscope-demo.jfr\"", "\"dev.blockscope.runtime.Channel\"");
        return out;
    }

    @Test
    void noViewShowsABidirectionalOrControlCharacter() throws Exception {
        Page page = chromium.newPage();
        // every string drawn on a canvas (lane labels, group headers, flame graph, ruler marks)
        page.addInitScript("(() => { window.__drawn = []; const C = CanvasRenderingContext2D.prototype;"
                + " for (const m of ['fillText', 'strokeText']) { const f = C[m];"
                + " C[m] = function (s, ...rest) { window.__drawn.push(String(s)); return f.call(this, s, ...rest); }; } })()");
        try {
            page.navigate(HeadlessChromium.writeReport(hostile().getBytes(StandardCharsets.UTF_8), dir));
            page.waitForFunction("() => window.blockscope && blockscope.ready && blockscope.exact");
            page.evaluate("() => blockscope.expandAll()");
            List<String> shown = new ArrayList<>();
            var box = page.getByTestId("timeline").boundingBox();
            // a chan.send wait of #29 (interval with blocker Channel and ChannelPipeline frames), its label, the region and the log
            double t = (1_552_012_118L + 1_571_019_257L) / 2.0;
            for (Object[] at : new Object[][] {{29.0, t, 2e7, false}, {29.0, t, 2e7, true}, {29.0, (1_551_259_233L + 1_551_283_118L) / 2.0, 30_000.0, false},
                    {34.0, 1_622_099_399.0, 2e6, true}}) {
                @SuppressWarnings("unchecked")
                List<Number> xy = (List<Number>) page.evaluate("([id, t, span, top]) => { blockscope.setView(t - span, t + span); blockscope.scrollTo(0);"
                        + " const l0 = blockscope.lanes().find(l => l.kind === 'task' && l.id === id); blockscope.scrollTo(l0.y - 60);"
                        + " const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === id);"
                        + " return [blockscope.timeToX(t), top ? l.y + 1 : l.y + l.h / 2]; }", List.of(at[0], at[1], at[2], at[3]));
                page.mouse().move(box.x + xy.get(0).doubleValue(), box.y + xy.get(1).doubleValue());
                shown.add(page.getByTestId("tooltip").textContent());
                page.mouse().move(box.x + 60, box.y + xy.get(1).doubleValue()); // the lane's label
                shown.add(page.getByTestId("tooltip").textContent());
            }
            // the carrier lane and its label
            page.evaluate("() => { blockscope.fit(); blockscope.scrollTo(0); }");
            @SuppressWarnings("unchecked")
            Map<String, Number> carrier = (Map<String, Number>) page.evaluate("() => blockscope.lanes().find(l => l.kind === 'carrier')");
            for (double x : new double[] {60, 500, 700, 900}) {
                page.mouse().move(box.x + x, box.y + carrier.get("y").doubleValue() + 8);
                shown.add(page.getByTestId("tooltip").textContent());
            }
            // the task's detail with a wait of it picked, a search, a frame filter from the flame graph
            page.evaluate("t => { for (let i = 0; i < blockscope.intervalCount; i++) { const v = blockscope.interval(i);"
                    + " if (v.task === 29 && v.start <= t && t <= v.end) { blockscope.selectInterval(i); return; } } }", t);
            page.getByTestId("search").fill("evil");
            page.getByTestId("search").press("Enter");
            @SuppressWarnings("unchecked")
            Map<String, Number> node = (Map<String, Number>) page.evaluate("() => blockscope.flameNodes().find(n => n.name.includes('nel'))");
            assertThat(node).as("a flame graph frame of ChannelPipeline").isNotNull();
            page.getByTestId("flame").scrollIntoViewIfNeeded();
            var flame = page.getByTestId("flame").boundingBox();
            page.mouse().click(flame.x + node.get("x").doubleValue() + 2, flame.y + node.get("y").doubleValue() + 2);
            page.waitForFunction("() => blockscope.filter");
            page.evaluate("() => blockscope.renderNow()");

            shown.add((String) page.evaluate("() => document.body.innerText"));
            @SuppressWarnings("unchecked")
            List<String> attributes = (List<String>) page.evaluate("() => [...document.querySelectorAll('*')].flatMap(e =>"
                    + " ['title', 'aria-label', 'placeholder', 'alt'].map(a => e.getAttribute(a)).filter(v => v != null))");
            @SuppressWarnings("unchecked")
            List<String> drawn = (List<String>) page.evaluate("() => window.__drawn");
            for (String s : shown) assertThat(UNSAFE.matcher(s).find()).as("shown: %s", s).isFalse();
            for (String s : attributes) assertThat(UNSAFE.matcher(s).find()).as("attribute: %s", s).isFalse();
            for (String s : drawn) assertThat(UNSAFE.matcher(s).find()).as("drawn: %s", s).isFalse();
            // and they are there, escaped
            assertThat(drawn).anyMatch(s -> s.contains("\\u202Eevil-0\\u0007")).anyMatch(s -> s.contains("FJP-\\u2067worker\\u0085-1"))
                    .anyMatch(s -> s.contains("Chan\\u2068nel\\u001BPipeline")).anyMatch(s -> s.contains("pipe\\u2066line\\u200E"));
            String all = String.join("\n", shown);
            assertThat(all).contains("\\u202Edemo.jfr\\u000B", "dev.blockscope.runtime.\\u202DChannel\\u200F", "sq\\u202Euare",
                    "no \\u2069square\\u0000 within 10 ms");
        } finally {
            page.close();
        }
    }
}
