package dev.blockscope.agent.bridge;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the bridge caught so that the application never sees it, per entry point: each one is
 * counted (in {@link AgentCounters#ERRORS} too, which {@code blockscope.AgentStats} carries) and
 * the first {@link Throwable} of each entry point is kept, so that the agent's log can say what
 * failed and where ({@code log=debug} prints it with its stack, {@code log=info} a count per entry
 * point at the end) instead of a bare {@code errors=3}. Keeping it costs one compare-and-set the
 * first time; nothing here prints, locks or allocates on the probes' path.
 */
public final class ProbeErrors {
    private ProbeErrors() {}

    /** Where a Throwable was caught: the bridge's entry points and the agent threads' few catch sites. */
    public enum Site {
        ENTER("enter"), EXIT("exit"), AWAIT_RECORDING("awaitRecording"), YIELDED("yielded"), PARK_PINNED("parkPinned"),
        PIN_REASON("pinReason"), AFTER_YIELD("afterYield"), MOUNTING("mounting"), UNPARK("unpark"),
        CARRIER_IDLE_ENTER("carrierIdleEnter"), CARRIER_IDLE_EXIT("carrierIdleExit"), STARTING("starting"),
        TASK_START("taskStart"), UNCAUGHT("uncaught"), TASK_END("taskEnd"), CARRIER("carrier"), CLOCK("clock"),
        EARLY_COMMIT("earlyCommit"), CONSTANT_IDS("constantIds"), SAMPLERS("samplers");

        private final String label;

        Site(String label) {
            this.label = label;
        }

        /** The name the log uses (the bridge method's, for the entry points). */
        public String label() {
            return label;
        }
    }

    private static final Site[] SITES = Site.values();
    private static final LongAdder[] COUNTS = new LongAdder[SITES.length];
    private static final AtomicReferenceArray<Throwable> FIRST = new AtomicReferenceArray<>(SITES.length);

    static {
        for (int i = 0; i < COUNTS.length; i++) {
            COUNTS[i] = new LongAdder();
        }
    }

    /**
     * For the agent's tests only: {@code -Dblockscope.test.failProbe=taskStart} makes that entry
     * point throw, so a forked JVM shows what a failing probe does (counted, kept, logged; the
     * application unaffected). Null otherwise; a constant, so the check costs nothing once compiled.
     */
    private static final Site INJECTED = injected(System.getProperty("blockscope.test.failProbe"));

    private static Site injected(String label) {
        for (Site s : SITES) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        return null;
    }

    /** Throws when the test property names {@code site} (see {@link #INJECTED}); else nothing. */
    static void injectFault(Site site) {
        if (INJECTED == site) {
            throw new IllegalStateException("injected by -Dblockscope.test.failProbe=" + site.label);
        }
    }

    /** {@code e} was caught at {@code site} and not passed on: counted, and kept if it is the site's first. */
    public static void caught(Site site, Throwable e) {
        AgentCounters.ERRORS.increment();
        COUNTS[site.ordinal()].increment();
        if (e != null && FIRST.get(site.ordinal()) == null) {
            FIRST.compareAndSet(site.ordinal(), null, e);
        }
    }

    /** How many were caught at {@code site} so far. */
    public static long count(Site site) {
        return COUNTS[site.ordinal()].sum();
    }

    /** The first Throwable caught at {@code site}, or null (none yet, or a failure without one). */
    public static Throwable first(Site site) {
        return FIRST.get(site.ordinal());
    }
}
