package dev.blockscope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task analysis table (go tool trace's goroutine analysis) on the demo's report
 * (demo-analysis.json, 29 tasks). By name pattern (each run of digits "#", the analyzer's rule for
 * its summed groups): fetch-# holds 8 tasks, square-# 3 with 73,695,486 ns of hand-offs (chan.*,
 * waitgroup: the reason table's hand-off family), main 506,088,699 ns of them; by lane group, the
 * runtime's groups (pipeline: 121,657,418 ns of hand-offs).
 */
class TaskTableBrowserTest extends BrowserTestBase {
    @TempDir static Path dir;
    static String url;
    Page page;

    @BeforeAll
    static void write() throws Exception {
        if (chromium == null) {
            return; // no Chromium: every test skips, saying so
        }
        url = HeadlessChromium.writeReport(HeadlessChromium.fixture("demo-analysis.json"), dir);
    }

    @BeforeEach
    void open() {
        page = chromium.open(url);
    }

    @AfterEach
    void close() {
        if (page != null) {
            page.close();
        }
    }

    @SuppressWarnings("unchecked")
    List<String> groups() {
        return (List<String>) page.evaluate("() => [...document.querySelectorAll('[data-testid=task-group]')].map(r => r.dataset.group)");
    }

    String cell(String group, String column, String what) {
        var c = page.locator("[data-testid=task-group][data-group='" + group + "'] td[data-col='" + column + "']");
        return what.equals("ns") ? c.getAttribute("data-ns") : c.textContent();
    }

    void sortBy(String column) {
        page.locator("th[data-sort='" + column + "']").click();
    }

    @Test
    void groupsByNamePatternAreSortableByAnyColumnBothWays() {
        assertThat(groups()).contains("main", "fetch-#", "square-#", "cpu-bound-#", "ForkJoinPool-#-worker-#", "JFR Periodic Tasks");
        assertThat(cell("fetch-#", "count", "text")).isEqualTo("8");
        assertThat(cell("square-#", "family:handoff", "ns")).isEqualTo("73695486");
        sortBy("family:handoff");
        assertThat(groups().getFirst()).isEqualTo("main");
        assertThat(groups().get(1)).isEqualTo("square-#");
        sortBy("family:handoff"); // again: the other way
        assertThat(groups().getLast()).isEqualTo("main");
        sortBy("running");
        assertThat(groups().getFirst()).isEqualTo("ForkJoinPool-#-worker-#"); // the carriers, carrying 513 ms of virtual threads
        sortBy("unknown");
        assertThat(groups().getFirst()).isEqualTo("JFR Periodic Tasks");
        sortBy("count");
        assertThat(groups().getFirst()).isEqualTo("fetch-#");
        sortBy("name");
        List<String> names = groups();
        assertThat(names).isSortedAccordingTo(String::compareToIgnoreCase);
    }

    @Test
    void meansArePerTaskOfTheGroup() {
        page.getByTestId("task-table-show").selectOption("mean");
        assertThat(cell("square-#", "family:handoff", "text")).isEqualTo("24.6 ms"); // 73,695,486 / 3
        assertThat(cell("square-#", "family:handoff", "ns")).isEqualTo("73695486");
    }

    @Test
    void byLaneGroupTheRuntimesGroups() {
        page.getByTestId("task-table-by").selectOption("group");
        assertThat(groups()).contains("demo", "pipeline", "cpu", "file-io", "JVM service threads", "carrier threads (as platform threads)");
        assertThat(cell("pipeline", "family:handoff", "text")).isEqualTo("122 ms");
        assertThat(cell("pipeline", "family:handoff", "ns")).isEqualTo("121657418");
    }

    @Test
    void aGroupListsItsTasksAndATaskOpensOnTheTimeline() {
        page.locator("[data-testid=task-group][data-group='cpu-bound-#']").click();
        assertThat(page.locator("[data-testid=task-row]").count()).isEqualTo(2);
        page.locator("[data-testid=task-row][data-task='48']").click();
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(48);
        // its lane is on screen and the view spans its life
        assertThat((Boolean) page.evaluate("() => { const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === 48);"
                + " return !!l && l.y > 0 && l.y < document.getElementById('timeline').clientHeight; }")).isTrue();
        assertThat(page.getByTestId("detail-name").textContent()).startsWith("cpu-bound-0");
    }

    /** A frame filter that hides the task's lane is cleared when the task is opened: its lane was not drawn. */
    @Test
    void aTaskOpensEvenWhenAFrameFilterHidItsLane() {
        page.close();
        page = chromium.open(url + "#filter=" + java.net.URLEncoder.encode("{\"r\":\"park.lock\",\"p\":[]}", java.nio.charset.StandardCharsets.UTF_8));
        page.waitForFunction("() => blockscope.filter && blockscope.filter.reason === 'park.lock'");
        assertThat((Boolean) page.evaluate("() => blockscope.lanes().some(l => l.kind === 'task' && l.id === 48)")).isFalse();
        page.locator("[data-testid=task-group][data-group='cpu-bound-#']").click();
        page.locator("[data-testid=task-row][data-task='48']").click();
        assertThat(page.evaluate("() => blockscope.filter")).isNull();
        assertThat((Boolean) page.evaluate("() => blockscope.lanes().some(l => l.kind === 'task' && l.id === 48)")).isTrue();
    }

    @Test
    void byStartSiteGroupsByTheTaskThatStartedThem() {
        page.getByTestId("task-table-by").selectOption("parent");
        assertThat(groups()).contains("started by main [main] (#3)", "started by ForkJoinPool-1-worker-1 (#28)");
    }

    /**
     * Ended virtual threads the analysis summed into groups (past --max-tasks) count in the table:
     * a summed group joins the rows of its name pattern (fetch-#: 8 rows and 5 summed), one
     * without rows is a row of its own, and the total row holds them all; without them the
     * table's totals left out all but the tasks with a row.
     */
    @Test
    void summedTaskGroupsJoinTheirPatternAndTheTotals() throws Exception {
        String json = new String(HeadlessChromium.fixture("demo-analysis.json"), java.nio.charset.StandardCharsets.UTF_8).strip();
        String groups = ",\"taskGroups\":[{\"name\":\"request-#\",\"virtual\":true,\"service\":false,\"tasks\":3998211,"
                + "\"lifetime\":9000000000,\"states\":{\"RUNNING\":2000000000,\"RUNNABLE\":0,\"SUSPENDED\":7000000000,"
                + "\"BLOCKED_PINNED\":0,\"BLOCKED\":0,\"UNKNOWN\":0},\"reasons\":{\"socket.read\":7000000000},"
                + "\"suspensions\":8000000,\"longest\":[],\"samples\":{}},"
                + "{\"name\":\"fetch-#\",\"virtual\":true,\"service\":false,\"tasks\":5,"
                + "\"lifetime\":100,\"states\":{\"RUNNING\":30,\"RUNNABLE\":10,\"SUSPENDED\":60,"
                + "\"BLOCKED_PINNED\":0,\"BLOCKED\":0,\"UNKNOWN\":0},\"reasons\":{\"sleep\":60},"
                + "\"suspensions\":5,\"longest\":[],\"samples\":{}}]}";
        Path other = dir.resolve("grouped");
        java.nio.file.Files.createDirectories(other);
        String grouped = HeadlessChromium.writeReport((json.substring(0, json.length() - 1) + groups)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), other);
        page.close();
        page = chromium.open(grouped);
        assertThat(cell("request-#", "count", "text")).isEqualTo("3,998,211");
        assertThat(cell("request-#", "family:net", "text")).isEqualTo("7.000 s");
        assertThat(cell("request-#", "running", "text")).isEqualTo("2.000 s");
        assertThat(page.locator("[data-testid=task-group][data-group='request-#']").textContent()).startsWith("  Σ request-#");
        // fetch-#: its 8 rows and the 5 summed, 60 ns more sleep than its rows' 420,000,000 (demo-analysis.json)
        assertThat(cell("fetch-#", "count", "text")).isEqualTo("13");
        assertThat(cell("fetch-#", "family:sleep", "ns")).isEqualTo("420000060");
        page.locator("[data-testid=task-group][data-group='fetch-#']").click();
        assertThat(page.locator("[data-testid=task-row]").count()).isEqualTo(8);
        assertThat(page.locator("[data-testid=task-summed]").textContent()).contains("Σ 5 summed virtual threads named fetch-#");
        var total = page.getByTestId("task-total");
        assertThat(total.locator("td[data-col=count]").textContent()).isEqualTo("3,998,245");
        assertThat(page.getByTestId("task-table-summed-note").textContent()).startsWith("3,998,216 of the 3,998,245 tasks have no row of their own");
        assertThat((String) page.evaluate("() => document.body.textContent")).contains("3,998,245 tasks");
    }
}
