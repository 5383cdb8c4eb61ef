package dev.blockscope.agent.workload;

import java.util.concurrent.CountDownLatch;

/** Virtual threads sleep in a loop; prints READY once some sleeps completed, then waits for SIGTERM. */
public final class SleepUntilKilled {
    public static void main(String[] args) throws Exception {
        CountDownLatch slept = new CountDownLatch(20);
        for (int i = 0; i < 4; i++) {
            Thread.ofVirtual().name("looper-" + i).start(() -> {
                while (true) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                    slept.countDown();
                }
            });
        }
        slept.await();
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
