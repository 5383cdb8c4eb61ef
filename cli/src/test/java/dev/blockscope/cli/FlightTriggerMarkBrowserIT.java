package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flight recorder's dump in the web UI: {@link FlightTarget} runs under the agent with
 * {@code flight=1s,dumpon=pinned>20ms}; {@code report} of the dump draws a trigger marker across
 * the timeline at the moment the analyzer read from the dump's {@code blockscope.FlightTrigger},
 * which lies after the pin the target measured (the trigger fires once the pinned wait ended) and
 * within the second the recorder takes to see it; the notices say what the file is.
 */
class FlightTriggerMarkBrowserIT {
    @TempDir Path dir;

    @Test
    void aDumpsTriggerIsMarkedOnTheTimelineAtItsMoment() throws Exception {
        Path home = Path.of(System.getProperty("blockscope.agent.jar")).toAbsolutePath().getParent().getParent().getParent();
        Path jfr = dir.resolve("F.jfr");
        RecordProfileCpuIT.Run run = RecordProfileCpuIT.java(List.of("-javaagent:" + System.getProperty("blockscope.agent.jar") + "=file=" + jfr
                + ",startup=wait,flight=1s,dumpon=pinned>20ms", "-cp", System.getProperty("java.class.path"), FlightTarget.class.getName()));
        assertThat(run.exit()).as(run.err()).isZero();
        Matcher truth = Pattern.compile("GROUND-TRUTH pinStart=(\\d+) pinEnd=(\\d+)").matcher(run.out());
        assertThat(truth.find()).as(run.out()).isTrue();
        long pinEnd = Long.parseLong(truth.group(2));
        Path dump = dir.resolve("F-1.jfr");
        assertThat(run.err()).contains("blockscope: flight recorder dump " + dump + " (pinned>20ms: ");

        RecordProfileCpuIT.Run summary = RecordProfileCpuIT.java(List.of("-Dblockscope.home=" + home, "-jar", System.getProperty("blockscope.jar"),
                "summary", dump.toString(), "--json"));
        assertThat(summary.exit()).as(summary.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(summary.out());
        JsonNode trigger = null;
        for (JsonNode l : a.get("logs")) {
            if (l.get("category").asText().equals("blockscope.flight-trigger")) {
                assertThat(trigger).as("one trigger").isNull();
                trigger = l;
            }
        }
        assertThat(trigger).isNotNull();
        assertThat(trigger.get("message").asText()).startsWith("pinned>20ms: ");
        long t = trigger.get("t").asLong();
        long epoch = a.get("window").get("startEpochNanos").asLong() + t;
        assertThat(epoch).isBetween(pinEnd - 10_000_000L, pinEnd + 1_500_000_000L);

        Path html = dir.resolve("F-1.html");
        RecordProfileCpuIT.Run report = RecordProfileCpuIT.java(List.of("-Dblockscope.home=" + home, "-jar", System.getProperty("blockscope.jar"),
                "report", dump.toString(), "-o", html.toString()));
        assertThat(report.exit()).as(report.err()).isZero();
        try (HeadlessBrowser browser = new HeadlessBrowser()) {
            Page page = browser.open(html.toUri().toString());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> markers = (List<Map<String, Object>>) page.evaluate(
                    "() => blockscope.markers().filter(m => m.kind === 'trigger')");
            assertThat(markers).singleElement().satisfies(m -> {
                assertThat(((Number) m.get("t")).longValue()).isEqualTo(t);
                assertThat(m.get("label")).isEqualTo("trigger pinned>20ms");
            });
            // and where it is drawn: in view, after fitting the whole dump
            page.evaluate("() => blockscope.setView(0, " + a.get("window").get("durationNanos").asLong() + ")");
            double x = ((Number) page.evaluate("() => blockscope.markers().find(m => m.kind === 'trigger').x")).doubleValue();
            assertThat(x).isBetween(230.0, 1400.0);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "flight-trigger-mark.png"))); // to look at
            assertThat(page.textContent("[data-testid=notices]")).contains("A flight recorder's dump: written on its trigger pinned>20ms: ");
        }
    }
}
