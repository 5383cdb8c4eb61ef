package dev.blockscope.analyzer.read;

import dev.blockscope.event.Reason;
import dev.blockscope.event.SchedulerStateEvent;
import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.CarrierEvent;
import dev.blockscope.event.TaskEndEvent;
import dev.blockscope.event.TaskLabelEvent;
import dev.blockscope.event.TaskStartEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;

/**
 * Makes real recordings in-test: blockscope events committed from real virtual and platform
 * threads around real waits (as the agent will), and plain JDK recordings of the same kind of program.
 */
public final class Recordings {
    private Recordings() {}

    /** Virtual tasks per blockscope recording, and waits per task (the last one pinned). */
    public static final int TASKS = 6;
    public static final int WAITS = 3;

    /**
     * A blockscope recording in the current schema: {@link #TASKS} virtual threads, each with a
     * TaskStart, a label, {@link #WAITS} waits woken by a platform thread (the Suspend carries the
     * waker's id and the ready time, as the agent writes it; the last wait pinned), and a TaskEnd;
     * one platform thread that sleeps twice; a SchedulerState sample; the carrier, referred to by
     * id, named once by a blockscope.Carrier event.
     */
    public static Path blockscope(Path file) throws Exception {
        Thread carrier = Thread.ofPlatform().name("test-carrier").start(() -> LockSupport.parkNanos(5_000_000_000L));
        try (Recording r = new Recording()) {
            r.enable("blockscope.TaskStart");
            r.enable("blockscope.TaskEnd");
            r.enable("blockscope.TaskLabel");
            r.enable("blockscope.Suspend").withStackTrace().withThreshold(Duration.ZERO);
            r.enable("blockscope.Carrier");
            r.enable("blockscope.SchedulerState");
            r.start();
            CarrierEvent named = new CarrierEvent();
            named.carrier = carrier;
            named.commit();
            SchedulerStateEvent s = new SchedulerStateEvent();
            s.parallelism = 2;
            s.poolSize = 2;
            s.active = 1;
            s.commit();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                int n = i;
                threads.add(Thread.ofVirtual().name("worker-" + i).start(() -> virtualTask(n, carrier)));
            }
            Thread platform = Thread.ofPlatform().name("sleeper").start(Recordings::platformTask);
            for (Thread t : threads) {
                t.join();
            }
            platform.join();
            r.stop();
            r.dump(file);
        } finally {
            carrier.interrupt();
        }
        return file;
    }

    private static void virtualTask(int n, Thread carrier) {
        TaskStartEvent start = new TaskStartEvent();
        start.virtual = true;
        start.carrierId = carrier.threadId();
        start.commit();
        TaskLabelEvent label = new TaskLabelEvent();
        label.taskName = "fetch-" + n;
        label.group = "crawler";
        label.runtimeTaskId = n + 1;
        label.commit();
        long self = Thread.currentThread().threadId();
        for (int w = 0; w < WAITS; w++) {
            boolean pinned = w == WAITS - 1;
            CountDownLatch latch = new CountDownLatch(1);
            long[] wokenAt = new long[1];
            SuspendEvent e = new SuspendEvent();
            e.begin();
            Thread waker = Thread.ofPlatform().name("waker").start(() -> {
                LockSupport.parkNanos(2_000_000);
                wokenAt[0] = System.nanoTime();
                latch.countDown();
            });
            try {
                latch.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            // as the agent does: the ready time is read before end(), so it lies inside the wait
            long ready = System.nanoTime() - wokenAt[0];
            e.end();
            e.wakerId = waker.threadId();
            e.readyNanos = ready;
            e.reason = pinned ? Reason.MONITOR_WAIT : Reason.PARK_LATCH;
            e.pinned = pinned;
            e.pinReason = pinned ? "Native frame" : null;
            e.carrierId = carrier.threadId();
            e.resumeCarrierId = carrier.threadId();
            e.commit();
        }
        new TaskEndEvent().commit();
    }

    private static void platformTask() {
        new TaskStartEvent().commit();
        for (int i = 0; i < 2; i++) {
            SuspendEvent e = new SuspendEvent();
            e.begin();
            LockSupport.parkNanos(3_000_000);
            e.end();
            e.reason = Reason.SLEEP;
            e.commit();
        }
        new TaskEndEvent().commit();
    }

    /**
     * A plain JDK recording (no blockscope events): a platform thread and virtual threads that
     * sleep and contend on a monitor, thresholds at zero; {@code virtualStartEnd} enables
     * jdk.VirtualThreadStart/End.
     */
    public static Path jdk(Path file, boolean virtualStartEnd) throws Exception {
        try (Recording r = new Recording()) {
            for (String e : List.of("jdk.ThreadSleep", "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait",
                    "jdk.VirtualThreadPinned")) {
                r.enable(e).withThreshold(Duration.ZERO).withStackTrace();
            }
            r.enable("jdk.ThreadStart");
            r.enable("jdk.ThreadEnd");
            r.enable("jdk.JVMInformation");
            if (virtualStartEnd) {
                r.enable("jdk.VirtualThreadStart");
                r.enable("jdk.VirtualThreadEnd");
            }
            r.start();
            Object lock = new Object();
            Thread p = Thread.ofPlatform().name("jdk-sleeper").start(() -> sleep(15));
            List<Thread> vts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                vts.add(Thread.ofVirtual().name("jdk-vt-" + i).start(() -> {
                    sleep(10);
                    synchronized (lock) {
                        sleep(2);
                    }
                }));
            }
            p.join();
            for (Thread t : vts) {
                t.join();
            }
            r.stop();
            r.dump(file);
        }
        return file;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Concatenates single-chunk recordings into one multi-chunk file (JFR files may be joined so). */
    public static Path concat(Path out, Path... parts) throws IOException {
        Files.deleteIfExists(out);
        for (Path p : parts) {
            Files.write(out, Files.readAllBytes(p), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        return out;
    }
}
