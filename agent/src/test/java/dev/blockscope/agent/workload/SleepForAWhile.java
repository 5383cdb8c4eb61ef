package dev.blockscope.agent.workload;

/**
 * Four virtual threads sleep 5 ms at a time for 1.5 s once the agent's recording runs (on a
 * loaded machine JFR's start took longer than the sleeps), then the program exits.
 */
public final class SleepForAWhile {
    public static void main(String[] args) throws Exception {
        dev.blockscope.event.TaskHints.awaitRecording();
        long until = System.nanoTime() + 1_500_000_000L;
        Thread[] loopers = new Thread[4];
        for (int i = 0; i < loopers.length; i++) {
            loopers[i] = Thread.ofVirtual().name("looper-" + i).start(() -> {
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        for (Thread t : loopers) {
            t.join();
        }
    }
}
