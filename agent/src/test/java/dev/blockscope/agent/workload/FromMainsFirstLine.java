package dev.blockscope.agent.workload;

import dev.blockscope.event.TaskHints;

import java.io.File;
import java.io.FileOutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * For start-up tests: notes on main's first line whether the agent records already, then blocks
 * in four ways that four differently probed JDK classes see: main sleeps 30 ms
 * ({@code Thread}), writes a file ({@code FileOutputStream}), a virtual thread sleeps 20 ms
 * ({@code VirtualThread}) and main waits for it on a latch ({@code LockSupport}). Prints the
 * thread ids.
 */
public final class FromMainsFirstLine {
    public static void main(String[] args) throws Exception {
        boolean activeAtMain = TaskHints.agentActive();
        Thread.sleep(30);
        File file = File.createTempFile("blockscope-startup", ".bin");
        try (FileOutputStream out = new FileOutputStream(file)) {
            out.write(new byte[4096]);
        } finally {
            file.delete();
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread sleeper = Thread.ofVirtual().name("sleeper").start(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            done.countDown();
        });
        done.await();
        sleeper.join();
        System.out.println("GROUND-TRUTH activeAtMain=" + (activeAtMain ? 1 : 0)
                + " main=" + Thread.currentThread().threadId() + " sleeper=" + sleeper.threadId());
    }
}
