package dev.blockscope.analyzer;

import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import java.util.List;
import java.util.Locale;

/**
 * Analyzes {@link ManyTasks} in a JVM of its own and prints one {@code RESULT} line: the totals
 * the analysis found (for {@link BoundedMemoryTest} to hold to the generator's), the rows and
 * groups it kept, the heap in use after a GC with the analysis still held, and the time taken.
 * Arguments: tasks, maxTasks, the timeline's interval budget (its columns are a fixed cost of 56
 * bytes an interval, on top), and optionally {@code alive} (no task ends: the old cost of a task).
 */
public final class ManyTasksMain {
    private ManyTasksMain() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--file")) {
            // a recording: the same RESULT line, from the file through the reader
            long began = System.nanoTime();
            Analysis a = RecordingAnalyzer.analyze(java.nio.file.Path.of(args[1]),
                    AnalysisOptions.DEFAULT.withMaxTasks(Integer.parseInt(args[2])));
            System.out.println(result(a, 0, began));
            return;
        }
        int tasks = Integer.parseInt(args[0]);
        int maxTasks = Integer.parseInt(args[1]);
        int budget = Integer.parseInt(args[2]);
        boolean ends = args.length < 4 || !args[3].equals("alive");
        ManyTasks gen = new ManyTasks(tasks, ends);
        long[] midway = new long[1];
        // the heap in use halfway through, after a GC: what the analysis holds while it streams
        Iterable<TraceEvent> measured = () -> new java.util.Iterator<>() {
            private final java.util.Iterator<TraceEvent> events = gen.iterator();
            private int started;

            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public TraceEvent next() {
                TraceEvent e = events.next();
                if (e instanceof TraceEvent.TaskStarted && ++started == tasks / 2) {
                    midway[0] = usedAfterGc();
                }
                return e;
            }
        };
        long began = System.nanoTime();
        Analysis a = RecordingAnalyzer.analyzeEvents("many.jfr", measured, List.of(), ManyTasks.T0, gen.end(),
                new AnalysisOptions(budget, null, 0, Long.MAX_VALUE, maxTasks));
        System.out.println(result(a, midway[0], began));
        System.out.println(String.format(Locale.ROOT, "(%s)", a.timeline().size() > 0 ? "timeline kept " + a.timeline().size() : "no timeline"));
    }

    private static String result(Analysis a, long midway, long began) {
        long millis = (System.nanoTime() - began) / 1_000_000;
        StringBuilder line = new StringBuilder("RESULT");
        line.append(" tasks=").append(a.taskCount());
        line.append(" suspensions=").append(a.tasks().stream().mapToLong(Analysis.TaskRow::suspensions).sum()
                + a.taskGroups().stream().mapToLong(Analysis.TaskGroup::suspensions).sum());
        for (String s : List.of("RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN")) {
            line.append(' ').append(s).append('=').append(a.tasks().stream().mapToLong(t -> t.states().getOrDefault(s, 0L)).sum()
                    + a.taskGroups().stream().mapToLong(g -> g.states().getOrDefault(s, 0L)).sum());
        }
        line.append(" rows=").append(a.tasks().size()).append(" groups=").append(a.taskGroups().size());
        line.append(" lifetimes=").append(a.tasks().stream().mapToLong(t -> (t.end() == null ? a.window().durationNanos() : t.end())
                - t.start()).sum() + a.taskGroups().stream().mapToLong(Analysis.TaskGroup::lifetime).sum());
        line.append(" heapMidway=").append(midway);
        line.append(" heapAfterGc=").append(usedAfterGc());
        line.append(" millis=").append(millis);
        return line.toString();
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
