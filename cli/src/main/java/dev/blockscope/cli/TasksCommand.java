package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.TaskTable;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code blockscope tasks FILE}: the task table, or one task's full timeline. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Per-task time by state; --task ID for one task's timeline.")
final class TasksCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--task", paramLabel = "ID", description = "Show this task (Java thread id) with its whole timeline") Long task;
    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "waiting",
            description = "id, name, lifetime, running, runnable, suspended, pinned, blocked, unknown, waiting (default), waits, cpu")
    String sort;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Rows to show, 0 for all (default 50)") int limit;
    @Option(names = "--json", description = "Print JSON: the task rows, or {task, intervals, regions, logs} with --task") boolean json;
    @Mixin ReportFilter filter;
    @Mixin TaskRowsOption rows;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TaskTable.Sort key;
        try {
            key = TaskTable.Sort.valueOf(sort.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sort: unknown key '" + sort
                    + "' (use id, name, lifetime, running, runnable, suspended, pinned, blocked, unknown, waiting, waits, cpu)");
        }
        WindowedAnalysis.Filter window = filter.filter();
        // one task asked for by id: it has its row whatever the bound (a bound would sum most tasks into groups)
        AnalysisOptions options = task != null ? AnalysisOptions.DEFAULT.withMaxTasks(0) : rows.apply(AnalysisOptions.DEFAULT);
        AnalysisRun.report(file, options, err, loaded -> {
            Analysis a = filter.active() ? WindowedAnalysis.of(loaded, window) : loaded;
            if (task != null) {
                writeTask(a, out);
            } else if (json) {
                AnalysisJson.write(TaskTable.jsonRows(a), out, false);
            } else {
                TaskTable.write(a, key, limit, out);
            }
        });
        return FailureHandler.OK;
    }

    private void writeTask(Analysis a, PrintWriter out) throws java.io.IOException, CommandFailure.Failed {
        if (a.tasks().stream().noneMatch(t -> t.id() == task)) {
            throw new CommandFailure.Failed(file + ": no task with id " + task + " (see 'blockscope tasks " + file + "')");
        }
        if (json) {
            Map<String, Object> one = new java.util.LinkedHashMap<>();
            one.put("task", TaskTable.jsonRows(a).stream().filter(r -> r.get("id") instanceof Number n && n.longValue() == task).findFirst()
                    .orElseThrow());
            one.put("intervals", TaskIntervals.of(a, task));
            one.put("regions", a.regions().stream().filter(r -> r.task() == task).toList());
            one.put("logs", a.logs().stream().filter(l -> l.task() == task).toList());
            AnalysisJson.write(one, out, false);
        } else {
            TaskTable.writeTask(a, task, out);
        }
    }
}
