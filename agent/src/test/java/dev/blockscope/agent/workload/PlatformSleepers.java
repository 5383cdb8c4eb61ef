package dev.blockscope.agent.workload;

/** {@link SleepingVirtualThreads} with platform threads. */
public final class PlatformSleepers {
    public static void main(String[] args) throws Exception {
        SleepingVirtualThreads.main(new String[] {"platform"});
    }
}
