package dev.blockscope.analyzer.report;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One screen of {@code blockscope top}: from the analysis of one interval of a running JVM, the
 * application's tasks by their state at the interval's end, the waits of the interval by reason and
 * call site, its pinning, scheduler latency and carrier use.
 */
public final class TopText {
    private TopText() {}

    /** The states a task can be in at the interval's end, in the order shown. */
    private static final List<String> STATES = List.of("RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED", "BLOCKED_PINNED", "UNKNOWN");

    /** Writes the screen for interval analysis {@code a} of process {@code pid}; {@code rows} waits at most. */
    public static void write(Analysis a, String pid, int rows, PrintWriter out) {
        List<Analysis.TaskRow> app = a.tasks().stream().filter(t -> !t.service() && !t.carrier()).toList();
        // ended virtual threads past the analysis' rows are summed into groups: seen and ended all the same
        long grouped = a.taskGroups().stream().filter(g -> !g.service()).mapToLong(Analysis.TaskGroup::tasks).sum();
        long virtual = app.stream().filter(Analysis.TaskRow::virtual).count()
                + a.taskGroups().stream().filter(g -> !g.service() && g.virtual()).mapToLong(Analysis.TaskGroup::tasks).sum();
        out.printf(Locale.ROOT, "blockscope top: pid %s, interval %s, %d tasks seen (%d virtual)%n", pid,
                Durations.format(a.window().durationNanos()), app.size() + grouped, virtual);
        Map<String, Integer> now = new LinkedHashMap<>();
        STATES.forEach(s -> now.put(s, 0));
        Map<Long, Integer> last = lastIntervals(a.timeline());
        for (Analysis.TaskRow t : app) {
            if (t.end() != null) {
                continue; // ended in the interval
            }
            Integer i = last.get(t.id());
            String state = i == null ? "UNKNOWN" : a.timeline().states().get(a.timeline().state()[i]);
            now.merge(state, 1, Integer::sum);
        }
        StringBuilder states = new StringBuilder("tasks now:");
        now.forEach((s, n) -> states.append(' ').append(s).append(' ').append(n));
        long ended = app.stream().filter(t -> t.end() != null).count() + grouped;
        out.println(states + (ended > 0 ? "; ended in the interval " + ended : ""));

        out.println("top waits of the interval, by reason and site:");
        WorstWaits byWait = WorstWaits.of(a, WorstWaits.By.SITE);
        List<WorstWaits.Row> waits = byWait.rows();
        if (byWait.byReason().isEmpty()) {
            out.println("  (none)");
        }
        for (WorstWaits.Row r : waits.stream().limit(rows).toList()) {
            out.printf(Locale.ROOT, "  %-16s %10s %,8d waits  max %-9s %s%n", Printable.of(r.reason()), Durations.format(r.total()),
                    r.count(), Durations.format(r.max()), Printable.of(r.label()));
        }
        // every wait of the interval by reason: the rows above need a stack or a blocker class, and
        // the agent's stack budget goes to the longest waits, so short ones may have neither
        if (!byWait.byReason().isEmpty()) {
            out.println("  by reason: " + Printable.of(WorstWaits.line(byWait.byReason(), 6)));
        }
        long pins = a.pinning().stream().mapToLong(Analysis.PinSite::count).sum();
        if (pins == 0) {
            out.println("pinning: none");
        } else {
            Analysis.PinSite worst = a.pinning().getFirst();
            String site = worst.stack() >= 0 ? StackFrames.firstApplication(a.stacks().get(worst.stack())) : null;
            site = site == null ? "(no stack)" : site;
            out.printf(Locale.ROOT, "pinning: %,d waits at %d site(s), %s held; worst: %s %s, pin reason %s, at %s%n", pins,
                    a.pinning().size(), Durations.format(a.pinning().stream().mapToLong(Analysis.PinSite::total).sum()),
                    Printable.of(worst.reason()), Durations.format(worst.total()), Printable.of(worst.pinReason()), Printable.of(site));
        }
        Analysis.SchedLatency l = a.schedLatency();
        out.println(l.count() == 0 ? "scheduler latency: no wake-up in the interval"
                : String.format(Locale.ROOT, "scheduler latency: p50 %s, p99 %s, max %s (%,d wake-ups)", Durations.format(l.p50()),
                        Durations.format(l.p99()), Durations.format(l.max()), l.count()));
        StringBuilder carriers = new StringBuilder("carriers:");
        if (a.carriers().isEmpty()) {
            carriers.append(" none ran a virtual thread");
        }
        for (Analysis.CarrierRow c : a.carriers()) {
            carriers.append(String.format(Locale.ROOT, " %s %.0f%%", Printable.of(c.name()), 100 * c.utilization()));
        }
        out.println(carriers);
        out.flush();
    }

    /** The index of each task's last interval (the latest end) in the timeline. */
    private static Map<Long, Integer> lastIntervals(Analysis.Timeline tl) {
        Map<Long, Integer> last = new HashMap<>();
        for (int i = 0; i < tl.size(); i++) {
            Integer j = last.get(tl.task()[i]);
            if (j == null || tl.end()[i] >= tl.end()[j]) {
                last.put(tl.task()[i], i);
            }
        }
        return last;
    }
}
