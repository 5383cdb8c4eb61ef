package dev.blockscope.bench.analyzer;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.report.Analysis;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * One contender of {@link AnalyzerSpeedBenchmark}, run in a JVM of its own:
 * {@code Contender NAME FILE [WARM]} reads FILE once and prints one line
 * {@code RESULT name events nanos peakHeapBytes peakRssBytes cpuNanos warmNanos warmCpuNanos}: time
 * from before the read to after it, peak heap in use sampled every 5 ms, the process' CPU time
 * over the read (every thread: the readers', the compilers', the collector's). With {@code WARM}
 * above 0 it then reads FILE that many times more in the same JVM and gives the median time and
 * CPU of those (else -1): the code's own speed once compiled, apart from the JIT's work of a
 * first run.
 */
public final class Contender {
    private Contender() {}

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path file = Path.of(args[1]);
        // Peak heap in use (live and garbage), sampled: the sum of the pools' own peaks overstates
        // it, since eden, survivor and old space peak at different moments.
        long[] peak = new long[1];
        Thread sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        long cpu0 = processCpu();
        long t0 = System.nanoTime();
        long events = read(name, file);
        long nanos = System.nanoTime() - t0;
        long cpu = processCpu() - cpu0;
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long peakCold = Math.max(peak[0], used);
        long rssCold = peakRss();
        long[] warmNanos = new long[warm];
        long[] warmCpu = new long[warm];
        for (int i = 0; i < warm; i++) {
            long c = processCpu();
            long t = System.nanoTime();
            if (read(name, file) != events) {
                throw new IllegalStateException("a warm read found another number of events");
            }
            warmNanos[i] = System.nanoTime() - t;
            warmCpu[i] = processCpu() - c;
        }
        sampler.interrupt();
        sampler.join();
        System.out.println("RESULT " + name + " " + events + " " + nanos + " " + peakCold + " " + rssCold + " " + cpu + " "
                + median(warmNanos) + " " + median(warmCpu));
    }

    private static long read(String name, Path file) throws Exception {
        return switch (name) {
            case "blockscope", "blockscope-g1", "blockscope-1thread", "blockscope-recordingfile" -> analyze(file);
            case "blockscope-read-only" -> readOnly(file);
            case "recordingfile-loop" -> recordingFileLoop(file);
            case "jmc" -> jmc(file);
            default -> throw new IllegalArgumentException("unknown contender " + name);
        };
    }

    /** CPU time of every thread of this process so far, in nanoseconds, or -1 where the JVM cannot say. */
    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** The median, or -1 for none. */
    private static long median(long[] values) {
        if (values.length == 0) {
            return -1;
        }
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    /** The process' peak resident set in bytes (Linux's VmHWM), or -1 where it cannot be read. */
    private static long peakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** The whole analysis, as {@code blockscope summary} runs it (reader chosen by -Dblockscope.reader). */
    private static long analyze(Path file) throws Exception {
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        return a.source().events();
    }

    /** Only blockscope's reader: the mapped events delivered in order and dropped, no analysis. */
    private static long readOnly(Path file) throws Exception {
        long[] mapped = new long[1];
        RecordingReader.Result r = RecordingReader.open(file).read(new dev.blockscope.analyzer.read.StackTable(),
                e -> mapped[0]++, RecordingReader.Progress.NONE);
        return r.events();
    }

    /**
     * A bare RecordingFile loop reading the fields the analyzer maps from the same events, where
     * the event has them: the agent's own chunks name the task in a field of their own, not in
     * JFR's {@code eventThread}, and newer agents' carriers are ids ({@code carrierId}).
     */
    private static long recordingFileLoop(Path file) throws Exception {
        long events = 0;
        long sink = 0;
        java.util.Map<jdk.jfr.EventType, String> taskField = new java.util.HashMap<>();
        try (RecordingFile r = new RecordingFile(file)) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                events++;
                jdk.jfr.EventType eventType = e.getEventType();
                String type = eventType.getName();
                sink += e.getStartTime().getNano() + e.getEndTime().getNano();
                String thread = taskField.computeIfAbsent(eventType, t -> t.getField("eventThread") != null ? "eventThread"
                        : t.getField("sampledThread") != null ? "sampledThread" : t.getField("thread") != null ? "thread" : "");
                if (!thread.isEmpty() && e.getValue(thread) instanceof RecordedThread t) {
                    sink += t.getJavaThreadId() + (t.isVirtual() ? 1 : 0) + (t.getJavaName() == null ? 0 : t.getJavaName().length());
                }
                switch (type) {
                    case "blockscope.Suspend" -> {
                        String reason = e.getString("reason");
                        boolean pinned = e.getBoolean("pinned");
                        sink += (reason == null ? 0 : reason.length()) + (pinned ? 1 : 0) + lng(e, "timeout")
                                + lng(e, "carrierId") + lng(e, "resumeCarrierId") + lng(e, "wakerId") + lng(e, "readyNanos");
                        // the synthetic recording's older schema: carriers as threads
                        sink += (e.hasField("carrier") && e.getValue("carrier") != null ? 1 : 0)
                                + (e.hasField("resumeCarrier") && e.getValue("resumeCarrier") != null ? 1 : 0);
                        if (e.hasField("blockerClass") && e.getValue("blockerClass") instanceof jdk.jfr.consumer.RecordedClass c) {
                            sink += c.getName().length();
                        }
                        RecordedStackTrace stack = e.getStackTrace();
                        sink += stack == null ? 0 : stack.getFrames().size();
                    }
                    case "blockscope.Unpark" -> sink += lng(e, "targetId");
                    case "blockscope.TaskStart" -> sink += lng(e, "parentId") + lng(e, "carrierId");
                    case "blockscope.CarrierIdle", "blockscope.TaskEnd" -> sink += e.getDuration().getNano();
                    case "blockscope.Carrier" -> sink += e.getValue("carrier") instanceof RecordedThread t ? t.getJavaThreadId() : 0;
                    default -> { }
                }
            }
        }
        if (sink == 42) {
            System.out.println(); // keeps the reads from being optimized away
        }
        return events;
    }

    private static long lng(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getLong(field) : 0;
    }

    /** JMC's parser: every event loaded into its item collection, then counted. */
    private static long jmc(Path file) throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(new File(file.toString()));
        long events = 0;
        for (IItemIterable it : items) {
            events += it.getItemCount();
        }
        return events;
    }
}
