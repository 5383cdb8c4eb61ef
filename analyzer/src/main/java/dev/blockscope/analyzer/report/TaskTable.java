package dev.blockscope.analyzer.report;

import dev.blockscope.analyzer.report.Analysis.TaskRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code tasks} table, and one task's timeline as text. */
public final class TaskTable {
    /** Sort keys of the table. */
    public enum Sort { ID, NAME, LIFETIME, RUNNING, RUNNABLE, SUSPENDED, PINNED, BLOCKED, UNKNOWN, WAITING, WAITS, CPU }

    private TaskTable() {}

    static long lifetime(Analysis a, TaskRow t) {
        return (t.end() == null ? a.window().durationNanos() : t.end()) - t.start();
    }

    /** Writes at most {@code limit} rows (0: all), sorted by {@code sort} (largest first, except id and name; for the
     * other keys the user's tasks come before carriers and JVM service threads). */
    public static void write(Analysis a, Sort sort, int limit, PrintWriter out) {
        Comparator<TaskRow> order = switch (sort) {
            case ID -> Comparator.comparingLong(TaskRow::id);
            case NAME -> Comparator.comparing(t -> t.name() == null ? "" : t.name());
            case LIFETIME -> Comparator.comparingLong((TaskRow t) -> lifetime(a, t)).reversed();
            case RUNNING -> byState("RUNNING");
            case RUNNABLE -> byState("RUNNABLE");
            case SUSPENDED -> byState("SUSPENDED");
            case PINNED -> byState("BLOCKED_PINNED");
            case BLOCKED -> byState("BLOCKED");
            case UNKNOWN -> byState("UNKNOWN");
            case WAITING -> Comparator.comparingLong((TaskRow t) -> waiting(t)).reversed();
            case WAITS -> Comparator.comparingInt(TaskRow::suspensions).reversed();
            case CPU -> Comparator.comparingLong((TaskRow t) -> cpuSamples(a, t.id())).reversed();
        };
        if (sort != Sort.ID && sort != Sort.NAME) {
            // The user's tasks first: a carrier's waiting is its idle time in the pool and a JVM
            // service thread's is the JDK's housekeeping, which would otherwise top every column.
            order = Comparator.comparingInt(TaskTable::kindRank).thenComparing(order);
        }
        List<TaskRow> rows = new ArrayList<>(a.tasks());
        rows.sort(order.thenComparingLong(TaskRow::id));
        boolean cpu = a.cpu() != null;
        Map<Long, Analysis.CpuTask> cpuRows = cpuRows(a);
        out.printf(Locale.ROOT, "%8s %-28s %-2s %9s %9s %9s %9s %9s %9s %9s %6s " + (cpu ? "%9s " : "%s") + " %s%n", "ID", "NAME", "VT",
                "LIFETIME", "RUNNING", "RUNNABLE", "SUSPENDED", "PINNED", "BLOCKED", "UNKNOWN", "WAITS", cpu ? "CPU" : "", "TOP REASON");
        int shown = 0;
        for (TaskRow t : rows) {
            if (limit > 0 && shown == limit) {
                out.printf(Locale.ROOT, "... %d more (use --limit 0 for all)%n", rows.size() - shown);
                break;
            }
            String top = t.reasons().entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(e -> Printable.of(e.getKey()) + " " + Durations.format(e.getValue())).orElse("-");
            out.printf(Locale.ROOT, "%8d %-28s %-2s %9s %9s %9s %9s %9s %9s %9s %6d " + (cpu ? "%9s " : "%s") + " %s%n", t.id(),
                    clip(label(t), 28),
                    t.carrier() ? "c" : t.service() ? "s" : t.virtual() ? "v" : "p", d(lifetime(a, t)), d(t.states().get("RUNNING")), d(t.states().get("RUNNABLE")),
                    d(t.states().get("SUSPENDED")), d(t.states().get("BLOCKED_PINNED")), d(t.states().get("BLOCKED")),
                    d(t.states().get("UNKNOWN")), t.suspensions(), cpu ? cpuCell(cpuRows.get(t.id())) : "", top);
            shown++;
        }
        if (!a.taskGroups().isEmpty()) {
            out.printf(Locale.ROOT, "summed into groups (ended virtual threads without a row of their own, by name; --max-tasks 0"
                    + " gives each a row):%n");
            out.printf(Locale.ROOT, "%8s %-28s %-2s %9s %9s %9s %9s %9s %9s %9s %6s %s%n", "TASKS", "NAME", "VT",
                    "LIFETIME", "RUNNING", "RUNNABLE", "SUSPENDED", "PINNED", "BLOCKED", "UNKNOWN", "WAITS", "TOP REASON");
            for (Analysis.TaskGroup g : a.taskGroups()) {
                String top = g.reasons().entrySet().stream().max(Map.Entry.comparingByValue())
                        .map(e -> Printable.of(e.getKey()) + " " + Durations.format(e.getValue())).orElse("-");
                out.printf(Locale.ROOT, "%8d %-28s %-2s %9s %9s %9s %9s %9s %9s %9s %6d %s%n", g.tasks(), clip(groupLabel(g), 28),
                        g.service() ? "s" : g.virtual() ? "v" : "p", d(g.lifetime()), d(g.states().get("RUNNING")),
                        d(g.states().get("RUNNABLE")), d(g.states().get("SUSPENDED")), d(g.states().get("BLOCKED_PINNED")),
                        d(g.states().get("BLOCKED")), d(g.states().get("UNKNOWN")), g.suspensions(), top);
            }
        }
        out.flush();
    }

    /** A group's name for people: its pattern, "(unnamed)", or what groups past the bound fall into. */
    static String groupLabel(Analysis.TaskGroup g) {
        return g.name() == null ? "(other names)" : g.name().isEmpty() ? TaskNames.label(null) : Printable.of(g.name());
    }

    /** The CPU profile's rows by task id (empty without one). */
    static Map<Long, Analysis.CpuTask> cpuRows(Analysis a) {
        Map<Long, Analysis.CpuTask> rows = new java.util.HashMap<>();
        if (a.cpu() != null) {
            a.cpu().tasks().forEach(r -> rows.put(r.task(), r));
        }
        return rows;
    }

    private static long cpuSamples(Analysis a, long id) {
        Analysis.CpuTask r = cpuRows(a).get(id);
        return r == null ? 0 : r.samples();
    }

    /** CPU time when the interval is known, else the samples ("12 smp"); "-" for none. */
    private static String cpuCell(Analysis.CpuTask r) {
        if (r == null || r.samples() == 0) {
            return "-";
        }
        return r.nanos() != null ? Durations.format(r.nanos()) : r.samples() + " smp";
    }

    /**
     * The task rows as {@code tasks --json} writes them: each row's fields, then {@code cpuSamples}
     * and {@code cpuNanos} (null when the recording has no CPU samples, or the interval is unknown),
     * {@code wallSamples} and {@code wallNanos} likewise for async-profiler's wall samples,
     * {@code lockEntries} and {@code lockNanos} for its lock samples of carriers;
     * then each of the analysis' task groups, its fields and {@code "group": true} (no {@code id}).
     */
    public static List<Map<String, Object>> jsonRows(Analysis a) {
        Map<Long, Analysis.CpuTask> cpuRows = cpuRows(a);
        Map<Long, Analysis.CpuTask> wallRows = new java.util.HashMap<>();
        if (a.wall() != null) {
            a.wall().tasks().forEach(r -> wallRows.put(r.task(), r));
        }
        Map<Long, Analysis.CpuTask> lockRows = new java.util.HashMap<>();
        if (a.lock() != null) {
            a.lock().tasks().forEach(r -> lockRows.put(r.task(), r));
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = AnalysisJson.mapper();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TaskRow t : a.tasks()) {
            Map<String, Object> row = mapper.convertValue(t, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {});
            Analysis.CpuTask c = cpuRows.get(t.id());
            row.put("cpuSamples", a.cpu() == null ? null : c == null ? 0L : c.samples());
            row.put("cpuNanos", a.cpu() == null || a.cpu().intervalNanos() == null ? null : c == null ? 0L : c.nanos());
            Analysis.CpuTask w = wallRows.get(t.id());
            row.put("wallSamples", a.wall() == null ? null : w == null ? 0L : w.samples());
            row.put("wallNanos", a.wall() == null || a.wall().intervalNanos() == null ? null : w == null ? 0L : w.nanos());
            Analysis.CpuTask l = lockRows.get(t.id());
            row.put("lockEntries", a.lock() == null ? null : l == null ? 0L : l.samples());
            row.put("lockNanos", a.lock() == null ? null : l == null ? 0L : l.nanos());
            rows.add(row);
        }
        for (Analysis.TaskGroup g : a.taskGroups()) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("group", true);
            row.putAll(mapper.convertValue(g, new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {}));
            rows.add(row);
        }
        return rows;
    }

    /** 0 for the user's tasks (virtual or platform), 1 for carriers, 2 for JVM service threads. */
    private static int kindRank(TaskRow t) {
        return t.carrier() ? 1 : t.service() ? 2 : 0;
    }

    private static Comparator<TaskRow> byState(String state) {
        return Comparator.comparingLong((TaskRow t) -> t.states().getOrDefault(state, 0L)).reversed();
    }

    private static long waiting(TaskRow t) {
        return t.states().get("SUSPENDED") + t.states().get("BLOCKED_PINNED") + t.states().get("BLOCKED");
    }

    private static String label(TaskRow t) {
        String name = TaskNames.label(t.name());
        return t.runtimeName() == null ? name
                : name + " [" + Printable.of(t.runtimeName()) + (t.group() == null ? "" : "/" + Printable.of(t.group())) + "]";
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String d(Long nanos) {
        return nanos == null || nanos == 0 ? "-" : Durations.format(nanos);
    }

    /** Writes task {@code id}'s summary and its whole timeline; false when there is no such task. */
    public static boolean writeTask(Analysis a, long id, PrintWriter out) {
        TaskRow t = a.tasks().stream().filter(r -> r.id() == id).findFirst().orElse(null);
        if (t == null) {
            return false;
        }
        out.printf(Locale.ROOT, "task %d %s (%s)%s%s%n", t.id(), label(t),
                t.carrier() ? "carrier" : t.service() ? (t.virtual() ? "virtual, " : "") + "JVM service thread"
                        : t.virtual() ? "virtual" : "platform",
                t.parent() == null ? "" : ", started by " + t.parent(),
                t.end() == null ? ", alive at the end" : "");
        out.printf(Locale.ROOT, "lifetime %s, from %s to %s, %d waits%n", Durations.format(lifetime(a, t)),
                Durations.offset(t.start()), t.end() == null ? "the end" : Durations.offset(t.end()), t.suspensions());
        out.println("time by state:");
        t.states().forEach((s, v) -> {
            if (v > 0) {
                out.printf(Locale.ROOT, "  %-15s %s%n", s, Durations.format(v));
            }
        });
        if (!t.reasons().isEmpty()) {
            // a heading of its own: under the last state line the reasons read as that state's
            out.println("waiting by reason (SUSPENDED, BLOCKED_PINNED and BLOCKED together):");
            t.reasons().forEach((r, v) -> out.printf(Locale.ROOT, "  %-15s %s%n", Printable.of(r), Durations.format(v)));
        }
        if (!t.longest().isEmpty()) {
            out.println("longest waits:");
            for (Analysis.WaitRow w : t.longest()) {
                out.printf(Locale.ROOT, "  %-14s %9s %-15s%s%s%n", Durations.offset(w.start()), Durations.format(w.duration()),
                        Printable.of(w.reason()), BlockerText.of(w.reason(), w.blocker()),
                        w.waker() == null ? "" : " woken by " + w.waker());
                if (w.stack() >= 0) {
                    a.stacks().get(w.stack()).stream().limit(8).forEach(f -> out.println("        at " + Printable.of(f)));
                }
            }
        }
        Analysis.CpuTask cpu = cpuRows(a).get(id);
        if (cpu != null && cpu.samples() > 0) {
            out.printf(Locale.ROOT, "on CPU: %,d samples%s%s; its hottest stacks:%n", cpu.samples(),
                    cpu.nanos() == null ? "" : ", " + Durations.format(cpu.nanos()),
                    cpu.carrierOwn() > 0 ? " (" + cpu.carrierOwn() + " of them its own as a carrier, outside its virtual threads)" : "");
            for (Analysis.CpuStack st : cpu.stacks().stream().limit(5).toList()) {
                out.printf(Locale.ROOT, "  %,d samples%n", st.samples());
                if (st.stack() >= 0) {
                    a.stacks().get(st.stack()).stream().limit(8).forEach(f -> out.println("        at " + Printable.of(f)));
                }
            }
        }
        Analysis.CpuTask wall = a.wall() == null ? null : a.wall().tasks().stream().filter(r -> r.task() == id).findFirst().orElse(null);
        if (wall != null && wall.samples() > 0) {
            out.printf(Locale.ROOT, "wall samples: %,d%s%s, %s; its hottest stacks:%n", wall.samples(),
                    wall.nanos() == null ? "" : ", " + Durations.format(wall.nanos()),
                    wall.carrierOwn() > 0 ? " (" + wall.carrierOwn() + " of them its own as a carrier, outside its virtual threads)" : "",
                    t.virtual() ? "only while mounted (unmounted, its time is its waits above)" : "running or not");
            for (Analysis.CpuStack st : wall.stacks().stream().limit(5).toList()) {
                out.printf(Locale.ROOT, "  %,d samples%n", st.samples());
                if (st.stack() >= 0) {
                    a.stacks().get(st.stack()).stream().limit(8).forEach(f -> out.println("        at " + Printable.of(f)));
                }
            }
        }
        Analysis.CpuTask lock = a.lock() == null ? null : a.lock().tasks().stream().filter(r -> r.task() == id).findFirst().orElse(null);
        if (lock != null && lock.samples() > 0) {
            out.printf(Locale.ROOT, "contended monitor entries (async-profiler's lock samples of its carriers): %,d, %s; its hottest stacks:%n",
                    lock.samples(), Durations.format(lock.nanos()));
            for (Analysis.CpuStack st : lock.stacks().stream().limit(5).toList()) {
                out.printf(Locale.ROOT, "  %,d entries%n", st.samples());
                if (st.stack() >= 0) {
                    a.stacks().get(st.stack()).stream().limit(8).forEach(f -> out.println("        at " + Printable.of(f)));
                }
            }
        }
        if (!t.samples().isEmpty()) {
            out.println("samples (instants, counted, not time):");
            t.samples().forEach((k, v) -> out.printf(Locale.ROOT, "  %-40s %,d%n", k, v));
        }
        List<Analysis.RegionRow> regions = a.regions().stream().filter(r -> r.task() == id).toList();
        if (!regions.isEmpty()) {
            out.println("regions (start, duration, name):");
            regions.forEach(r -> out.printf(Locale.ROOT, "  %-14s %9s %s%n", Durations.offset(r.start()),
                    Durations.format(r.end() - r.start()), Printable.of(r.name())));
        }
        List<Analysis.LogRow> logs = a.logs().stream().filter(l -> l.task() == id).toList();
        if (!logs.isEmpty()) {
            out.println("logs (time, category: message):");
            logs.forEach(l -> out.printf(Locale.ROOT, "  %-14s %s%s%n", Durations.offset(l.t()),
                    l.category() == null || l.category().isEmpty() ? "" : Printable.of(l.category()) + ": ", Printable.of(l.message())));
        }
        out.println("timeline (start, duration, state):");
        Analysis.Timeline tl = a.timeline();
        Map<Long, String> carrierNames = new java.util.HashMap<>();
        a.carriers().forEach(c -> carrierNames.put(c.id(), c.name()));
        for (int i = 0; i < tl.size(); i++) {
            if (tl.task()[i] != id) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-14s %9s %s",
                    Durations.offset(tl.start()[i]), Durations.format(tl.end()[i] - tl.start()[i]), tl.states().get(tl.state()[i])));
            if (tl.reason()[i] >= 0) {
                line.append(' ').append(Printable.of(tl.reasons().get(tl.reason()[i])));
            }
            if (tl.carrier()[i] >= 0 && t.carrier()) {
                line.append(" carrying #").append(tl.carrier()[i]);
            } else if (tl.carrier()[i] >= 0) {
                line.append(" on ").append(TaskNames.label(carrierNames.getOrDefault(tl.carrier()[i], "carrier"))).append(" #").append(tl.carrier()[i]);
            }
            if (tl.blocker()[i] >= 0 && tl.state()[i] != 1) {
                line.append(BlockerText.of(tl.reason()[i] < 0 ? null : tl.reasons().get(tl.reason()[i]),
                        tl.blockers().get(tl.blocker()[i])));
            }
            if (tl.waker()[i] >= 0) {
                line.append(" woken by #").append(tl.waker()[i]);
            }
            if (tl.stack()[i] >= 0 && tl.state()[i] != 1) {
                line.append(" at ").append(SummaryText.topFrame(a, tl.stack()[i]));
            }
            out.println(line);
        }
        if (tl.truncated()) {
            out.println("  (the timeline was truncated at its interval budget; later intervals are not listed)");
        }
        out.flush();
        return true;
    }
}
