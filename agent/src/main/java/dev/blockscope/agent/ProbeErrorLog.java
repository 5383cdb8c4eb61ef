package dev.blockscope.agent;

import dev.blockscope.agent.AgentOptions.LogLevel;
import dev.blockscope.agent.bridge.ProbeErrors;

/**
 * Says what the probes caught ({@link ProbeErrors}) on the agent's log, never from the
 * application's threads: at {@code log=debug} the first Throwable of each entry point with its
 * stack, once, checked every second (with the {@code AgentStats} sample) and at the end; at
 * {@code log=info} one line at the end with the count per entry point, when there were any.
 */
final class ProbeErrorLog {
    private final AgentLog log;
    private final boolean[] printed = new boolean[ProbeErrors.Site.values().length];
    private boolean summarized;

    ProbeErrorLog(AgentLog log) {
        this.log = log;
    }

    /** At {@code log=debug}: the first Throwable of each entry point not printed yet. */
    synchronized void printNew() {
        if (!log.enabled(LogLevel.DEBUG)) {
            return;
        }
        for (ProbeErrors.Site site : ProbeErrors.Site.values()) {
            Throwable first = ProbeErrors.first(site);
            if (first != null && !printed[site.ordinal()]) {
                printed[site.ordinal()] = true;
                log.debug("the first error caught in the probes' " + site.label() + " (" + ProbeErrors.count(site)
                        + " so far; the application did not see it):", first);
            }
        }
    }

    /** The session ends: what {@link #printNew} has not printed yet, and at {@code log=info} the counts (once). */
    synchronized void printAtEnd() {
        printNew();
        if (summarized || !log.enabled(LogLevel.INFO)) {
            return;
        }
        summarized = true;
        StringBuilder sites = new StringBuilder();
        long total = 0;
        for (ProbeErrors.Site site : ProbeErrors.Site.values()) {
            long n = ProbeErrors.count(site);
            if (n > 0) {
                sites.append(sites.length() == 0 ? "" : ", ").append(site.label()).append(' ').append(n);
                total += n;
            }
        }
        if (total > 0) {
            log.info(total + " error(s) caught in the probes, which the application did not see: " + sites
                    + (log.enabled(LogLevel.DEBUG) ? "" : " (log=debug prints the first of each with its stack)"));
        }
    }
}
