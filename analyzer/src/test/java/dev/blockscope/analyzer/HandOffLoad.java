package dev.blockscope.analyzer;

import java.util.concurrent.SynchronousQueue;

/**
 * Two virtual threads handing a token back and forth through a {@link SynchronousQueue} for the
 * given seconds, the first sleeping the given microseconds between hand-offs: tens of thousands of
 * suspensions a second, so that with small chunks ({@code maxsize=}) the agent's recording has
 * several of its own beside the JDK's. Prints {@code GROUND-TRUTH hand-offs N}.
 */
public final class HandOffLoad {
    private HandOffLoad() {}

    public static void main(String[] args) throws Exception {
        long until = System.nanoTime() + (long) (Double.parseDouble(args[0]) * 1e9);
        java.time.Duration pause = java.time.Duration.ofNanos(Long.parseLong(args[1]) * 1000);
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        long[] count = {0};
        Thread a = Thread.ofVirtual().name("ping").start(() -> {
            try {
                while (System.nanoTime() < until) {
                    Thread.sleep(pause);
                    ping.put(1);
                    pong.take();
                    count[0]++;
                }
                ping.put(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread b = Thread.ofVirtual().name("pong").start(() -> {
            try {
                while (ping.take() != 0) {
                    pong.put(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        a.join();
        b.join();
        System.out.println("GROUND-TRUTH hand-offs " + count[0]);
    }
}
