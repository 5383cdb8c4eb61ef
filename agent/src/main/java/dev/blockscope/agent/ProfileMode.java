package dev.blockscope.agent;

/**
 * What async-profiler samples for {@code profile=} (joined with {@code +}): each mode is one
 * part of async-profiler's start command. {@code cpu} falls back to {@code itimer} where perf
 * events are not permitted.
 */
enum ProfileMode {
    /** On-CPU samples from perf events (jdk.ExecutionSample), every {@code interval=} of CPU time. */
    CPU("cpu"),
    /** Wall-clock samples of every thread, running or not (profiler.WallClockSample). */
    WALL("wall"),
    /** On-CPU samples from setitimer(ITIMER_PROF): no perf events needed, coarser. */
    ITIMER("itimer"),
    /** Contended monitors and parks (async-profiler's jdk.JavaMonitorEnter and jdk.ThreadPark). */
    LOCK("lock"),
    /** Allocation samples (jdk.ObjectAllocationInNewTLAB/OutsideTLAB). */
    ALLOC("alloc");

    private final String optionName;

    ProfileMode(String optionName) {
        this.optionName = optionName;
    }

    String optionName() {
        return optionName;
    }
}
