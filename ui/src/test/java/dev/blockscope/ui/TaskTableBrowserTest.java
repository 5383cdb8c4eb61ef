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
 * (demo-analysis.json): its groups are the runtime's task groups (demo: 14 tasks, pipeline 3,
 * cpu 2...), summed from the task rows; the pipeline's hand-offs are 121,657,418 ns (chan.*,
 * waitgroup: the reason table's hand-off family).
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

    @Test
    void groupsAreSortableByAnyColumn() {
        assertThat(groups()).contains("demo", "pipeline", "cpu", "file-io", "JVM service threads", "carrier threads (as platform threads)");
        page.locator("th[data-sort='family:handoff']").click();
        assertThat(groups().getFirst()).isEqualTo("demo"); // 580 ms of hand-offs
        assertThat(page.locator("[data-testid=task-group][data-group=pipeline]").textContent()).contains("122 ms");
        page.locator("th[data-sort=running]").click();
        assertThat(groups().getFirst()).isEqualTo("carrier threads (as platform threads)"); // carrying 513 ms of virtual threads
        page.locator("th[data-sort=unknown]").click();
        assertThat(groups().getFirst()).isEqualTo("JVM service threads");
    }

    @Test
    void aGroupListsItsTasksAndATaskOpensOnTheTimeline() {
        page.locator("[data-testid=task-group][data-group=cpu]").click();
        assertThat(page.locator("[data-testid=task-row]").count()).isEqualTo(2);
        page.locator("[data-testid=task-row][data-task='48']").click();
        assertThat(page.evaluate("() => blockscope.selectedTask")).isEqualTo(48);
        // its lane is on screen and the view spans its life
        assertThat((Boolean) page.evaluate("() => { const l = blockscope.lanes().find(l => l.kind === 'task' && l.id === 48);"
                + " return !!l && l.y > 0 && l.y < document.getElementById('timeline').clientHeight; }")).isTrue();
        assertThat(page.getByTestId("detail-name").textContent()).startsWith("cpu-bound-0");
    }

    @Test
    void byStartSiteGroupsByTheTaskThatStartedThem() {
        page.getByTestId("task-table-by").selectOption("parent");
        assertThat(groups()).anyMatch(g -> g.startsWith("started by main"));
    }

    /**
     * Ended virtual threads the analysis summed into groups (past --max-tasks) are rows of the
     * table too, with their count and their sums in every column: without them the table's totals
     * left out all but the tasks with a row.
     */
    @Test
    void summedTaskGroupsAreRowsWithTheirSums() throws Exception {
        String json = new String(HeadlessChromium.fixture("demo-analysis.json"), java.nio.charset.StandardCharsets.UTF_8).strip();
        String groups = ",\"taskGroups\":[{\"name\":\"request-#\",\"virtual\":true,\"service\":false,\"tasks\":3998211,"
                + "\"lifetime\":9000000000,\"states\":{\"RUNNING\":2000000000,\"RUNNABLE\":0,\"SUSPENDED\":7000000000,"
                + "\"BLOCKED_PINNED\":0,\"BLOCKED\":0,\"UNKNOWN\":0},\"reasons\":{\"socket.read\":7000000000},"
                + "\"suspensions\":8000000,\"longest\":[],\"samples\":{}}]}";
        Path other = dir.resolve("grouped");
        java.nio.file.Files.createDirectories(other);
        String grouped = HeadlessChromium.writeReport((json.substring(0, json.length() - 1) + groups)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), other);
        page.close();
        page = chromium.open(grouped);
        var row = page.locator("[data-testid=task-summed][data-group='request-#']");
        assertThat(row.textContent()).contains("Σ request-#", "3,998,211", "7.000 s", "2.000 s");
        assertThat((String) page.evaluate("() => document.body.textContent")).contains("3,998,240 tasks");
    }
}
