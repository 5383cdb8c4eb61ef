package dev.blockscope.cli;

import dev.blockscope.analyzer.report.Analysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One task's intervals from the columnar timeline, as JSON-ready rows (for {@code tasks --task ID --json}). */
final class TaskIntervals {
    private TaskIntervals() {}

    static List<Map<String, Object>> of(Analysis a, long task) {
        Analysis.Timeline tl = a.timeline();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < tl.size(); i++) {
            if (tl.task()[i] != task) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("start", tl.start()[i]);
            row.put("end", tl.end()[i]);
            row.put("state", tl.states().get(tl.state()[i]));
            row.put("reason", tl.reason()[i] < 0 ? null : tl.reasons().get(tl.reason()[i]));
            row.put("carrier", tl.carrier()[i] < 0 ? null : tl.carrier()[i]);
            row.put("stack", tl.stack()[i] < 0 ? null : tl.stack()[i]);
            row.put("waker", tl.waker()[i] < 0 ? null : tl.waker()[i]);
            row.put("blocker", tl.blocker()[i] < 0 ? null : tl.blockers().get(tl.blocker()[i]));
            rows.add(row);
        }
        return rows;
    }
}
