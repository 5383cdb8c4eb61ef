package dev.blockscope.analyzer.report;

import java.io.PrintWriter;
import java.util.List;

/**
 * The blocking profile as collapsed stacks (Brendan Gregg's format, read by flamegraph.pl,
 * speedscope and async-profiler's converters): one line per stack and reason, frames from the
 * root down, the reason as the root frame, the waiting time in nanoseconds as the value; for the
 * whole blocking profile or one family profile ({@link Profiles}).
 */
public final class CollapsedExport {
    private CollapsedExport() {}

    /** Writes the collapsed stacks of {@code a}'s blocking profile. */
    public static void write(Analysis a, PrintWriter out) {
        write(a, null, out);
    }

    /**
     * Writes the collapsed stacks of one profile: {@code null} for all blocked time, a family
     * profile ({@code sync}, {@code net}, {@code file}: the blocking profile's waits whose reason's
     * family belongs to it), or {@code sched} (the RUNNABLE time by the wait it was woken from).
     */
    public static void write(Analysis a, String profile, PrintWriter out) {
        for (Analysis.StackRow r : Profiles.rows(a, profile)) {
            StringBuilder line = new StringBuilder(r.reason().replace(' ', '_'));
            if (r.stack() >= 0) {
                List<String> frames = a.stacks().get(r.stack());
                for (int i = frames.size() - 1; i >= 0; i--) {
                    line.append(';').append(frames.get(i).replace(' ', '_').replace(';', ':'));
                }
            }
            out.println(line.append(' ').append(r.total()));
        }
        out.flush();
    }
}
