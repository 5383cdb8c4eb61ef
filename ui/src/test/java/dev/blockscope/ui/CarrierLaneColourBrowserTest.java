package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Carrier lanes colour each slice by the task that ran it. The hue is the task id modulo the
 * number of hues, and the batch of the fourth hue was filled with the Unknown hatch (the carrier
 * batches had as many classes as the task batches, whose fourth is Unknown): a carrier's 194 ms
 * running cpu-bound-0 read as unknown time. One hue was also the yellow of Runnable. Here eight
 * virtual threads (ids 1000-1007: every hue) run on one carrier; each slice is drawn in its hue.
 */
class CarrierLaneColourBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static SyntheticAnalysis analysis;
    static Page page;

    @BeforeAll
    static void open() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        analysis = new SyntheticAnalysis(8, 5, 1, 11);
        page = chromium.open(HeadlessChromium.writeReport(analysis.analysisJson(), dir));
    }

    @AfterAll
    static void close() {
        if (page != null) {
            page.close();
        }
    }

    @Test
    void everySliceIsDrawnInItsTasksHue() {
        for (long id = SyntheticAnalysis.TASK_ID_BASE; id < SyntheticAnalysis.TASK_ID_BASE + 8; id++) {
            int i = firstRunning(id);
            @SuppressWarnings("unchecked")
            List<Number> rgb = (List<Number>) page.evaluate("([s, e]) => { blockscope.setView(s, e); blockscope.renderNow();"
                    + " const lane = blockscope.lanes().find(l => l.kind === 'carrier');"
                    + " const x = Math.round(blockscope.timeToX((s + e) / 2)), y = Math.round(lane.y + lane.h / 2), dpr = window.devicePixelRatio || 1;"
                    + " const d = document.getElementById('timeline').getContext('2d').getImageData(x * dpr, y * dpr, 1, 1).data;"
                    + " return [d[0], d[1], d[2]]; }", List.of((double) analysis.start[i], (double) analysis.end[i]));
            String expected = (String) page.evaluate("id => blockscope.carrierHue(id)", (double) id);
            assertThat(String.format("#%02X%02X%02X", rgb.get(0).intValue(), rgb.get(1).intValue(), rgb.get(2).intValue()))
                    .as("task %d's slice on the carrier lane", id).isEqualTo(expected.toUpperCase());
        }
    }

    /**
     * Told apart by eye, not by RGB distance: the hues were at least 60 apart in RGB, and still
     * #4E79A7 read as Lock / monitor's blue (CIELAB distance 13) and #79706E was a grey (chroma 4)
     * beside the Unknown hatch. Each hue is now at least 25 (CIE76 ΔE) from every state and family
     * colour and from both tones of the hatch, has a chroma of at least 20, and is 30 from the others.
     */
    @Test
    void noTaskHueLooksLikeAStateColour() {
        @SuppressWarnings("unchecked")
        Map<String, Object> palette = (Map<String, Object>) page.evaluate("() => blockscope.palette()");
        @SuppressWarnings("unchecked")
        List<String> hues = (List<String>) palette.get("taskHues");
        Map<String, String> states = new java.util.LinkedHashMap<>();
        for (Object c : (List<?>) palette.get("classes")) {
            Map<?, ?> m = (Map<?, ?>) c;
            states.put((String) m.get("name"), (String) m.get("color"));
        }
        @SuppressWarnings("unchecked")
        List<String> hatch = (List<String>) palette.get("hatch");
        assertThat(hatch).hasSize(2);
        states.put("Unknown hatch, light", hatch.get(0));
        states.put("Unknown hatch, dark", hatch.get(1));
        assertThat(hues).hasSize(8);
        for (String hue : hues) {
            assertThat(chroma(hue)).as("%s is a colour, not a grey", hue).isGreaterThanOrEqualTo(20);
            states.forEach((name, colour) -> assertThat(deltaE(hue, colour)).as("%s against %s %s", hue, name, colour).isGreaterThanOrEqualTo(25));
            for (String other : hues) {
                if (!other.equals(hue)) assertThat(deltaE(hue, other)).as("%s against %s", hue, other).isGreaterThanOrEqualTo(30);
            }
        }
    }

    /** CIELAB (D65) of an sRGB colour #RRGGBB. */
    static double[] lab(String hex) {
        double[] xyz = new double[3], rgb = new double[3];
        for (int k = 0; k < 3; k++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * k, 3 + 2 * k), 16) / 255.0;
            rgb[k] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        xyz[0] = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047;
        xyz[1] = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
        xyz[2] = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883;
        double[] f = new double[3];
        for (int k = 0; k < 3; k++) f[k] = xyz[k] > 0.008856 ? Math.cbrt(xyz[k]) : 7.787 * xyz[k] + 16 / 116.0;
        return new double[] {116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])};
    }

    static double deltaE(String a, String b) {
        double[] p = lab(a), q = lab(b);
        return Math.sqrt(Math.pow(p[0] - q[0], 2) + Math.pow(p[1] - q[1], 2) + Math.pow(p[2] - q[2], 2));
    }

    static double chroma(String c) {
        double[] p = lab(c);
        return Math.hypot(p[1], p[2]);
    }

    private static int firstRunning(long task) {
        for (int i = 0; i < analysis.n; i++) {
            if (analysis.task[i] == task && analysis.state[i] == SyntheticAnalysis.RUNNING) return i;
        }
        throw new AssertionError("no slice of " + task);
    }
}
