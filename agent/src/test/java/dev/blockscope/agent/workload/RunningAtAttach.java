package dev.blockscope.agent.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Virtual threads that are alive when an agent is attached and end while it records, returning
 * from a {@code run()} entered before the probes existed: three loop on a flag, sleeping 1 ms at a
 * time, which a platform thread sets once the file {@code end-now} exists in the working
 * directory, and then return. Prints READY when all three loop,
 * and {@code ENDED <epoch nanos>} when they have all returned.
 */
public final class RunningAtAttach {
    private static volatile boolean stop;

    public static void main(String[] args) throws Exception {
        Path marker = Path.of("end-now"); // in the working directory
        CountDownLatch spinning = new CountDownLatch(3);
        Thread[] spinners = new Thread[3];
        for (int i = 0; i < spinners.length; i++) {
            spinners[i] = Thread.ofVirtual().name("spinner-" + i).start(() -> {
                spinning.countDown();
                while (!stop) {
                    try {
                        Thread.sleep(1); // three of them, two carriers: each gets its turn (a yield did not always)
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        spinning.await();
        System.out.println("READY");
        System.out.flush();
        while (!Files.exists(marker)) {
            Thread.sleep(10);
        }
        stop = true;
        for (Thread t : spinners) {
            t.join();
        }
        java.time.Instant now = java.time.Instant.now();
        System.out.println("ENDED " + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        System.out.flush();
        Thread.sleep(60_000);
    }
}
