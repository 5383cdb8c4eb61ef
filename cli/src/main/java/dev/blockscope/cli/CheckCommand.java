package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import dev.blockscope.analyzer.report.Gates;
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

/**
 * {@code blockscope check FILE --max-...}: exit 1 when a limit is exceeded, for CI. The gates and
 * what they count are {@link Gates}'s, which the JUnit extension holds each test to as well.
 */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Fail (exit 1) when pinning, scheduler latency or blocked time exceed limits.")
final class CheckCommand implements Callable<Integer> {
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
    @picocli.CommandLine.Mixin TaskRowsOption rows;
    /** Whether every gate passed, once they are evaluated. */
    private boolean passed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (maxPinned == null && maxLatencyP99 == null && maxBlocked.isEmpty() && maxUnknown == null) {
            throw new ParameterException(spec.commandLine(), "give at least one limit (--max-pinned, --max-sched-latency-p99, --max-blocked, --max-unknown)");
        }
        Gates.Limits limits;
        try {
            limits = Gates.Limits.parse(maxPinned, maxLatencyP99, maxBlocked, maxUnknown, skipUnmeasured);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        AnalysisRun.report(file, rows.apply(AnalysisOptions.DEFAULT), err, a -> write(a, limits, out));
        if (!passed) {
            throw new CommandFailure.Failed(null); // the output says which gate failed
        }
        return FailureHandler.OK;
    }

    /** Evaluates the gates and prints them; {@link #passed} says whether all passed. */
    private void write(Analysis a, Gates.Limits limits, PrintWriter out) throws java.io.IOException {
        String unknownReason = Gates.unknownReason(a, limits);
        if (unknownReason != null) {
            throw new ParameterException(spec.commandLine(), unknownReason);
        }
        List<Gates.Result> results = Gates.evaluate(a, limits);
        passed = results.stream().allMatch(Gates.Result::passed);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("passed", passed);
            doc.put("checks", results);
            AnalysisJson.write(doc, out, false);
        } else {
            for (Gates.Result r : results) {
                String status = r.measured() ? (r.passed() ? "ok" : "FAIL") : r.passed() ? "skipped" : "NOT MEASURED";
                out.printf(Locale.ROOT, "%-4s %-24s %s (limit %s)%n", status, r.check(), r.actual(), r.limit());
            }
            out.println(passed ? "check passed" : "check FAILED");
            out.flush();
        }
    }
}
