package dev.blockscope.cli;

import dev.blockscope.analyzer.report.Durations;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The filters {@code summary}, {@code tasks} and {@code export} share: a time window from the
 * recording's start and a text the tasks' names must contain. A reversed window is a usage error.
 */
final class ReportFilter {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;
    @Option(names = "--from", paramLabel = "DURATION", description = "Only from this time after the recording start (e.g. 1.5s)") String from;
    @Option(names = "--to", paramLabel = "DURATION", description = "Only up to this time after the recording start") String to;
    @Option(names = "--task-filter", paramLabel = "TEXT", description = "Only tasks whose name, runtime name or group contains TEXT")
    String taskFilter;

    /** Whether any filter was given. */
    boolean active() {
        return from != null || to != null || (taskFilter != null && !taskFilter.isEmpty());
    }

    /** The parsed filter; a malformed duration or a window that ends before it starts is a usage error. */
    WindowedAnalysis.Filter filter() {
        long fromNanos;
        long toNanos;
        try {
            fromNanos = from == null ? 0 : Durations.parse(from);
            toNanos = to == null ? Long.MAX_VALUE : Durations.parse(to);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--from/--to: " + e.getMessage());
        }
        if (toNanos < fromNanos) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to + ": the window ends before it starts");
        }
        return new WindowedAnalysis.Filter(fromNanos, toNanos, taskFilter);
    }
}
