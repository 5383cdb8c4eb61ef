package dev.blockscope.cli;

import java.time.Instant;

/**
 * A JVM for a flight recorder's dump (FlightTriggerMarkBrowserIT): a virtual thread
 * {@code background} sleeps 5 ms at a time for 3 s; at 1.5 s a virtual thread {@code pinner}
 * sleeps 60 ms in a class initializer, which pins its carrier. Prints the epoch nanos around the
 * pin as {@code GROUND-TRUTH pinStart=... pinEnd=...}.
 */
public final class FlightTarget {
    static final class SlowInit {
        static {
            sleep(60);
        }

        static void touch() {}
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Thread background = Thread.ofVirtual().name("background").start(() -> {
            while (System.nanoTime() - t0 < 3_000_000_000L) {
                sleep(5);
            }
        });
        while (System.nanoTime() - t0 < 1_500_000_000L) {
            Thread.sleep(50);
        }
        long pinStart = epochNanos();
        Thread.ofVirtual().name("pinner").start(SlowInit::touch).join();
        long pinEnd = epochNanos();
        background.join();
        System.out.println("GROUND-TRUTH pinStart=" + pinStart + " pinEnd=" + pinEnd);
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
