package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waits are coloured by the family the analysis's reason table gives their reason (the
 * analyzer's table, which ReasonFamilyTest holds to the event schema and copies into these
 * fixtures). The page matched reason names itself before, with patterns naming reasons that do
 * not exist ({@code channel}, {@code wait.group}), so the bundled runtime's channel waits were
 * drawn as "Other wait". Here every reason of the table gets its family's colour, and on the
 * demo's report a 19 ms {@code chan.send} wait of square-0 (#30) is drawn in the hand-off colour.
 */
class ReasonColourBrowserTest extends BrowserTestBase {
    /** The colour of each family: the legend's classes (docs/ui.md). */
    static final Map<String, String> FAMILY_COLOUR = Map.of("sleep", "#56B4E9", "lock", "#0072B2", "handoff", "#CC79A7",
            "net", "#E69F00", "file", "#E69F00", "process", "#E69F00", "idle", "#999933", "agent", "#999933", "other", "#999933");

    @TempDir static Path dir;
    static Page page;

    @BeforeAll
    static void open() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        Path file = dir.resolve("demo.html");
        try (OutputStream out = Files.newOutputStream(file)) {
            PageTemplate.get().write(HeadlessChromium.fixture("demo-analysis.json"), out, 0); // the overview and the worker too
        }
        page = chromium.open(file.toUri().toString());
        page.waitForFunction("() => blockscope.exact");
        page.evaluate("() => blockscope.expandAll()");
    }

    @AfterAll
    static void close() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void everyReasonIsDrawnInItsFamilysColour() throws Exception {
        String table = new String(HeadlessChromium.fixture("reason-families.json"), java.nio.charset.StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        List<List<String>> rows = (List<List<String>>) page.evaluate("t => Object.entries(JSON.parse(t).reasons).map(([r, f]) =>"
                + " [r, f, blockscope.reasonFamily(r), blockscope.reasonColour(r)])", table);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(28);
        for (List<String> row : rows) {
            String reason = row.get(0), family = row.get(1);
            assertThat(FAMILY_COLOUR).as("a colour for family %s", family).containsKey(family);
            assertThat(row.get(2)).as(reason).isEqualTo(family);
            assertThat(row.get(3)).as(reason).isEqualTo(FAMILY_COLOUR.get(family));
        }
        assertThat(page.evaluate("() => blockscope.reasonColour('a.reason.no.table.names')")).isEqualTo(FAMILY_COLOUR.get("other"));
    }

    @Test
    void aChannelWaitIsDrawnAsAHandOff() {
        // timeline interval 104: task 30 SUSPENDED in chan.send from 1,552,012,118 to 1,571,019,257 ns
        double t = (1_552_012_118L + 1_571_019_257L) / 2.0;
        @SuppressWarnings("unchecked")
        List<Number> rgb = (List<Number>) page.evaluate("t => { blockscope.setView(t - 2e6, t + 2e6); blockscope.scrollTo(0);"
                + " const l0 = blockscope.lanes().find(l => l.kind === 'task' && l.id === 30); blockscope.scrollTo(l0.y - 60); blockscope.renderNow();"
                + " const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === 30), dpr = window.devicePixelRatio || 1;"
                + " const d = document.getElementById('timeline').getContext('2d').getImageData(Math.round(blockscope.timeToX(t)) * dpr,"
                + " Math.round(l.y + l.h / 2) * dpr, 1, 1).data; return [d[0], d[1], d[2]]; }", t);
        assertThat(String.format("#%02X%02X%02X", rgb.get(0).intValue(), rgb.get(1).intValue(), rgb.get(2).intValue()))
                .isEqualTo(FAMILY_COLOUR.get("handoff"));
    }

    @Test
    void theLegendSaysWhichReasonsEachColourHolds() {
        String handOff = page.locator("[data-testid=legend-item]", new Page.LocatorOptions().setHasText("Hand-off")).getAttribute("title");
        assertThat(handOff).contains("hand-off: ", "chan.send", "chan.recv", "waitgroup", "join");
        String io = page.locator("[data-testid=legend-item]", new Page.LocatorOptions().setHasText("I/O")).getAttribute("title");
        assertThat(io).contains("network: ", "socket.read", "file: file.read", "process: process.wait");
    }

    /**
     * The legend names exactly the reasons of the event schema (reason-families.json is the
     * analyzer's table, which ReasonFamilyTest holds to dev.blockscope.event.Reason.ALL), each
     * under the entry whose swatch is the colour its waits are drawn in: no entry names a reason
     * that does not exist (the page's own patterns named "channel" and "wait.group") and none
     * the analyzer can emit is left out.
     */
    @Test
    void theLegendNamesEveryReasonOfTheSchemaUnderItsColourAndNoOther() throws Exception {
        String table = new String(HeadlessChromium.fixture("reason-families.json"), java.nio.charset.StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        List<List<String>> named = (List<List<String>>) page.evaluate("t => { const labels = JSON.parse(t).families.map(f => f.label);"
                + " return [...document.querySelectorAll('[data-testid=legend-item]')].flatMap(item => {"
                + " const swatch = getComputedStyle(item.querySelector('.swatch')).backgroundColor.match(/\\d+/g).slice(0, 3)"
                + "   .map(v => Number(v).toString(16).padStart(2, '0')).join('').toUpperCase();"
                + " return (item.getAttribute('title') || '').split('\\n').filter(l => labels.includes(l.slice(0, l.indexOf(': '))))"
                + "   .flatMap(l => l.slice(l.indexOf(': ') + 2).split(', ').filter(r => r).map(r => [r, '#' + swatch])); }); }", table);
        @SuppressWarnings("unchecked")
        List<String> reasons = (List<String>) page.evaluate("t => Object.keys(JSON.parse(t).reasons)", table);
        assertThat(named).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(reasons);
        for (List<String> r : named) {
            assertThat(r.get(1)).as("the legend's swatch for %s", r.get(0)).isEqualTo(page.evaluate("r => blockscope.reasonColour(r)", r.get(0)));
        }
    }

    /**
     * The task detail's bar is in the timeline's colours: the consumer (#34) waits only in
     * chan.select (17.9 ms, all of its SUSPENDED time), and its bar drew SUSPENDED in Sleep's
     * light blue, so its channel waits read as sleep there. Now its waits are the hand-off
     * colour, by reason, and nothing is drawn in a colour the task's time does not have.
     */
    @Test
    void theTaskDetailsBarColoursWaitsByTheirReason() {
        page.evaluate("() => blockscope.selectTask(34)");
        @SuppressWarnings("unchecked")
        List<List<String>> segments = (List<List<String>>) page.evaluate("() => [...document.querySelectorAll('[data-testid=detail-bar] span')].map(s =>"
                + " ['#' + getComputedStyle(s).backgroundColor.match(/\\d+/g).slice(0, 3).map(v => Number(v).toString(16).padStart(2, '0')).join('').toUpperCase(),"
                + " s.style.width, s.getAttribute('title')])");
        assertThat(segments).extracting(x -> x.get(0)).containsExactly("#009E73", "#F0E442", FAMILY_COLOUR.get("handoff"));
        assertThat(segments.get(2).get(2)).isEqualTo("chan.select (Hand-off)");
        // 17,946,739 of 62,113,571 ns
        assertThat(Double.parseDouble(segments.get(2).get(1).replace("%", ""))).isCloseTo(28.89, org.assertj.core.data.Offset.offset(0.01));
    }
}
