package dev.blockscope.agent.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Virtual threads that are running (not waiting) when an agent is attached and end while it
 * records, in code that passes no probe: three spin on a flag, which a platform thread sets once
 * the file {@code end-now} exists in the working directory, and then return. Prints READY when all three spin,
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
                long n = 0;
                while (!stop) {
                    n++;
                    if ((n & 0xFFFFF) == 0) {
                        Thread.yield(); // three spinners, two carriers: each gets its turn
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
