package dev.blockscope.analyzer.report;

import dev.blockscope.analyzer.model.ReasonFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits {@code blockscope check} and the JUnit extension hold an analysis to: pinned waits
 * (a count or a total time), the scheduler latency's p99, the waiting time for a reason, a reason
 * prefix or a family, and UNKNOWN time. Every gate counts the application's tasks (JVM service
 * threads and carriers left out). A gate the recording cannot evaluate fails unless
 * {@code skipUnmeasured}: scheduler latency without a measured wake-up, and pinned or blocked time
 * within its limit on a recording that shows only the waits over the JDK's threshold (a lower
 * bound: over the limit it fails all the same).
 */
public final class Gates {
    private Gates() {}

    /**
     * The limits; a null or negative one is not checked. {@code maxBlocked}: reason, prefix or
     * family to its most waiting time, in nanos.
     */
    public record Limits(Long maxPinnedCount, Long maxPinnedNanos, long maxLatencyP99Nanos, Map<String, Long> maxBlocked,
                         long maxUnknownNanos, boolean skipUnmeasured) {
        /** Whether any limit is set. */
        public boolean any() {
            return maxPinnedCount != null || maxPinnedNanos != null || maxLatencyP99Nanos >= 0 || !maxBlocked.isEmpty()
                    || maxUnknownNanos >= 0;
        }

        /**
         * The limits as {@code check}'s options spell them ({@code --max-pinned} a count or a
         * duration, {@code --max-blocked} as {@code REASON:DURATION}); null for an option not
         * given. An {@link IllegalArgumentException} says which one is malformed.
         */
        public static Limits parse(String maxPinned, String maxLatencyP99, List<String> maxBlocked, String maxUnknown,
                                   boolean skipUnmeasured) {
            Long pinnedCount = null;
            Long pinnedTime = null;
            if (maxPinned != null) {
                if (maxPinned.trim().matches("\\d+")) {
                    pinnedCount = Long.parseLong(maxPinned.trim());
                } else {
                    pinnedTime = Durations.parse(maxPinned);
                }
            }
            long p99 = maxLatencyP99 == null ? -1 : Durations.parse(maxLatencyP99);
            long unknown = maxUnknown == null ? -1 : Durations.parse(maxUnknown);
            Map<String, Long> blocked = new LinkedHashMap<>();
            for (String spec : maxBlocked) {
                int colon = spec.lastIndexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--max-blocked '" + spec + "' is not REASON:DURATION (e.g. park.lock:50ms)");
                }
                blocked.put(spec.substring(0, colon), Durations.parse(spec.substring(colon + 1)));
            }
            return new Limits(pinnedCount, pinnedTime, p99, blocked, unknown, skipUnmeasured);
        }
    }

    /** One limit and what the recording showed; {@code measured} false when the recording could not tell. */
    public record Result(String check, String limit, String actual, boolean passed, boolean measured) {}

    /** How much of a quantity the recording shows. */
    private enum Seen { ALL, LOWER_BOUND, NOTHING }

    /**
     * Null when every reason the limits name is a reason, a reason prefix or a family; else the
     * message saying which is not and what there is.
     */
    public static String unknownReason(Analysis a, Limits limits) {
        for (String reason : limits.maxBlocked().keySet()) {
            if (!knownReason(a, reason)) {
                return "--max-blocked: '" + reason + "' is neither a reason, a reason prefix nor a reason family (families: "
                        + String.join(", ", Arrays.stream(ReasonFamily.values()).map(ReasonFamily::id).toList())
                        + "; reasons: " + String.join(", ", ReasonFamily.knownReasons()) + ")";
            }
        }
        return null;
    }

    /** Each limit set in {@code limits}, held against {@code a}. */
    public static List<Result> evaluate(Analysis a, Limits limits) {
        // the application's tasks: a JVM service thread's waits are the JDK's own, a carrier's its idling
        // (tasks summed into groups are the application's too: the gates hold every task, not only those with a row)
        List<Analysis.TaskRow> app = a.tasks().stream().filter(t -> !t.service() && !t.carrier()).toList();
        List<Analysis.TaskGroup> appGroups = a.taskGroups().stream().filter(g -> !g.service()).toList();
        // without the agent only the JDK's thresholded wait events are there: what shows is a lower bound
        Seen waits = a.source().kind().equals("blockscope") ? Seen.ALL : Seen.LOWER_BOUND;
        boolean skip = limits.skipUnmeasured();
        List<Result> results = new ArrayList<>();
        long pins = a.pinning().stream().mapToLong(Analysis.PinSite::count).sum();
        long pinned = a.pinning().stream().mapToLong(Analysis.PinSite::total).sum();
        if (limits.maxPinnedCount() != null) {
            results.add(gate("pinned waits", String.valueOf(limits.maxPinnedCount()), String.valueOf(pins),
                    pins <= limits.maxPinnedCount(), waits, skip));
        }
        if (limits.maxPinnedNanos() != null) {
            results.add(gate("pinned time", Durations.format(limits.maxPinnedNanos()), Durations.format(pinned),
                    pinned <= limits.maxPinnedNanos(), waits, skip));
        }
        if (limits.maxLatencyP99Nanos() >= 0) {
            long p99 = a.schedLatency().p99();
            boolean none = a.schedLatency().count() == 0;
            results.add(gate("scheduler latency p99", Durations.format(limits.maxLatencyP99Nanos()),
                    none ? "no wake-up measured in this recording" : Durations.format(p99), p99 <= limits.maxLatencyP99Nanos(),
                    none ? Seen.NOTHING : Seen.ALL, skip));
        }
        for (Map.Entry<String, Long> limit : limits.maxBlocked().entrySet()) {
            String reason = limit.getKey();
            long total = java.util.stream.Stream.concat(app.stream().map(Analysis.TaskRow::reasons),
                            appGroups.stream().map(Analysis.TaskGroup::reasons)).flatMap(r -> r.entrySet().stream())
                    .filter(e -> matches(reason, e.getKey())).mapToLong(Map.Entry::getValue).sum();
            results.add(gate("blocked " + reason, Durations.format(limit.getValue()), Durations.format(total),
                    total <= limit.getValue(), waits, skip));
        }
        if (limits.maxUnknownNanos() >= 0) {
            long unknown = app.stream().mapToLong(t -> t.states().getOrDefault("UNKNOWN", 0L)).sum()
                    + appGroups.stream().mapToLong(g -> g.states().getOrDefault("UNKNOWN", 0L)).sum();
            results.add(gate("unknown time", Durations.format(limits.maxUnknownNanos()), Durations.format(unknown),
                    unknown <= limits.maxUnknownNanos(), Seen.ALL, skip));
        }
        return results;
    }

    /** A gate's result: a lower bound over its limit fails; one within it, or nothing seen, cannot say. */
    private static Result gate(String check, String limit, String actual, boolean within, Seen seen, boolean skipUnmeasured) {
        return switch (seen) {
            case ALL -> new Result(check, limit, actual, within, true);
            case LOWER_BOUND -> within
                    ? new Result(check, limit, "at least " + actual + " (only waits over the JDK's threshold are recorded without"
                        + " the blockscope agent)", skipUnmeasured, false)
                    : new Result(check, limit, "at least " + actual, false, true);
            case NOTHING -> new Result(check, limit, actual, skipUnmeasured, false);
        };
    }

    /** Whether a --max-blocked REASON names this reason: the reason itself, a prefix of it, or its family. */
    public static boolean matches(String spec, String reason) {
        return reason.equals(spec) || reason.startsWith(spec + ".") || ReasonFamily.of(reason).id().equals(spec);
    }

    private static boolean knownReason(Analysis a, String spec) {
        if (ReasonFamily.byId(spec) != null) {
            return true;
        }
        java.util.Set<String> reasons = new java.util.HashSet<>(ReasonFamily.knownReasons());
        reasons.addAll(a.reasonFamilies().reasons().keySet());
        return reasons.stream().anyMatch(r -> r.equals(spec) || r.startsWith(spec + "."));
    }
}
