package dev.blockscope.bench.reliability;

import java.util.concurrent.locks.LockSupport;

/**
 * main ends while three virtual threads park for good and a daemon platform thread sleeps in a
 * loop: at exit every one of them is in a wait. Prints their ids.
 */
public final class ExitWhileWaiting {
    public static void main(String[] args) throws Exception {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            Thread t = Thread.ofVirtual().name("parked-" + i).start(() -> {
                while (true) {
                    LockSupport.park();
                }
            });
            ids.append(t.threadId()).append(',');
        }
        Thread sleeper = Thread.ofPlatform().daemon().name("sleeper").start(() -> {
            while (true) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ids.append(sleeper.threadId());
        Thread.sleep(1500);
        System.out.println("GROUND-TRUTH waiting=" + ids);
    }
}
