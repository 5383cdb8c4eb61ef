package dev.blockscope.analyzer.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The profiles Go's trace tool offers, from an analysis: the blocking profile split by the reason
 * table's family profiles ({@code sync}: locks, monitors and hand-offs; {@code net}; {@code file}:
 * files and child processes, Go's syscall profile), and {@code sched}, the scheduler-latency
 * profile (the RUNNABLE time by the stack of the wait the task was woken from). The family of a
 * reason is the analysis's own table ({@code reasonFamilies}), the one the web UI reads too.
 */
public final class Profiles {
    /** The scheduler-latency profile's name. */
    public static final String SCHED = "sched";

    private Profiles() {}

    /** Every profile name: the family profiles, then {@value #SCHED}. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(dev.blockscope.analyzer.model.ReasonFamily.profiles());
        names.add(SCHED);
        return names;
    }

    /** The rows of profile {@code name} (null: the whole blocking profile), largest first. */
    public static List<Analysis.StackRow> rows(Analysis a, String name) {
        if (name == null) {
            return a.blocking().byStack();
        }
        if (name.equals(SCHED)) {
            return a.schedLatency().byStack() == null ? List.of() : a.schedLatency().byStack();
        }
        Map<String, String> familyOf = a.reasonFamilies().reasons();
        List<String> families = a.reasonFamilies().families().stream().filter(f -> name.equals(f.profile()))
                .map(Analysis.Family::id).toList();
        return a.blocking().byStack().stream().filter(r -> families.contains(familyOf.getOrDefault(r.reason(), "other"))).toList();
    }
}
