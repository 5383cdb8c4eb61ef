package dev.blockscope.analyzer.report;

import dev.blockscope.analyzer.summary.SchedLatencySummarizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An analysis narrowed to a time window and to the tasks whose name, runtime name or group
 * contains a text ({@code summary} and {@code tasks} with {@code --from/--to/--task-filter}),
 * computed from the timeline's intervals clipped to the window: the tasks' states and reasons
 * (which still add up, to the part of each lifetime inside the window), their longest waits, the
 * blocking profile, scheduler latency (wake-ups ending in the window), pinning, carriers and the
 * virtual-thread switches (waits that unmounted, starting in the window). What a window cannot
 * narrow (the OS's and the agent's counters, the cost per switch) stays the whole recording's, and
 * the limits say so; when the timeline is truncated, the figures are partial and the limits say
 * that too. Times stay relative to the recording's start; the window's {@code durationNanos} is the
 * filter's end, so a task still alive then ({@code end} null) adds up to it.
 */
public final class WindowedAnalysis {
    private WindowedAnalysis() {}

    /**
     * The filter: [from, to] in nanos from the recording start, a text tasks must contain (or
     * null), and the ids of the tasks to keep (or null: any; the JUnit extension keeps a test's).
     */
    public record Filter(long from, long to, String task, java.util.Set<Long> taskIds) {
        /** A filter by window and name only. */
        public Filter(long from, long to, String task) {
            this(from, to, task, null);
        }

        /** Whether a task's names pass. */
        boolean matches(Analysis.TaskRow t) {
            return (taskIds == null || taskIds.contains(t.id()))
                    && (task == null || task.isEmpty() || contains(t.name()) || contains(t.runtimeName()) || contains(t.group()));
        }

        private boolean contains(String s) {
            return s != null && s.contains(task);
        }

        /** In words, for the limits and the summary's first line. */
        public String describe(long duration) {
            String window = from == 0 && to >= duration ? "" : "from " + Durations.offset(from) + " to "
                    + Durations.offset(Math.min(to, duration));
            String tasks = task == null || task.isEmpty() ? "" : "tasks whose name, runtime name or group contains '" + task + "'";
            if (taskIds != null) {
                tasks = (tasks.isEmpty() ? "" : tasks + ", ") + taskIds.size() + " chosen task(s)";
            }
            return window.isEmpty() ? tasks : tasks.isEmpty() ? window : window + ", " + tasks;
        }
    }

    /** {@code a} narrowed to {@code filter}. */
    public static Analysis of(Analysis a, Filter filter) {
        Analysis.Timeline tl = a.timeline();
        long from = Math.max(0, filter.from());
        long to = Math.min(filter.to(), a.window().durationNanos());
        Map<Long, Analysis.TaskRow> byId = new HashMap<>();
        Set<Long> kept = new HashSet<>();
        for (Analysis.TaskRow t : a.tasks()) {
            byId.put(t.id(), t);
            long end = t.end() == null ? a.window().durationNanos() : t.end();
            if (filter.matches(t) && end >= from && t.start() <= to) {
                kept.add(t.id());
            }
        }
        int running = tl.states().indexOf("RUNNING");
        int runnable = tl.states().indexOf("RUNNABLE");
        int suspended = tl.states().indexOf("SUSPENDED");
        int pinned = tl.states().indexOf("BLOCKED_PINNED");
        Map<Long, long[]> states = new LinkedHashMap<>();
        Map<Long, Map<String, Long>> reasons = new HashMap<>();
        Map<Long, List<Analysis.WaitRow>> waits = new HashMap<>();
        Map<Long, Integer> suspensions = new HashMap<>();
        Map<String, long[]> byStack = new LinkedHashMap<>(); // stack|reason -> count, total, max
        Map<String, String> stackBlockers = new java.util.HashMap<>(); // stack|reason -> the blocker all share, else ""
        Map<String, long[]> noStack = new LinkedHashMap<>(); // reason|blocker -> count, total, max
        Map<String, long[]> pins = new LinkedHashMap<>();   // stack|reason -> count, total, max
        Map<String, long[]> schedByStack = new LinkedHashMap<>(); // RUNNABLE: stack|reason -> count, total, max
        Map<String, Set<Long>> pinTasks = new HashMap<>();
        Map<Long, long[]> carriers = new LinkedHashMap<>();  // id -> busy, pinned, blocked, slices
        Map<Long, Set<Long>> carrierTasks = new HashMap<>();
        SchedLatencySummarizer latency = new SchedLatencySummarizer(from, Math.max(1, to - from));
        long switches = 0;
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < tl.size(); i++) {
            long task = tl.task()[i];
            long s = Math.max(tl.start()[i], from);
            long e = Math.min(tl.end()[i], to);
            if (!kept.contains(task) || e < s || (e == s && tl.end()[i] > tl.start()[i])) {
                continue;
            }
            keep.add(i);
            Analysis.TaskRow row = byId.get(task);
            int st = tl.state()[i];
            long d = e - s;
            states.computeIfAbsent(task, k -> new long[tl.states().size()])[st] += d;
            String reason = tl.reason()[i] < 0 ? null : tl.reasons().get(tl.reason()[i]);
            boolean waiting = st == suspended || st == pinned || tl.states().get(st).equals("BLOCKED");
            if (waiting && reason != null) {
                reasons.computeIfAbsent(task, k -> new LinkedHashMap<>()).merge(reason, d, Long::sum);
                if (tl.start()[i] >= from) {
                    suspensions.merge(task, 1, Integer::sum);
                }
                long waker = tl.waker()[i];
                String blocker = tl.blocker()[i] < 0 ? "" : tl.blockers().get(tl.blocker()[i]);
                waits.computeIfAbsent(task, k -> new ArrayList<>()).add(new Analysis.WaitRow(s, d, reason, tl.stack()[i],
                        waker < 0 ? null : waker, false, blocker.isEmpty() ? null : blocker));
                // as the analyzer's blocking profile: carriers' own waits are idling, carrier.idle never a task waiting
                if (!row.carrier() && !reason.equals("carrier.idle")) {
                    String stackKey = tl.stack()[i] + "|" + reason;
                    count(byStack, stackKey, d);
                    stackBlockers.merge(stackKey, blocker, (was, now) -> was.equals(now) ? was : "");
                    if (tl.stack()[i] < 0) {
                        count(noStack, reason + "|" + blocker, d);
                    }
                }
            }
            if (st == suspended && tl.start()[i] >= from) {
                switches++;
            }
            if (st == runnable && tl.end()[i] <= to && tl.end()[i] >= from) {
                latency.add(tl.end()[i], tl.end()[i] - tl.start()[i], -1);
            }
            if (st == runnable && d > 0) {
                count(schedByStack, tl.stack()[i] + "|" + (reason == null ? "other" : reason), d);
            }
            if (st == pinned && !row.carrier() && !row.service()) {
                String key = tl.stack()[i] + "|" + reason;
                count(pins, key, d);
                pinTasks.computeIfAbsent(key, k -> new HashSet<>()).add(task);
            }
            long carrier = tl.carrier()[i];
            if (!row.carrier() && row.virtual() && carrier >= 0 && (st == running || st == pinned)) {
                long[] c = carriers.computeIfAbsent(carrier, k -> new long[4]);
                c[0] += d;
                if (st == pinned) {
                    c[1] += d;
                } else {
                    c[3]++;
                    carrierTasks.computeIfAbsent(carrier, k -> new HashSet<>()).add(task);
                }
            }
        }
        List<Analysis.TaskRow> rows = new ArrayList<>();
        for (Analysis.TaskRow t : a.tasks()) {
            if (!kept.contains(t.id())) {
                continue;
            }
            long[] v = states.getOrDefault(t.id(), new long[tl.states().size()]);
            Map<String, Long> st = new LinkedHashMap<>();
            for (int k = 0; k < v.length; k++) {
                st.put(tl.states().get(k), v[k]);
            }
            List<Analysis.WaitRow> longest = waits.getOrDefault(t.id(), List.of()).stream()
                    .sorted(Comparator.comparingLong(Analysis.WaitRow::duration).reversed()).limit(t.longest().size()).toList();
            long end = t.end() == null ? a.window().durationNanos() : t.end();
            rows.add(new Analysis.TaskRow(t.id(), t.name(), t.virtual(), t.carrier(), t.service(), t.parent(), t.runtimeName(),
                    t.group(), Math.max(t.start(), from), end > to || t.end() == null ? null : t.end(), st,
                    reasons.getOrDefault(t.id(), Map.of()), suspensions.getOrDefault(t.id(), 0), longest, t.samples()));
        }
        Map<String, Long> byReason = new LinkedHashMap<>();
        List<Analysis.StackRow> stackRows = new ArrayList<>();
        byStack.forEach((k, v) -> {
            int bar = k.indexOf('|');
            String reason = k.substring(bar + 1);
            String blocker = stackBlockers.getOrDefault(k, "");
            stackRows.add(new Analysis.StackRow(Integer.parseInt(k.substring(0, bar)), reason, v[0], v[1], v[2],
                    blocker.isEmpty() ? null : blocker));
            byReason.merge(reason, v[1], Long::sum);
        });
        stackRows.sort(Comparator.comparingLong(Analysis.StackRow::total).reversed().thenComparingInt(Analysis.StackRow::stack));
        List<Analysis.NoStackRow> noStackRows = new ArrayList<>();
        noStack.forEach((k, v) -> {
            int bar = k.indexOf('|');
            String blocker = k.substring(bar + 1);
            noStackRows.add(new Analysis.NoStackRow(k.substring(0, bar), blocker.isEmpty() ? null : blocker, v[0], v[1], v[2]));
        });
        noStackRows.sort(Comparator.comparingLong(Analysis.NoStackRow::total).reversed());
        Map<String, Long> sortedByReason = new LinkedHashMap<>();
        byReason.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sortedByReason.put(e.getKey(), e.getValue()));
        Map<String, Analysis.PinSite> sites = new HashMap<>();
        a.pinning().forEach(p -> sites.put(p.stack() + "|" + p.reason(), p));
        List<Analysis.PinSite> pinning = new ArrayList<>();
        pins.forEach((k, v) -> {
            Analysis.PinSite whole = sites.get(k);
            int bar = k.indexOf('|');
            // the pin reason and fix of the site over the whole recording; others' latency is not in a timeline
            pinning.add(new Analysis.PinSite(Integer.parseInt(k.substring(0, bar)), k.substring(bar + 1),
                    whole == null ? "unknown" : whole.pinReason(), v[0], v[1], v[2], pinTasks.get(k).size(), 0,
                    whole == null ? "" : whole.fix()));
        });
        pinning.sort(Comparator.comparingLong(Analysis.PinSite::total).reversed());
        long span = Math.max(1, to - from);
        List<Analysis.CarrierRow> carrierRows = new ArrayList<>();
        for (Analysis.CarrierRow c : a.carriers()) {
            long[] v = carriers.getOrDefault(c.id(), new long[4]);
            long idle = 0;
            for (int i : keep) {
                if (tl.task()[i] == c.id() && tl.carrier()[i] < 0 && tl.reason()[i] >= 0
                        && tl.reasons().get(tl.reason()[i]).equals("carrier.idle")) {
                    idle += Math.min(tl.end()[i], to) - Math.max(tl.start()[i], from);
                }
            }
            carrierRows.add(new Analysis.CarrierRow(c.id(), c.name(), v[0], v[1], 0, v[3],
                    carrierTasks.getOrDefault(c.id(), Set.of()).size(), Math.min(1.0, (double) v[0] / span), idle));
        }
        Analysis.Overhead o = a.overhead();
        double perSecond = switches / (span / 1e9);
        Analysis.Overhead overhead = new Analysis.Overhead(switches, perSecond, o.costNanos(), o.costSource(), o.costBasis(),
                o.costSamples(), o.costMedianNanos(), o.perSecond() > 0 ? o.cpuShare() * perSecond / o.perSecond() : 0, o.os(),
                o.osRate(), o.agent());
        List<String> limits = new ArrayList<>();
        limits.add("filtered to " + filter.describe(a.window().durationNanos()) + ": the figures come from the timeline's "
                + "intervals clipped to it (" + kept.size() + " of " + a.taskCount() + " tasks); scheduler latency has no "
                + "break-down by active carriers, pinning no latency of others, carriers no file I/O time, and the OS's and "
                + "the agent's counters and the cost per switch are the whole recording's");
        if (!a.taskGroups().isEmpty()) {
            limits.add(String.format(Locale.ROOT, "%,d ended virtual thread(s) summed into groups have no row, so they are"
                    + " left out of the filtered figures (--max-tasks 0 keeps a row for every task)",
                    a.taskGroups().stream().mapToLong(Analysis.TaskGroup::tasks).sum()));
        }
        if (tl.truncated()) {
            limits.add(String.format(Locale.ROOT, "the timeline holds the %,d longest intervals of the recording (its interval "
                    + "budget), so the filtered figures are partial: shorter waits, wake-ups and run slices are missing", tl.size()));
        }
        limits.addAll(a.source().limits());
        if (a.cpu() != null || a.wall() != null || a.lock() != null) {
            limits.add("CPU, wall and lock samples are not narrowed to a filter: the filtered analysis has no CPU, wall or lock"
                    + " profile (the whole recording's analysis has them)");
        }
        Analysis.Source src = a.source();
        Analysis.Source source = new Analysis.Source(src.file(), src.kind(), src.jvm(), src.events(), src.eventsByType(),
                src.skipped(), limits, src.fileBytes());
        int n = keep.size();
        long[] task = new long[n];
        long[] start = new long[n];
        long[] end = new long[n];
        int[] state = new int[n];
        int[] reason = new int[n];
        long[] carrier = new long[n];
        int[] stack = new int[n];
        long[] waker = new long[n];
        int[] blocker = new int[n];
        for (int k = 0; k < n; k++) {
            int i = keep.get(k);
            task[k] = tl.task()[i];
            start[k] = Math.max(tl.start()[i], from);
            end[k] = Math.min(tl.end()[i], to);
            state[k] = tl.state()[i];
            reason[k] = tl.reason()[i];
            carrier[k] = tl.carrier()[i];
            stack[k] = tl.stack()[i];
            waker[k] = tl.waker()[i];
            blocker[k] = tl.blocker()[i];
        }
        Analysis.Timeline timeline = new Analysis.Timeline(tl.states(), tl.reasons(), task, start, end, state, reason, carrier, stack,
                waker, tl.blockers(), blocker, tl.truncated());
        Analysis.SchedLatency l = latency.result();
        // the latency windows start at the filter's start: as every other time, relative to the recording's
        List<Analysis.StackRow> schedRows = new ArrayList<>();
        schedByStack.forEach((k, v) -> {
            int bar = k.indexOf('|');
            schedRows.add(new Analysis.StackRow(Integer.parseInt(k.substring(0, bar)), k.substring(bar + 1), v[0], v[1], v[2]));
        });
        schedRows.sort(Comparator.comparingLong(Analysis.StackRow::total).reversed().thenComparingInt(Analysis.StackRow::stack));
        Analysis.SchedLatency shifted = new Analysis.SchedLatency(l.count(), l.p50(), l.p90(), l.p99(), l.max(), l.mean(), l.histogram(),
                l.overTime().stream().map(w -> new Analysis.OverTime(w.t() + from, w.count(), w.p99(), w.max())).toList(), l.byCarriers(),
                schedRows);
        // the window ends where the filter does, so a task alive then (end null) adds up to it
        Analysis.Window window = new Analysis.Window(a.window().startEpochNanos(), to, a.window().recordingStartNanos());
        return new Analysis(a.schema(), source, window, rows, timeline, a.stacks(), carrierRows,
                new Analysis.Blocking(sortedByReason, stackRows, noStackRows), shifted, pinning, overhead,
                a.scheduler().stream().filter(s -> s.t() >= from && s.t() <= to).toList(),
                a.regions().stream().filter(r -> kept.contains(r.task()) && r.end() >= from && r.start() <= to).toList(),
                a.logs().stream().filter(g -> kept.contains(g.task()) && g.t() >= from && g.t() <= to).toList(), a.reasonFamilies());
    }

    private static void count(Map<String, long[]> to, String key, long d) {
        long[] v = to.computeIfAbsent(key, k -> new long[3]);
        v[0]++;
        v[1] += d;
        v[2] = Math.max(v[2], d);
    }
}
