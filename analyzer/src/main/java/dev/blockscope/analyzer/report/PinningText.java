package dev.blockscope.analyzer.report;

import dev.blockscope.analyzer.report.Analysis.PinSite;
import java.io.PrintWriter;
import java.util.Locale;

/** The {@code pinning} report: each site with its stack, cost to other tasks and fix. */
public final class PinningText {
    private PinningText() {}

    /** Writes the pinning diagnosis of {@code a}. */
    public static void write(Analysis a, PrintWriter out) {
        if (a.pinning().isEmpty()) {
            out.println("no pinned waits" + (a.source().kind().equals("blockscope") ? ""
                    : " seen (this recording shows only jdk.VirtualThreadPinned events over their threshold)"));
            out.flush();
            return;
        }
        int n = 1;
        for (PinSite p : a.pinning()) {
            out.printf(Locale.ROOT, "#%d %s, pin reason: %s%n", n++, Printable.of(p.reason()), Printable.of(p.pinReason()));
            out.printf(Locale.ROOT, "   %,d waits by %d task(s), %s held in total, max %s; others waited %s for a carrier meanwhile%n",
                    p.count(), p.tasks(), Durations.format(p.total()), Durations.format(p.max()), Durations.format(p.latencyOthers()));
            if (p.stack() >= 0) {
                a.stacks().get(p.stack()).stream().limit(10).forEach(f -> out.println("     at " + Printable.of(f)));
            }
            out.println("   fix: " + p.fix());
            out.println();
        }
        out.flush();
    }
}
