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
 * {@code Contender NAME FILE} reads FILE once and prints one line
 * {@code RESULT name events nanos peakHeapBytes} (time from before the read to after it, peak
 * heap in use sampled every 5 ms).
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
        long t0 = System.nanoTime();
        long events = switch (name) {
            case "blockscope", "blockscope-recordingfile" -> analyze(file);
            case "blockscope-read-only" -> readOnly(file);
            case "recordingfile-loop" -> recordingFileLoop(file);
            case "jmc" -> jmc(file);
            default -> throw new IllegalArgumentException("unknown contender " + name);
        };
        long nanos = System.nanoTime() - t0;
        sampler.interrupt();
        sampler.join();
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.println("RESULT " + name + " " + events + " " + nanos + " " + Math.max(peak[0], used));
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

    /** A bare RecordingFile loop reading the fields the analyzer maps from the same events. */
    private static long recordingFileLoop(Path file) throws Exception {
        long events = 0;
        long sink = 0;
        try (RecordingFile r = new RecordingFile(file)) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                events++;
                String type = e.getEventType().getName();
                sink += e.getStartTime().getNano() + e.getEndTime().getNano();
                RecordedThread t = (RecordedThread) e.getValue("eventThread");
                if (t != null) {
                    sink += t.getJavaThreadId() + (t.isVirtual() ? 1 : 0) + t.getJavaName().length();
                }
                switch (type) {
                    case "blockscope.Suspend" -> {
                        String reason = (String) e.getValue("reason");
                        boolean pinned = (Boolean) e.getValue("pinned");
                        RecordedThread carrier = (RecordedThread) e.getValue("carrier");
                        RecordedThread resume = (RecordedThread) e.getValue("resumeCarrier");
                        RecordedStackTrace stack = (RecordedStackTrace) e.getValue("stackTrace");
                        long timeout = (Long) e.getValue("timeout");
                        sink += reason.length() + (pinned ? 1 : 0) + (carrier == null ? 0 : 1) + (resume == null ? 0 : 1)
                                + (stack == null ? 0 : stack.getFrames().size()) + timeout;
                    }
                    case "blockscope.Unpark" -> sink += (Long) e.getValue("targetId");
                    case "blockscope.TaskStart" -> sink += (Long) e.getValue("parentId");
                    default -> { }
                }
            }
        }
        if (sink == 42) {
            System.out.println(); // keeps the reads from being optimized away
        }
        return events;
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
