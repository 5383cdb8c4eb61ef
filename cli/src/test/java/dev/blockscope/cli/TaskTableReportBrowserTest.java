package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI's task analysis table holds the analyzer's own numbers: for the golden demo
 * recording, every cell of every name-pattern group (and of the total row) equals the sum, over
 * the group's tasks in the analysis JSON that {@code export --format json} writes for the same
 * options, of their per-task state times and of their blocked time by reason family; and with
 * {@code --max-tasks 5} (the analyzer then sums most ended virtual threads into
 * {@code taskGroups}, without rows) the table's totals are still those of the analysis with every
 * row.
 */
class TaskTableReportBrowserTest {
    static final String DEMO = Path.of("../analyzer/src/test/resources/golden/demo.jfr").toString();
    static final ObjectMapper JSON = new ObjectMapper();
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

    /** The analysis JSON and the table's cells (group -> column -> nanoseconds, count under "count") for these options. */
    record Table(JsonNode analysis, Map<String, Map<String, Long>> groups, Map<String, Long> total) {}

    @SuppressWarnings("unchecked")
    static Table table(String name, String... options) throws Exception {
        CliTest.Run json = CliTest.run(concat(List.of("export", DEMO, "--format", "json"), options));
        assertThat(json.exit()).as(json.err()).isZero();
        Path html = dir.resolve(name + ".html");
        CliTest.Run report = CliTest.run(concat(List.of("report", DEMO, "-o", html.toString()), options));
        assertThat(report.exit()).as(report.err()).isZero();
        Page page = browser.open(html.toUri().toString());
        try {
            String read = "(row) => Object.fromEntries([...row.querySelectorAll('td[data-col]')]"
                    + ".map(td => [td.dataset.col, td.dataset.col === 'count' ? Number(td.textContent.replace(/,/g, '')) : Number(td.dataset.ns)]))";
            Map<String, Map<String, Number>> groups = (Map<String, Map<String, Number>>) page.evaluate("() => { const read = " + read + ";"
                    + " return Object.fromEntries([...document.querySelectorAll('[data-testid=task-group]')].map(r => [r.dataset.group, read(r)])); }");
            Map<String, Number> total = (Map<String, Number>) page.evaluate("() => (" + read + ")(document.querySelector('[data-testid=task-total]'))");
            Map<String, Map<String, Long>> out = new TreeMap<>();
            groups.forEach((g, cells) -> out.put(g, longs(cells)));
            return new Table(JSON.readTree(json.out()), out, longs(total));
        } finally {
            page.close();
        }
    }

    /** What the table should say, from the analysis JSON: its tasks and summed groups, by name pattern. */
    static Map<String, Map<String, Long>> expected(JsonNode a) {
        Map<String, String> familyOf = new LinkedHashMap<>();
        a.at("/reasonFamilies/reasons").properties().forEach(e -> familyOf.put(e.getKey(), e.getValue().asText()));
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (JsonNode t : a.get("tasks")) {
            add(out, pattern(t.path("name").asText("")), t, 1, familyOf);
        }
        for (JsonNode g : a.path("taskGroups")) {
            add(out, g.get("name").asText().isEmpty() ? "(unnamed)" : g.get("name").asText(), g, g.get("tasks").asLong(), familyOf);
        }
        return out;
    }

    /** The analyzer's group name (TaskRows.groupName): each run of digits one '#'. */
    static String pattern(String name) {
        return name.isEmpty() ? "(unnamed)" : name.replaceAll("[0-9]+", "#");
    }

    static void add(Map<String, Map<String, Long>> out, String group, JsonNode t, long count, Map<String, String> familyOf) {
        Map<String, Long> g = out.computeIfAbsent(group, k -> new TreeMap<>());
        JsonNode st = t.get("states");
        long total = 0;
        for (JsonNode v : st) {
            total += v.asLong();
        }
        g.merge("count", count, Long::sum);
        g.merge("total", total, Long::sum);
        g.merge("running", st.path("RUNNING").asLong(), Long::sum);
        g.merge("runnable", st.path("RUNNABLE").asLong(), Long::sum);
        g.merge("blocked", st.path("SUSPENDED").asLong() + st.path("BLOCKED").asLong() + st.path("BLOCKED_PINNED").asLong(), Long::sum);
        g.merge("pinned", st.path("BLOCKED_PINNED").asLong(), Long::sum);
        g.merge("unknown", st.path("UNKNOWN").asLong(), Long::sum);
        t.get("reasons").properties().forEach(e -> g.merge("family:" + familyOf.getOrDefault(e.getKey(), "other"), e.getValue().asLong(), Long::sum));
    }

    @Test
    void everyCellIsTheAnalysisPerTaskTimesSummedAndTheTotalsStayWholeUnderMaxTasks() throws Exception {
        Table all = table("all", "--max-tasks", "0");
        Table bounded = table("bounded", "--max-tasks", "5");
        assertThat(bounded.analysis().path("taskGroups").size()).as("--max-tasks 5 sums tasks into groups").isPositive();
        assertThat(bounded.analysis().get("tasks").size()).isLessThan(all.analysis().get("tasks").size());
        for (Table t : List.of(all, bounded)) {
            Map<String, Map<String, Long>> want = expected(t.analysis());
            assertThat(t.groups().keySet()).isEqualTo(want.keySet());
            want.forEach((group, cells) -> cells.forEach((column, ns) -> {
                // a family without time in the whole analysis has no column
                if (ns != 0 || t.groups().get(group).containsKey(column)) {
                    assertThat(t.groups().get(group).get(column)).as(group + " " + column).isEqualTo(ns);
                }
            }));
        }
        // the bounded analysis's table adds up to the same totals as the one with a row per task
        assertThat(bounded.total()).isEqualTo(all.total());
        assertThat(all.total().get("count")).isEqualTo(all.analysis().get("tasks").size());
        assertThat(bounded.groups().get("fetch-#")).isEqualTo(all.groups().get("fetch-#"));
    }

    static Map<String, Long> longs(Map<String, Number> cells) {
        Map<String, Long> out = new TreeMap<>();
        cells.forEach((k, v) -> out.put(k, v.longValue()));
        return out;
    }

    static String[] concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }
}
