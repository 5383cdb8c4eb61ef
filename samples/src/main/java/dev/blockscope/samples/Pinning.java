package dev.blockscope.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * What still pins a carrier on JDK 24 and later, and what no longer does. Four virtual threads
 * wait, one after the other:
 * <ol>
 *   <li>{@code clinit-runner} sleeps inside a class's static initializer (a VM frame, the
 *       {@code <clinit>} call, is on its stack): pinned;</li>
 *   <li>{@code clinit-waiter} needs the same class meanwhile and waits for its initialization:
 *       pinned;</li>
 *   <li>{@code native-frame} sleeps inside {@code ClassLoader.loadClass}, called by the JVM from
 *       the native {@code Class.forName0}: a native frame on the stack, pinned;</li>
 *   <li>{@code synchronized} sleeps while holding a monitor: pinned up to JDK 23, not since
 *       JDK 24 (JEP 491).</li>
 * </ol>
 * The program records the JDK's own {@code jdk.VirtualThreadPinned} events while it runs and
 * prints them next to what it did. Usage: {@code Pinning [--sleep-ms N]} (default 100).
 */
public final class Pinning {
    static volatile long sleepMs = 100;
    /** Set by {@link SlowInit}'s initializer, so the waiter starts only once it runs. */
    static volatile boolean initializing;
    /** Set by the waiter just before it needs {@link SlowInit}; the initializer waits for it. */
    static volatile boolean waiterStarting;

    private Pinning() {}

    /** A class whose initializer blocks. */
    static final class SlowInit {
        static {
            initializing = true;
            awaitWaiterStarting();
            sleepQuietly(sleepMs);
        }

        static void touch() {
            // initialization is the point
        }
    }

    /** A class loader that blocks while the JVM (natively) asks it for a class. */
    static final class SlowLoader extends ClassLoader {
        static final String SLOW_NAME = "dev.blockscope.samples.DoesNotExist";

        SlowLoader() {
            super(Pinning.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(SLOW_NAME)) {
                sleepQuietly(sleepMs);
            }
            return super.loadClass(name, resolve);
        }
    }

    public static void main(String[] args) throws Exception {
        sleepMs = Options.positiveInt(Options.parse(args, "sleep-ms"), "sleep-ms", 100);
        // The class-initializer waiter needs a second carrier while the runner pins the first;
        // on a one-CPU machine the default scheduler would have only one.
        if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null
                && Runtime.getRuntime().availableProcessors() < 2) {
            System.setProperty("jdk.virtualThreadScheduler.parallelism", "2");
        }
        int jdk = Runtime.version().feature();
        List<RecordedEvent> pins;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();

            Thread runner = Thread.ofVirtual().name("clinit-runner").start(SlowInit::touch);
            while (!initializing) {
                Thread.onSpinWait(); // the runner must be inside the initializer first
            }
            Thread waiter = Thread.ofVirtual().name("clinit-waiter").start(() -> {
                waiterStarting = true;
                SlowInit.touch();
            });
            runner.join();
            waiter.join();

            Thread nativeFrame = Thread.ofVirtual().name("native-frame").start(() -> {
                try {
                    Class.forName(SlowLoader.SLOW_NAME, true, new SlowLoader());
                } catch (ClassNotFoundException expected) {
                    // the class does not exist; the wait before the answer is the point
                }
            });
            nativeFrame.join();

            Object monitor = new Object();
            Thread sync = Thread.ofVirtual().name("synchronized").start(() -> {
                synchronized (monitor) {
                    sleepQuietly(sleepMs);
                }
            });
            sync.join();

            recording.stop();
            Path file = Files.createTempFile("blockscope-pinning", ".jfr");
            try {
                recording.dump(file);
                pins = new ArrayList<>(RecordingFile.readAllEvents(file));
            } finally {
                Files.deleteIfExists(file);
            }
        }
        boolean syncPins = jdk < 24;
        // Only this sample's four threads count: an agent or a library may pin threads of its own.
        List<String> ours = List.of("clinit-runner", "clinit-waiter", "native-frame", "synchronized");
        // On JDK 24+ the JVM's own event carries pinnedReason; under an agent that instruments
        // VirtualThread, events without it (mostly 0 ms) also appear, and are not pinned waits.
        List<RecordedEvent> others = pins.stream()
                .filter(e -> !ours.contains(threadName(e)) || (jdk >= 24 && !e.hasField("pinnedReason")))
                .toList();
        pins.removeAll(others);
        System.out.printf(Locale.ROOT, "JDK %d: the JDK reported %d pinned waits (jdk.VirtualThreadPinned) of the sample's threads%s:%n",
                jdk, pins.size(), others.isEmpty() ? "" : " (and " + others.size() + " other events)");
        for (RecordedEvent e : pins) {
            System.out.printf(Locale.ROOT, "  %-14s %5d ms  %s%n", threadName(e),
                    e.getDuration().toMillis(), reasonOf(e));
        }
        if (!others.isEmpty()) {
            System.out.println("  other events came from: " + others.stream().map(Pinning::threadName).distinct().toList());
        }
        System.out.println("synchronized: " + (syncPins ? "pins on this JDK (before 24)" : "no longer pins (JDK 24+, JEP 491)"));
        long pinnedNames = pins.stream().map(Pinning::threadName).distinct().count();
        GroundTruth.of("pinning")
                .put("jdk", jdk)
                .put("sleep_ms", sleepMs)
                .put("pinned_waits", syncPins ? 4 : 3)
                .put("pinned_threads", syncPins ? "clinit-runner,clinit-waiter,native-frame,synchronized"
                        : "clinit-runner,clinit-waiter,native-frame")
                .put("unpinned_threads", syncPins ? "-" : "synchronized")
                .put("jdk_reported_pins", pins.size())
                .put("jdk_reported_pinned_threads", pinnedNames)
                .put("jdk_reported_other_pin_events", others.size())
                .print();
    }

    private static String threadName(RecordedEvent e) {
        return e.getThread() == null ? "" : e.getThread().getJavaName();
    }

    private static String reasonOf(RecordedEvent e) {
        return e.hasField("pinnedReason") ? e.getString("pinnedReason") : "(reason not reported before JDK 24)";
    }

    /**
     * Spins (no sleep, which would be one more pinned wait) until the waiter is about to need
     * this class, so that the sleep after it covers the waiter's wait even on a loaded machine
     * where the waiter starts late. Bounded, so the sample cannot hang.
     */
    private static void awaitWaiterStarting() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!waiterStarting && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
