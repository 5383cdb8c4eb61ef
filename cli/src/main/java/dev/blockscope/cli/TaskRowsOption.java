package dev.blockscope.cli;

import dev.blockscope.analyzer.AnalysisOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --max-tasks N}, shared by the report commands: how many ended virtual threads keep a row
 * of their own (the others are summed into groups by name, every total still whole); 0 keeps a
 * row for every task, in memory that grows with them. A negative count is a usage error.
 */
final class TaskRowsOption {
    @Spec(Spec.Target.MIXEE) CommandSpec spec;
    @Option(names = "--max-tasks", paramLabel = "N", defaultValue = "" + AnalysisOptions.DEFAULT_MAX_TASKS,
            description = "Ended virtual threads with a row of their own, those that waited longest (default ${DEFAULT-VALUE});"
                    + " the rest are summed into groups by name. 0: a row for every task (memory grows with them)")
    int maxTasks;

    /** {@code options} with this row bound. */
    AnalysisOptions apply(AnalysisOptions options) {
        if (maxTasks < 0) {
            throw new ParameterException(spec.commandLine(), "--max-tasks must be 0 (all) or more, was " + maxTasks);
        }
        return options.withMaxTasks(maxTasks);
    }
}
