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

    private Pinning() {}

    /** A class whose initializer blocks. */
    static final class SlowInit {
        static {
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
        int jdk = Runtime.version().feature();
        List<RecordedEvent> pins;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();

            Thread runner = Thread.ofVirtual().name("clinit-runner").start(SlowInit::touch);
            sleepQuietly(sleepMs / 5); // let the runner enter the initializer first
            Thread waiter = Thread.ofVirtual().name("clinit-waiter").start(SlowInit::touch);
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
        System.out.printf(Locale.ROOT, "JDK %d: the JDK reported %d pinned waits (jdk.VirtualThreadPinned):%n", jdk, pins.size());
        for (RecordedEvent e : pins) {
            System.out.printf(Locale.ROOT, "  %-14s %5d ms  %s%n", e.getThread() == null ? "?" : e.getThread().getJavaName(),
                    e.getDuration().toMillis(), reasonOf(e));
        }
        System.out.println("synchronized: " + (syncPins ? "pins on this JDK (before 24)" : "no longer pins (JDK 24+, JEP 491)"));
        long pinnedNames = pins.stream().map(e -> e.getThread() == null ? "" : e.getThread().getJavaName()).distinct().count();
        GroundTruth.of("pinning")
                .put("jdk", jdk)
                .put("sleep_ms", sleepMs)
                .put("pinned_waits", syncPins ? 4 : 3)
                .put("pinned_threads", syncPins ? "clinit-runner,clinit-waiter,native-frame,synchronized"
                        : "clinit-runner,clinit-waiter,native-frame")
                .put("unpinned_threads", syncPins ? "-" : "synchronized")
                .put("jdk_reported_pins", pins.size())
                .put("jdk_reported_pinned_threads", pinnedNames)
                .print();
    }

    private static String reasonOf(RecordedEvent e) {
        return e.hasField("pinnedReason") ? e.getString("pinnedReason") : "(reason not reported before JDK 24)";
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
