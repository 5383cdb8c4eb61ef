package dev.blockscope.cli;

import dev.blockscope.analyzer.report.Analysis;

/**
 * Why a command ends without having done all it was asked, as a value: the commands throw these
 * and {@link FailureHandler} alone turns them into their one line on stderr and their exit code
 * (docs/cli.md). A usage error is picocli's {@code ParameterException} (exit 2), and running out
 * of memory an {@code OutOfMemoryError} (exit 3); both go through the same handler.
 */
abstract sealed class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param line what is wrong, for {@code blockscope: <line>}; null when the output already says it */
    private CommandFailure(String line, Throwable cause) {
        super(line, cause);
    }

    /** The exit code this failure ends the command with. */
    abstract int exitCode();

    /** Nothing in the recording could be analyzed (missing, empty, not JFR, unreadable): exit 1, no report. */
    static final class Unreadable extends CommandFailure {
        private static final long serialVersionUID = 1L;

        /** From the analyzer's exception, whose message names the file and what is wrong. */
        Unreadable(java.io.IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        int exitCode() {
            return FailureHandler.BAD_DATA;
        }
    }

    /**
     * The recording was analyzed as far as it could be read and the report written, but parts of
     * it were skipped as damaged: exit 1, with the line saying what was skipped.
     */
    static final class Damaged extends CommandFailure {
        private static final long serialVersionUID = 1L;

        private Damaged(String file, java.util.List<Analysis.Skipped> skipped) {
            super(file + ": damaged recording, analyzed what could be read; skipped: "
                    + String.join("; ", skipped.stream().map(Analysis.Skipped::what).toList()), null);
        }

        /** The failure for {@code a}, or null when nothing of its recording was skipped. */
        static Damaged of(Analysis a) {
            return a.source().skipped().isEmpty() ? null : new Damaged(a.source().file(), a.source().skipped());
        }

        @Override
        int exitCode() {
            return FailureHandler.BAD_DATA;
        }
    }

    /**
     * The command could not do its work for a reason it states: a program that failed under
     * {@code record} or {@code demo}, a JVM that refused the agent, a task id the recording does
     * not have. Exit 1.
     */
    static final class Failed extends CommandFailure {
        private static final long serialVersionUID = 1L;

        /** @param line what went wrong, in words; null when the command's output already said it */
        Failed(String line) {
            super(line, null);
        }

        @Override
        int exitCode() {
            return FailureHandler.FAILED;
        }
    }
}
