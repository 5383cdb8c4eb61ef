package dev.blockscope.agent.workload;

import dev.blockscope.agent.bridge.AgentCounters;
import dev.blockscope.agent.bridge.ProbeBridge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A holder keeps a monitor for a while; {@code contenders} virtual threads try to enter it and
 * block (on JDK 24+ they unmount, seen only by the carrier-side probe). The holder releases once
 * all of them are BLOCKED on it: each counts itself in right before its {@code synchronized}, and
 * only a BLOCKED state seen after that counts (a virtual thread is BLOCKED too while anything pins
 * its carrier on another monitor, such as its first class loads or initializations, after which
 * it could enter the free monitor without contention). Prints the contender ids and the agent's own count of committed
 * suspensions (the bridge is the bootstrap copy the agent uses).
 */
public final class MonitorContention {
    private static final Object LOCK = new Object();
    private static long entered;

    public static void main(String[] args) throws Exception {
        int contenders = Integer.parseInt(System.getProperty("contenders", "20"));
        int repeats = Integer.parseInt(System.getProperty("repeats", "5"));
        List<Long> ids = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            List<Thread> threads = new ArrayList<>();
            AtomicInteger arrived = new AtomicInteger();
            synchronized (LOCK) {
                for (int i = 0; i < contenders; i++) {
                    threads.add(Thread.ofVirtual().name("contender-" + r + "-" + i).start(() -> {
                        arrived.incrementAndGet();
                        synchronized (LOCK) {
                            entered++;
                        }
                    }));
                }
                while (arrived.get() < contenders) {
                    Thread.onSpinWait();
                }
                for (Thread t : threads) {
                    while (t.getState() != Thread.State.BLOCKED) {
                        Thread.onSpinWait();
                    }
                }
            }
            for (Thread t : threads) {
                t.join();
                ids.add(t.threadId());
            }
        }
        boolean jfr = !ProbeBridge.early(); // if early still, no recording ran yet
        StringBuilder sb = new StringBuilder("GROUND-TRUTH liveAtEnd=" + (jfr ? 1 : 0) + " entered=" + entered
                + " suspends=" + AgentCounters.totals().suspends() + " pending=" + ProbeBridge.pendingMonitorEntries() + " ids=");
        for (int i = 0; i < ids.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(ids.get(i));
        }
        System.out.println(sb);
    }
}
