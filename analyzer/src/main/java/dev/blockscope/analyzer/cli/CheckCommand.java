package dev.blockscope.analyzer.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.model.ReasonFamily;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code blockscope check FILE --max-...}: exit 1 when a limit is exceeded, for CI. Every gate
 * counts the application's tasks (JVM service threads and carriers left out). A gate the
 * recording cannot evaluate fails, unless {@code --skip-unmeasured}: scheduler latency without a
 * measured wake-up, and pinned or blocked time within its limit on a recording that shows only
 * the waits over the JDK's threshold (a lower bound: over the limit it fails all the same).
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Fail (exit 1) when pinning, scheduler latency or blocked time exceed limits.")
final class CheckCommand implements Callable<Integer> {
    /** One limit and what the recording showed; {@code measured} false when the recording could not tell. */
    record Result(String check, String limit, String actual, boolean passed, boolean measured) {}

    /** How much of a quantity the recording shows. */
    private enum Seen { ALL, LOWER_BOUND, NOTHING }

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--max-pinned", paramLabel = "N|DURATION",
            description = "A number: most pinned waits allowed; a duration (e.g. 10ms): most total pinned time") String maxPinned;
    @Option(names = "--max-sched-latency-p99", paramLabel = "DURATION", description = "Highest p99 scheduler latency allowed") String maxLatencyP99;
    @Option(names = "--max-blocked", paramLabel = "REASON:DURATION",
            description = "Most waiting time for a reason, a reason prefix (park: matches park.lock, park.queue, ...) or a reason family"
                    + " (sleep, lock, handoff, net, file, process, other); repeatable")
    List<String> maxBlocked = new ArrayList<>();
    @Option(names = "--max-unknown", paramLabel = "DURATION", description = "Most UNKNOWN time summed over tasks (JVM service threads left out)") String maxUnknown;
    @Option(names = "--skip-unmeasured", description = "Pass the gates this recording cannot evaluate (they say 'skipped') instead of failing them")
    boolean skipUnmeasured;
    @Option(names = "--json", description = "Print {passed, checks} as JSON") boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxPinned == null && maxLatencyP99 == null && maxBlocked.isEmpty() && maxUnknown == null) {
            throw new ParameterException(spec.commandLine(), "give at least one limit (--max-pinned, --max-sched-latency-p99, --max-blocked, --max-unknown)");
        }
        Long pinnedCount = null;
        Long pinnedTime = null;
        long p99Limit = -1;
        long unknownLimit = -1;
        Map<String, Long> blockedLimits = new LinkedHashMap<>();
        try {
            if (maxPinned != null) {
                if (maxPinned.trim().matches("\\d+")) {
                    pinnedCount = Long.parseLong(maxPinned.trim());
                } else {
                    pinnedTime = Durations.parse(maxPinned);
                }
            }
            if (maxLatencyP99 != null) {
                p99Limit = Durations.parse(maxLatencyP99);
            }
            if (maxUnknown != null) {
                unknownLimit = Durations.parse(maxUnknown);
            }
            for (String spec : maxBlocked) {
                int colon = spec.lastIndexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("--max-blocked '" + spec + "' is not REASON:DURATION (e.g. park.lock:50ms)");
                }
                blockedLimits.put(spec.substring(0, colon), Durations.parse(spec.substring(colon + 1)));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Analysis a = AnalyzedFile.load(file, AnalysisOptions.DEFAULT, err);
        if (a == null) {
            return 1;
        }
        for (String reason : blockedLimits.keySet()) {
            if (!knownReason(a, reason)) {
                throw new ParameterException(spec.commandLine(), "--max-blocked: '" + reason + "' is neither a reason, a reason prefix"
                        + " nor a reason family (families: " + String.join(", ", Arrays.stream(ReasonFamily.values()).map(ReasonFamily::id).toList())
                        + "; reasons: " + String.join(", ", ReasonFamily.knownReasons()) + ")");
            }
        }
        // the application's tasks: a JVM service thread's waits are the JDK's own, a carrier's its idling
        List<Analysis.TaskRow> app = a.tasks().stream().filter(t -> !t.service() && !t.carrier()).toList();
        // without the agent only the JDK's thresholded wait events are there: what shows is a lower bound
        Seen waits = a.source().kind().equals("blockscope") ? Seen.ALL : Seen.LOWER_BOUND;
        List<Result> results = new ArrayList<>();
        long pins = a.pinning().stream().mapToLong(Analysis.PinSite::count).sum();
        long pinned = a.pinning().stream().mapToLong(Analysis.PinSite::total).sum();
        if (pinnedCount != null) {
            results.add(gate("pinned waits", String.valueOf(pinnedCount), String.valueOf(pins), pins <= pinnedCount, waits));
        }
        if (pinnedTime != null) {
            results.add(gate("pinned time", Durations.format(pinnedTime), Durations.format(pinned), pinned <= pinnedTime, waits));
        }
        if (p99Limit >= 0) {
            long p99 = a.schedLatency().p99();
            boolean none = a.schedLatency().count() == 0;
            results.add(gate("scheduler latency p99", Durations.format(p99Limit), none ? "no wake-up measured in this recording"
                    : Durations.format(p99), p99 <= p99Limit, none ? Seen.NOTHING : Seen.ALL));
        }
        for (Map.Entry<String, Long> limit : blockedLimits.entrySet()) {
            String reason = limit.getKey();
            long total = app.stream().flatMap(t -> t.reasons().entrySet().stream())
                    .filter(e -> matches(reason, e.getKey())).mapToLong(Map.Entry::getValue).sum();
            results.add(gate("blocked " + reason, Durations.format(limit.getValue()), Durations.format(total), total <= limit.getValue(), waits));
        }
        if (unknownLimit >= 0) {
            long unknown = app.stream().mapToLong(t -> t.states().get("UNKNOWN")).sum();
            results.add(gate("unknown time", Durations.format(unknownLimit), Durations.format(unknown), unknown <= unknownLimit, Seen.ALL));
        }
        boolean passed = results.stream().allMatch(Result::passed);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("passed", passed);
            doc.put("checks", results);
            AnalysisJson.write(doc, out, false);
        } else {
            for (Result r : results) {
                String status = r.measured() ? (r.passed() ? "ok" : "FAIL") : r.passed() ? "skipped" : "NOT MEASURED";
                out.printf(Locale.ROOT, "%-4s %-24s %s (limit %s)%n", status, r.check(), r.actual(), r.limit());
            }
            out.println(passed ? "check passed" : "check FAILED");
            out.flush();
        }
        int damage = AnalyzedFile.damage(a, err);
        return passed ? damage : 1;
    }

    /** A gate's result: a lower bound over its limit fails; one within it, or nothing seen, cannot say. */
    private Result gate(String check, String limit, String actual, boolean within, Seen seen) {
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
    static boolean matches(String spec, String reason) {
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
