package dev.blockscope.agent.workload;

import dev.blockscope.event.TaskHints;

import java.util.concurrent.locks.LockSupport;

/**
 * Uses TaskHints as the bundled runtime does (it is on this class path too): with the agent the
 * class must come from the bootstrap copy, shared with the agent, and a hinted park must be
 * recorded with the hint as reason.
 */
public final class RuntimeHint {
    public static void main(String[] args) throws Exception {
        Thread t = Thread.ofVirtual().name("hinted").start(() -> {
            String previous = TaskHints.setReason("chan.recv");
            LockSupport.parkNanos(5_000_000L);
            TaskHints.setReason(previous);
        });
        t.join();
        System.out.println("GROUND-TRUTH thread=" + t.threadId()
                + " bootLoaded=" + (TaskHints.class.getClassLoader() == null ? 1 : 0)
                + " active=" + (TaskHints.agentActive() ? 1 : 0));
    }
}
