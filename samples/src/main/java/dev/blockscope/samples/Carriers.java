package dev.blockscope.samples;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;

/**
 * The virtual-thread scheduler as seen from outside: its carriers are the platform threads
 * named {@code ForkJoinPool-1-worker-N}, and its parallelism is a system property read when the
 * first virtual thread is created.
 */
final class Carriers {
    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private Carriers() {}

    /**
     * Sets the scheduler's parallelism unless the command line did. Effective only before the
     * first virtual thread exists (the samples call it first thing in {@code main}).
     *
     * @return the parallelism in force
     */
    static int requestParallelism(int wanted) {
        String given = System.getProperty(PARALLELISM);
        if (given != null) {
            return Integer.parseInt(given.trim());
        }
        System.setProperty(PARALLELISM, String.valueOf(wanted));
        return wanted;
    }

    /** Carrier threads alive now. */
    static int count() {
        int n = 0;
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (t.getThreadName().startsWith("ForkJoinPool-1-worker-")) {
                n++;
            }
        }
        return n;
    }
}
