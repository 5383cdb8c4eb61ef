package dev.blockscope.analyzer.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

/** {@code blockscope check FILE --max-...}: exit 1 when a limit is exceeded, for CI. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Fail (exit 1) when pinning, scheduler latency or blocked time exceed limits.")
final class CheckCommand implements Callable<Integer> {
    /** One limit and what the recording showed. */
    record Result(String check, String limit, String actual, boolean passed) {}

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "A .jfr recording") Path file;
    @Option(names = "--max-pinned", paramLabel = "N|DURATION",
            description = "A number: most pinned waits allowed; a duration (e.g. 10ms): most total pinned time") String maxPinned;
    @Option(names = "--max-sched-latency-p99", paramLabel = "DURATION", description = "Highest p99 scheduler latency allowed") String maxLatencyP99;
    @Option(names = "--max-blocked", paramLabel = "REASON:DURATION",
            description = "Most waiting time for a reason, or a reason prefix (park: matches park.lock, park.queue, ...); repeatable")
    List<String> maxBlocked = new ArrayList<>();
    @Option(names = "--max-unknown", paramLabel = "DURATION", description = "Most UNKNOWN time summed over tasks (JVM service threads left out)") String maxUnknown;
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
        List<Result> results = new ArrayList<>();
        long pins = a.pinning().stream().mapToLong(Analysis.PinSite::count).sum();
        long pinned = a.pinning().stream().mapToLong(Analysis.PinSite::total).sum();
        if (pinnedCount != null) {
            results.add(new Result("pinned waits", String.valueOf(pinnedCount), String.valueOf(pins), pins <= pinnedCount));
        }
        if (pinnedTime != null) {
            results.add(new Result("pinned time", Durations.format(pinnedTime), Durations.format(pinned), pinned <= pinnedTime));
        }
        if (p99Limit >= 0) {
            if (a.schedLatency().count() == 0) {
                results.add(new Result("scheduler latency p99", Durations.format(p99Limit), "not measured in this recording", true));
            } else {
                long p99 = a.schedLatency().p99();
                results.add(new Result("scheduler latency p99", Durations.format(p99Limit), Durations.format(p99), p99 <= p99Limit));
            }
        }
        for (Map.Entry<String, Long> limit : blockedLimits.entrySet()) {
            String reason = limit.getKey();
            long total = a.blocking().byReason().entrySet().stream()
                    .filter(e -> e.getKey().equals(reason) || e.getKey().startsWith(reason + "."))
                    .mapToLong(Map.Entry::getValue).sum();
            results.add(new Result("blocked " + reason, Durations.format(limit.getValue()), Durations.format(total), total <= limit.getValue()));
        }
        if (unknownLimit >= 0) {
            long unknown = a.tasks().stream().filter(t -> !t.service()).mapToLong(t -> t.states().get("UNKNOWN")).sum();
            results.add(new Result("unknown time", Durations.format(unknownLimit), Durations.format(unknown), unknown <= unknownLimit));
        }
        boolean passed = results.stream().allMatch(Result::passed);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("passed", passed);
            doc.put("checks", results);
            AnalysisJson.write(doc, out, false);
        } else {
            for (Result r : results) {
                out.printf(Locale.ROOT, "%-4s %-24s %s (limit %s)%n", r.passed() ? "ok" : "FAIL", r.check(), r.actual(), r.limit());
            }
            out.println(passed ? "check passed" : "check FAILED");
            out.flush();
        }
        int damage = AnalyzedFile.damage(a, err);
        return passed ? damage : 1;
    }
}
