package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.report.Analysis.TaskGroup;
import dev.blockscope.analyzer.report.Analysis.TaskRow;
import dev.blockscope.analyzer.report.Analysis.TaskWait;
import dev.blockscope.analyzer.report.Analysis.WaitRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The rows of ended virtual threads, within a bound: a server that starts a virtual thread per
 * request has millions of them, and a row each (a state map, reasons, waits) ran a 12 GB heap out.
 * The {@code max} that matter most keep their row; the others are summed into groups by name
 * ({@link #groupName}), so every total over rows and groups is what it was with every row.
 *
 * <p>What matters most: a task's score ({@link #score}), its longest wait or its BLOCKED,
 * BLOCKED_PINNED and UNKNOWN time together, whichever is larger; of equal scores the lower id
 * (the earlier task) stays. The rows kept are the same whatever order the tasks ended in.
 */
public final class TaskRows {
    /** Most groups; tasks whose names would make more are summed in one group named null. */
    static final int MAX_GROUPS = 1_000;
    private static final int LONGEST = 5;

    private record Entry(TaskRow row, long score, long order) {}

    /** The entry to give up first: the lowest score, then the highest id. */
    private static final Comparator<Entry> WORST_FIRST = Comparator.comparingLong(Entry::score)
            .thenComparing(Comparator.comparingLong((Entry e) -> e.row().id()).reversed());

    private static final class Group {
        final String name;
        final boolean virtual;
        final boolean service;
        long tasks;
        long lifetime;
        final Map<String, Long> states = new LinkedHashMap<>();
        final Map<String, Long> reasons = new LinkedHashMap<>();
        long suspensions;
        final List<TaskWait> longest = new ArrayList<>(LONGEST + 1);
        final Map<String, Long> samples = new TreeMap<>();

        Group(String name, boolean virtual, boolean service) {
            this.name = name;
            this.virtual = virtual;
            this.service = service;
        }
    }

    private record Key(String name, boolean virtual, boolean service) {}

    private final int max;
    private final PriorityQueue<Entry> kept;
    private final List<Entry> all = new ArrayList<>();
    private final Map<Key, Group> groups = new LinkedHashMap<>();
    private long summed;

    /** Rows for at most {@code max} tasks (0: all). */
    public TaskRows(int max) {
        this.max = max;
        this.kept = new PriorityQueue<>(WORST_FIRST);
    }

    /** What a row is kept by: its longest wait, or its BLOCKED, BLOCKED_PINNED and UNKNOWN time if more. */
    public static long score(TaskRow row) {
        long longest = row.longest().stream().mapToLong(WaitRow::duration).max().orElse(0);
        long trouble = row.states().getOrDefault("BLOCKED", 0L) + row.states().getOrDefault("BLOCKED_PINNED", 0L)
                + row.states().getOrDefault("UNKNOWN", 0L);
        return Math.max(longest, trouble);
    }

    /** The name a group of tasks goes by: every run of digits made one {@code #}; "" when unnamed. */
    public static String groupName(String name) {
        return name == null ? "" : name.replaceAll("[0-9]+", "#");
    }

    /** An ended task's row ({@code end} set); {@code order} places it among the rows (its first sight). */
    public void add(TaskRow row, long order) {
        if (row.end() == null) {
            throw new IllegalArgumentException("task " + row.id() + " has not ended");
        }
        Entry e = new Entry(row, score(row), order);
        if (max == 0) {
            all.add(e);
            return;
        }
        kept.add(e);
        if (kept.size() > max) {
            fold(kept.poll().row());
        }
    }

    private Group groupOf(TaskRow t) {
        Key key = new Key(groupName(t.name()), t.virtual(), t.service());
        Group g = groups.get(key);
        if (g == null) {
            if (groups.size() >= MAX_GROUPS) {
                key = new Key(null, t.virtual(), t.service());
                g = groups.get(key);
            }
            if (g == null) {
                g = new Group(key.name(), key.virtual(), key.service());
                groups.put(key, g);
            }
        }
        return g;
    }

    private void fold(TaskRow t) {
        Group g = groupOf(t);
        g.tasks++;
        summed++;
        g.lifetime += t.end() - t.start();
        t.states().forEach((s, v) -> g.states.merge(s, v, Long::sum));
        t.reasons().forEach((r, v) -> g.reasons.merge(r, v, Long::sum));
        t.samples().forEach((s, v) -> g.samples.merge(s, v, Long::sum));
        g.suspensions += t.suspensions();
        for (WaitRow w : t.longest()) {
            note(g.longest, new TaskWait(t.id(), t.name(), w.start(), w.duration(), w.reason(), w.stack(), w.waker(), w.blocker()));
        }
    }

    private static final Comparator<TaskWait> LONGEST_FIRST = Comparator.comparingLong(TaskWait::duration).reversed();

    private static void note(List<TaskWait> longest, TaskWait w) {
        dev.blockscope.analyzer.model.TopN.keep(longest, w, LONGEST_FIRST, LONGEST);
    }

    /** Tasks summed into groups so far. */
    public long summed() {
        return summed;
    }

    /** The rows kept, each with the order it was added with, in that order. */
    public List<Map.Entry<Long, TaskRow>> rows() {
        List<Entry> entries = new ArrayList<>(max == 0 ? all : kept);
        entries.sort(Comparator.comparingLong(Entry::order));
        return entries.stream().map(e -> Map.entry(e.order(), e.row())).toList();
    }

    /** The groups, largest first (then by name). */
    public List<TaskGroup> groups() {
        List<TaskGroup> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(new TaskGroup(g.name, g.virtual, g.service, g.tasks, g.lifetime,
                new LinkedHashMap<>(g.states), new LinkedHashMap<>(g.reasons), g.suspensions, List.copyOf(g.longest),
                new TreeMap<>(g.samples))));
        out.sort(Comparator.comparingLong(TaskGroup::tasks).reversed()
                .thenComparing(g -> g.name() == null ? "\uffff" : g.name()));
        return out;
    }
}
