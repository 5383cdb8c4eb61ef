package dev.blockscope.bench.reliability;

/**
 * One virtual thread initializes a class whose initializer sleeps 300 ms; 50 ms later a second,
 * {@code init-waiter}, uses the class and waits for that initialization (on JDK 25 the VM waits on
 * the class's init lock, an {@code int[]}, holding its carrier). Prints the waiter's id and how
 * long it waited.
 */
public final class SlowClassInit {
    static final class Slow {
        static final long READY;

        static {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            READY = System.nanoTime();
        }
    }

    public static void main(String[] args) throws Exception {
        Thread.sleep(Long.getLong("startDelayMs", 0));
        Thread initializer = Thread.ofVirtual().name("initializer").start(() -> {
            long ignored = Slow.READY;
        });
        Thread.sleep(50);
        long[] waited = new long[1];
        Thread waiter = Thread.ofVirtual().name("init-waiter").start(() -> {
            long t0 = System.nanoTime();
            long ready = Slow.READY;
            waited[0] = System.nanoTime() - t0;
        });
        initializer.join();
        waiter.join();
        System.out.println("GROUND-TRUTH waiter=" + waiter.threadId() + " waitedNanos=" + waited[0]);
    }
}
