package dev.blockscope.agent.workload;

import java.time.Instant;

/**
 * For the flight recorder: virtual threads sleep 5 ms in a loop all along; at 0.3 s one named
 * {@code early-marker} sleeps 30 ms (long before any trigger); at 3 s (with argument {@code pin})
 * one named {@code pinner} sleeps 60 ms in a class initializer, which pins its carrier, and 300 ms
 * later {@code pinner-2} does the same (inside the first dump's window: no second dump); with
 * {@code longsleep}, main sleeps 1.6 s from 1 s on, its only wait over 100 ms; with {@code starve}
 * (run it with one carrier), at 3 s a virtual thread {@code parked} parks, a virtual thread
 * {@code hog} burns the carrier for 300 ms without a wait, and main unparks {@code parked} 50 ms into
 * it, so that wake-up (and {@code background}'s sleeps ending meanwhile) waits for the carrier until
 * the hog ends; the JVM exits at 6.5 s (a dump of a trigger at 3 s has 3 s to be written on a
 * loaded machine). Prints the epoch nanos around each.
 */
public final class FlightWorkload {
    static final class FirstInit {
        static {
            sleep(60);
        }

        static void touch() {}
    }

    static final class SecondInit {
        static {
            sleep(60);
        }

        static void touch() {}
    }

    public static void main(String[] args) throws Exception {
        boolean pin = args.length > 0 && args[0].equals("pin");
        boolean longSleep = args.length > 0 && args[0].equals("longsleep");
        boolean starve = args.length > 0 && args[0].equals("starve");
        long t0 = System.nanoTime();
        Thread background = Thread.ofVirtual().name("background").start(() -> {
            while (System.nanoTime() - t0 < 6_400_000_000L) {
                sleep(5);
            }
        });
        until(t0, 300);
        long markerStart = epochNanos();
        Thread.ofVirtual().name("early-marker").start(() -> sleep(30)).join();
        long markerEnd = epochNanos();
        long pinStart = 0;
        long pinEnd = 0;
        long sleepEnd = 0;
        if (longSleep) {
            until(t0, 1000);
            Thread.sleep(1_600); // main's one long wait, from 1 s to 2.6 s
            sleepEnd = epochNanos();
        }
        if (pin) {
            until(t0, 3000);
            pinStart = epochNanos();
            Thread.ofVirtual().name("pinner").start(FirstInit::touch).join();
            pinEnd = epochNanos();
            until(t0, 3300);
            Thread.ofVirtual().name("pinner-2").start(SecondInit::touch).join();
        }
        long[] starved = new long[4];
        if (starve) {
            until(t0, 3000);
            starve(starved);
        }
        until(t0, 4500);
        background.join();
        System.out.println("GROUND-TRUTH markerStart=" + markerStart + " markerEnd=" + markerEnd + " pinStart=" + pinStart
                + " pinEnd=" + pinEnd + " sleepEnd=" + sleepEnd + " hogStart=" + starved[0] + " hogEnd=" + starved[1]
                + " unparkAt=" + starved[2] + " resumedAt=" + starved[3]);
    }

    /** {@code starve}: hogStart, hogEnd, unparkAt, resumedAt into {@code t} (epoch nanos). */
    private static void starve(long[] t) throws InterruptedException {
        Thread parked = Thread.ofVirtual().name("parked").start(() -> {
            java.util.concurrent.locks.LockSupport.park();
            t[3] = epochNanos();
        });
        while (parked.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        Thread hog = Thread.ofVirtual().name("hog").start(() -> {
            t[0] = epochNanos();
            long end = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // no wait: the carrier stays taken
            }
            t[1] = epochNanos();
        });
        Thread.sleep(50);
        t[2] = epochNanos();
        java.util.concurrent.locks.LockSupport.unpark(parked);
        hog.join();
        parked.join();
    }

    /** Sleeps until {@code millis} after {@code t0}, 100 ms at a time (no long wait of main's but the one meant). */
    private static void until(long t0, long millis) throws InterruptedException {
        for (long left; (left = t0 + millis * 1_000_000L - System.nanoTime()) > 0; ) {
            Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000L)));
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
