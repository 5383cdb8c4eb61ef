package dev.blockscope.analyzer.report;

import dev.blockscope.analyzer.report.Analysis.PinSite;
import dev.blockscope.analyzer.report.Analysis.TaskRow;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The terminal summary: what a person needs in 20 seconds (worst waits, pinning, scheduler latency, overhead, limits). */
public final class SummaryText {
    /**
     * What share of the waiting time carries a stack. An agent takes stacks within a budget (the
     * longest waits first), so the rows above show where the waits with a stack were; the rest
     * is counted by reason and never given a stack of its own.
     */
    private static void stackShare(PrintWriter out, List<Analysis.StackRow> byStack) {
        long total = 0;
        long stacked = 0;
        long waits = 0;
        long stackedWaits = 0;
        for (Analysis.StackRow r : byStack) {
            total += r.total();
            waits += r.count();
            if (r.stack() >= 0) {
                stacked += r.total();
                stackedWaits += r.count();
            }
        }
        if (total > 0 && stacked < total) {
            out.printf(Locale.ROOT, "  stacks: %.0f%% of the waiting time (%,d of %,d waits) has a stack; the rest is counted by"
                    + " reason only%n", 100.0 * stacked / total, stackedWaits, waits);
        }
    }

    private static final String[] STATES = {"RUNNING", "RUNNABLE", "SUSPENDED", "BLOCKED_PINNED", "BLOCKED", "UNKNOWN"};

    private SummaryText() {}

    /** How many worst waits to show and how to group them ({@code summary --top N --by site|frame|reason}). */
    public record Options(int top, WorstWaits.By by) {
        /** Five rows, by call site. */
        public static final Options DEFAULT = new Options(5, WorstWaits.By.SITE);
    }

    /** Writes the summary of {@code a}. */
    public static void write(Analysis a, PrintWriter out) {
        write(a, out, Options.DEFAULT);
    }

    /** Writes the summary of {@code a} with {@code options}. */
    public static void write(Analysis a, PrintWriter out, Options options) {
        Analysis.Source src = a.source();
        out.printf(Locale.ROOT, "%s: %s recording%s, %s, %,d events%n", Printable.of(src.file()), src.kind(),
                src.jvm() == null ? "" : " (JDK " + src.jvm() + ")", Durations.format(a.window().durationNanos()), src.events());
        List<Analysis.TaskGroup> groups = a.taskGroups();
        long virtual = a.tasks().stream().filter(TaskRow::virtual).count()
                + groups.stream().filter(Analysis.TaskGroup::virtual).mapToLong(Analysis.TaskGroup::tasks).sum();
        long carriers = a.tasks().stream().filter(TaskRow::carrier).count();
        List<TaskRow> service = a.tasks().stream().filter(TaskRow::service).toList();
        List<Analysis.TaskGroup> serviceGroups = groups.stream().filter(Analysis.TaskGroup::service).toList();
        // the JDK's own virtual threads (I/O sub-pollers) count as virtual, and as service threads
        long virtualService = service.stream().filter(TaskRow::virtual).count()
                + serviceGroups.stream().filter(Analysis.TaskGroup::virtual).mapToLong(Analysis.TaskGroup::tasks).sum();
        long platformService = service.size() + serviceGroups.stream().mapToLong(Analysis.TaskGroup::tasks).sum() - virtualService;
        long alive = a.tasks().stream().filter(t -> t.end() == null).count();
        String of = carriers > 0 && platformService > 0 ? " of which " + carriers + " carriers and " + platformService + " JVM service threads"
                : carriers > 0 ? " of which " + carriers + " carriers"
                : platformService > 0 ? " of which " + platformService + " JVM service threads" : "";
        String virtualOf = virtualService > 0 ? " of which " + virtualService + " the JDK's own" : "";
        long all = a.taskCount();
        out.printf(Locale.ROOT, "tasks: %d (%d virtual%s, %d platform%s), %d alive at the end%n", all, virtual,
                virtualOf, all - virtual, of, alive);
        if (!groups.isEmpty()) {
            long summed = groups.stream().mapToLong(Analysis.TaskGroup::tasks).sum();
            out.printf(Locale.ROOT, "  %,d ended virtual threads summed into %d group(s) by name, every total below counts them"
                    + " (tasks lists the groups; --max-tasks 0 keeps a row for each)%n", summed, groups.size());
        }
        // Virtual threads are what blockscope is about; the JVM's own threads (JFR, reference
        // handling), whose long UNKNOWN tails would drown the application's out, get their own line.
        stateLine(out, "time by state, virtual threads" + (virtualService > 0 ? " (the JDK's own left out):" : ":"),
                states(a.tasks().stream().filter(t -> t.virtual() && !t.service()).toList(),
                        groups.stream().filter(g -> g.virtual() && !g.service()).toList()));
        String left = carriers > 0 && platformService > 0 ? " (carriers and JVM service threads left out):"
                : carriers > 0 ? " (carriers left out):" : platformService > 0 ? " (JVM service threads left out):" : ":";
        stateLine(out, "time by state, platform threads" + left,
                states(a.tasks().stream().filter(t -> !t.virtual() && !t.carrier() && !t.service()).toList(),
                        groups.stream().filter(g -> !g.virtual() && !g.service()).toList()));
        if (!service.isEmpty() || !serviceGroups.isEmpty()) {
            List<Map<String, Long>> serviceStates = states(service, serviceGroups);
            long unknown = serviceStates.stream().mapToLong(t -> t.getOrDefault("UNKNOWN", 0L)).sum();
            stateLine(out, "time by state, JVM service threads (" + (virtualService + platformService)
                    + ", the JVM's and the recorder's own; " + Durations.format(unknown) + " UNKNOWN):", serviceStates);
        }

        out.println();
        WorstWaits worst = WorstWaits.of(a, options.by());
        out.println("worst waits (by total time" + switch (options.by()) {
            case SITE -> ", per call site):";
            case FRAME -> ", per first application frame):";
            case REASON -> ", per reason):";
        });
        if (worst.rows().isEmpty() && worst.leftOut().isEmpty()) {
            out.println("  none recorded");
        }
        for (WorstWaits.Row r : worst.rows().subList(0, Math.min(options.top(), worst.rows().size()))) {
            // a class-init wait's site is the first use of the class; which class is the news (other
            // blockers are a lock's or a queue's class, which the site already tells)
            String initialized = r.reason().equals("class.init") ? BlockerText.of(r.reason(), r.blocker()) : "";
            out.printf(Locale.ROOT, "  %-15s %9s in %,6d waits (max %s)%s%s%n", Printable.of(r.reason()), Durations.format(r.total()),
                    r.count(), Durations.format(r.max()), r.label() == null ? "" : "  " + Printable.of(r.label()), initialized);
        }
        if (worst.rows().size() > options.top()) {
            long more = worst.rows().subList(options.top(), worst.rows().size()).stream().mapToLong(WorstWaits.Row::total).sum();
            out.printf(Locale.ROOT, "  (and %d more rows, %s in all: --top N shows more)%n", worst.rows().size() - options.top(),
                    Durations.format(more));
        }
        if (!worst.leftOut().isEmpty()) {
            // by reason, so a reason whose waits carry no stack (a virtual thread's monitor entries,
            // or every wait with stacks=off) still shows where the time went
            long jdkOnly = worst.leftOut().stream().mapToLong(WorstWaits.ReasonTotal::total).sum();
            out.printf(Locale.ROOT, "  (and %s in waits with only JDK frames, or no stack and no blocker class, left out here; most: %s)%n",
                    Durations.format(jdkOnly), WorstWaits.line(worst.leftOut(), 3));
        }
        if (!worst.agentHeld().isEmpty()) {
            // the agent's own doing, not the application's: a task held until the recording ran
            out.printf(Locale.ROOT, "  (and %s the agent held tasks up, left out here: %s; startup=background lets the application run"
                    + " while the recording starts)%n", Durations.format(worst.agentHeld().stream().mapToLong(WorstWaits.ReasonTotal::total).sum()),
                    WorstWaits.line(worst.agentHeld(), 3));
        }
        if (!worst.byReason().isEmpty()) {
            out.println("  by reason: " + WorstWaits.line(worst.byReason(), 6)
                    + (worst.byReason().size() > 6 ? " and " + (worst.byReason().size() - 6) + " more" : ""));
        }
        if (!worst.byReason().isEmpty() || a.schedLatency().count() > 0) {
            // Go's profiles: the family profiles of the blocking profile, and the scheduler-latency one
            out.println("  profiles: " + String.join(", ", Profiles.names().stream().map(p -> p + " " + Durations.format(
                    Profiles.rows(a, p).stream().mapToLong(Analysis.StackRow::total).sum())).toList())
                    + " (export --format collapsed --profile NAME)");
        }
        stackShare(out, a.blocking().byStack());
        // A carrier's own waits are it idling in the pool, and a JVM service thread's are the JVM's
        // housekeeping: neither is a task of the application waiting.
        // (a task summed into a group is there with its group's five longest waits)
        java.util.stream.Stream.concat(
                a.tasks().stream().filter(t -> !t.carrier() && !t.service()).flatMap(t -> t.longest().stream()
                        .map(w -> new Longest(t.id(), t.name(), w.duration(), w.reason(), w.stack(), w.open()))),
                a.taskGroups().stream().filter(g -> !g.service()).flatMap(g -> g.longest().stream()
                        .map(w -> new Longest(w.task(), w.taskName(), w.duration(), w.reason(), w.stack(), false))))
                .filter(w -> !WorstWaits.agentCaused(w.reason()))
                .max(Comparator.comparingLong(Longest::duration)).ifPresent(w -> out.printf(Locale.ROOT,
                        "  longest single wait: %s %s by task %d %s%s%n", Durations.format(w.duration()),
                        w.reason(), w.task(), w.name() == null || w.name().isEmpty() ? TaskNames.UNNAMED
                                : "(" + TaskNames.label(w.name()) + ")", w.open()
                                ? ", still waiting when the recording ended" + (w.stack() < 0
                                        ? " (no stack: the agent reports an open wait without one)" : " at " + topFrame(a, w.stack()))
                                : " at " + topFrame(a, w.stack())));

        out.println();
        List<PinSite> pins = a.pinning();
        if (pins.isEmpty()) {
            out.println("pinning: none");
        } else {
            long count = pins.stream().mapToLong(PinSite::count).sum();
            long total = pins.stream().mapToLong(PinSite::total).sum();
            out.printf(Locale.ROOT, "pinning: %d site(s), %,d pinned waits, %s holding carriers%n", pins.size(), count,
                    Durations.format(total));
            PinSite site = pins.getFirst();
            out.printf(Locale.ROOT, "  worst: %s (%s), %,d waits, %s total, max %s, at %s%n", site.reason(),
                    site.pinReason(), site.count(), Durations.format(site.total()), Durations.format(site.max()),
                    topFrame(a, site.stack()));
            out.println("  fix: " + site.fix());
        }

        Analysis.SchedLatency l = a.schedLatency();
        if (l.count() == 0) {
            out.println("scheduler latency: not measured" + (src.kind().equals("blockscope") ? " (no unpark matched a wait)" : " (needs blockscope events)"));
        } else {
            out.printf(Locale.ROOT, "scheduler latency: %,d wakeups, p50 %s, p90 %s, p99 %s, max %s%n", l.count(),
                    Durations.format(l.p50()), Durations.format(l.p90()), Durations.format(l.p99()), Durations.format(l.max()));
        }
        if (!a.carriers().isEmpty()) {
            Analysis.CarrierRow busiest = a.carriers().stream().max(Comparator.comparingDouble(Analysis.CarrierRow::utilization)).get();
            long pinned = a.carriers().stream().mapToLong(Analysis.CarrierRow::pinned).sum();
            long blocked = a.carriers().stream().mapToLong(Analysis.CarrierRow::blocked).sum();
            long idle = a.carriers().stream().mapToLong(Analysis.CarrierRow::idle).sum();
            out.printf(Locale.ROOT, "carriers: %d, busiest %s at %.0f%%; %s pinned, %s blocked in file I/O%s, in all%n",
                    a.carriers().size(), TaskNames.label(busiest.name()), busiest.utilization() * 100, Durations.format(pinned),
                    Durations.format(blocked), idle > 0 ? ", " + Durations.format(idle) + " idle in the pool" : "");
        }
        a.scheduler().stream().filter(s -> s.poolSize() > s.parallelism()).max(Comparator.comparingInt(Analysis.SchedulerRow::poolSize))
                .ifPresent(s -> out.printf(Locale.ROOT, "  the pool grew to %d carriers (parallelism %d) to compensate for blocked carriers%n",
                        s.poolSize(), s.parallelism()));
        Analysis.Overhead o = a.overhead();
        out.printf(Locale.ROOT, "overhead: %,d virtual-thread switches (%.0f/s, about %.2f%% of CPU at %s%s each)%n",
                o.contextSwitches(), o.perSecond(), o.cpuShare() * 100, o.costSource().equals("measured") ? "" : "~",
                Durations.format(o.costNanos()));
        out.println("  cost per switch " + o.costBasis());
        if (o.os().threads() > 0 && o.os().threadsSampledTwice() == 0) {
            out.printf(Locale.ROOT, "  OS context switches of this process' %d threads (from /proc): one sample per thread, no "
                    + "difference over the recording; since the threads started: %,d voluntary, %,d involuntary%n",
                    o.os().threads(), o.os().cumulativeVoluntary(), o.os().cumulativeInvoluntary());
        } else if (o.os().threads() > 0) {
            out.printf(Locale.ROOT, "  OS context switches of this process' threads (from /proc, %d of %d threads sampled "
                    + "twice or more): %,d voluntary, %,d involuntary during the recording%n",
                    o.os().threadsSampledTwice(), o.os().threads(), o.os().voluntary(), o.os().involuntary());
        }
        if (o.osRate() != null) {
            out.printf(Locale.ROOT, "  OS context switches, whole system (jdk.ThreadContextSwitchRate, %d samples): %,.0f/s mean, %,.0f/s max%n",
                    o.osRate().samples(), o.osRate().meanPerSecond(), o.osRate().maxPerSecond());
        }
        if (o.agent().events() > 0) {
            Analysis.Agent ag = o.agent();
            out.printf(Locale.ROOT, "  agent: %,d blockscope events in the recording (%,d suspensions, %,d stacks), ~%s of CPU"
                    + " estimated to record them (~%s per suspension, ~%s per stack; not measured here, and JFR's writing, task"
                    + " starts and the OS's extra wake-ups come on top: docs/overhead.md measures whole services)%n",
                    ag.events(), ag.suspensions(), ag.stacks(), Durations.format(ag.estimatedNanos()),
                    Durations.format(ag.perSuspensionNanos()),
                    Durations.format(dev.blockscope.analyzer.summary.OverheadSummarizer.ESTIMATED_STACK_NANOS));
            // the file's size: the agent's last statistics sample is older than the end of the file
            String size = src.fileBytes() == null ? "" : String.format(Locale.ROOT, "; recording size %,d bytes (the file)", src.fileBytes());
            if (ag.statsSamples() > 0) {
                out.printf(Locale.ROOT, "    start-up %s measured by the agent (with -javaagent, how long premain held up the application; on attach, the application ran meanwhile; once, not per event); "
                        + "%,d probe errors (agent statistics at %s, %d sample(s))%s%n",
                        Durations.format(ag.startupNanos()), ag.errors(), Durations.offset(ag.statsAt()), ag.statsSamples(), size);
            } else {
                out.printf(Locale.ROOT, "    no agent statistics in the recording (the agent writes them once a second): start-up time and probe errors not known%s%n",
                        size);
            }
        }
        if (!src.limits().isEmpty()) {
            out.println();
            out.println("limits of this input:");
            src.limits().forEach(s -> out.println("  - " + Printable.of(s)));
        }
        if (!src.skipped().isEmpty()) {
            out.println();
            out.println("skipped (damaged input):");
            src.skipped().forEach(s -> out.println("  - " + Printable.of(s.what())));
        }
        out.flush();
    }

    /** A wait in the search for the longest one, from a task's row or a group's. */
    private record Longest(long task, String name, long duration, String reason, int stack, boolean open) {}

    /** The time by state of each row and each group. */
    private static List<Map<String, Long>> states(List<TaskRow> rows, List<Analysis.TaskGroup> groups) {
        List<Map<String, Long>> states = new java.util.ArrayList<>();
        rows.forEach(t -> states.add(t.states()));
        groups.forEach(g -> states.add(g.states()));
        return states;
    }

    private static void stateLine(PrintWriter out, String title, List<Map<String, Long>> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        long[] totals = new long[STATES.length];
        long sum = 0;
        for (Map<String, Long> t : tasks) {
            for (int i = 0; i < STATES.length; i++) {
                long v = t.getOrDefault(STATES[i], 0L);
                totals[i] += v;
                sum += v;
            }
        }
        StringBuilder line = new StringBuilder(title);
        for (int i = 0; i < STATES.length; i++) {
            if (totals[i] > 0) {
                line.append(String.format(Locale.ROOT, " %s %s (%.1f%%)", STATES[i], Durations.format(totals[i]),
                        100.0 * totals[i] / Math.max(1, sum)));
            }
        }
        out.println(line);
    }

    /** The stack's first application frame that is not generated, else its top frame; "(no stack)" without one. */
    static String topFrame(Analysis a, int id) {
        if (id < 0 || id >= a.stacks().size() || a.stacks().get(id).isEmpty()) {
            return "(no stack)";
        }
        String app = StackFrames.firstApplication(a.stacks().get(id));
        return Printable.of(app != null ? app : a.stacks().get(id).getFirst());
    }
}
