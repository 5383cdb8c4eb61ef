package dev.blockscope.analyzer.model;

import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * The program that made {@code golden/chunked-carrier-idle.jfr} (see {@link ChunkedCarrierIdleGoldenTest}):
 * four virtual threads sleep 5 ms at a time for 1.5 s on two carriers, so the carriers idle often,
 * and two other recordings started at 0.5 s and 1 s end the agent's chunk twice (any recording's
 * start rotates the disk repository), so idle waits are open at chunk ends and some are committed
 * in the chunk after the one they ended in. Run with the agent:
 *
 * <pre>java -Djdk.virtualThreadScheduler.parallelism=2 -javaagent:agent/target/blockscope-agent.jar=file=chunked-carrier-idle.jfr \
 *     -cp analyzer/target/test-classes dev.blockscope.analyzer.model.ChunkedIdleLoad</pre>
 */
public final class ChunkedIdleLoad {
    private ChunkedIdleLoad() {}

    /** Runs the load; no arguments. */
    public static void main(String[] args) throws Exception {
        long until = System.nanoTime() + 1_500_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofVirtual().name("sleeper-" + i).start(() -> {
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (int i = 0; i < 2; i++) {
            Thread.sleep(500);
            new Recording().start(); // a chunk end for the agent's recording too
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
