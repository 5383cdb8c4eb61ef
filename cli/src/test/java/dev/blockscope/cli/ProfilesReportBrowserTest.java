package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's profile tabs and the CLI's collapsed export are one set of numbers: for the golden
 * demo recording, each of Go's profiles (sync, net, file, sched) drawn in the report's flame graph
 * has, per reason, the time that {@code export --format collapsed --profile NAME} writes for it.
 */
class ProfilesReportBrowserTest {
    static final String DEMO = TaskTableReportBrowserTest.DEMO;
    @TempDir static Path dir;
    static HeadlessBrowser browser;

    @BeforeAll
    static void start() {
        browser = new HeadlessBrowser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Nanoseconds by reason (the collapsed lines' root frame) of one profile. */
    static Map<String, Long> collapsed(String profile) {
        CliTest.Run run = CliTest.run("export", DEMO, "--format", "collapsed", "--profile", profile);
        assertThat(run.exit()).as(run.err()).isZero();
        Map<String, Long> out = new TreeMap<>();
        run.out().lines().filter(l -> !l.isBlank()).forEach(l -> out.merge(l.substring(0, l.lastIndexOf(' ')).split(";")[0],
                Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)), Long::sum));
        return out;
    }

    @Test
    void eachTabHoldsWhatTheCollapsedExportWrites() throws Exception {
        Path html = dir.resolve("demo.html");
        CliTest.Run report = CliTest.run("report", DEMO, "-o", html.toString());
        assertThat(report.exit()).as(report.err()).isZero();
        Page page = browser.open(html.toUri().toString());
        try {
            for (String profile : List.of("sync", "net", "file", "sched")) {
                page.locator("[data-testid=profile-tab][data-profile=" + profile + "]").click();
                @SuppressWarnings("unchecked")
                Map<String, Number> drawn = (Map<String, Number>) page.evaluate("() => Object.fromEntries(blockscope.flameNodes()"
                        + ".filter(n => n.depth === 1).map(n => [n.name, n.total]))");
                Map<String, Long> ui = new TreeMap<>();
                drawn.forEach((reason, ns) -> ui.put(reason, ns.longValue()));
                Map<String, Long> cli = collapsed(profile);
                assertThat(ui).as(profile).isEqualTo(cli);
                if (!profile.equals("net")) { // the demo has no socket waits
                    assertThat(cli).as(profile).isNotEmpty();
                }
            }
        } finally {
            page.close();
        }
    }
}
