package dev.blockscope.agent.workload;

import dev.blockscope.event.TaskHints;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * For {@code startup=background}: notes whether the agent was recording when main started,
 * waits (up to 40 s) until it is, then lets 4 virtual threads sleep 20 ms once each. Prints
 * their ids.
 */
public final class LateStart {
    public static void main(String[] args) throws Exception {
        boolean activeAtMain = TaskHints.agentActive();
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (!TaskHints.agentActive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        StringJoiner truth = new StringJoiner(" ", "GROUND-TRUTH ", "");
        truth.add("activeAtMain=" + (activeAtMain ? 1 : 0)).add("activeLater=" + (TaskHints.agentActive() ? 1 : 0));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofVirtual().name("late-" + i).start(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < threads.size(); i++) {
            threads.get(i).join();
            truth.add("t" + i + "=" + threads.get(i).threadId());
        }
        System.out.println(truth);
    }
}
