package dev.blockscope.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Test support: the few aggregates the agent tests compare with a sample's ground truth, read
 * straight from the {@code .jfr} with {@link RecordingFile} (independent of the analyzer).
 * Events are copied into small records at once, as the JDK may reuse its objects.
 */
final class RecordingAggregates {
    /** One {@code blockscope.Suspend} or {@code blockscope.EarlySuspend}. */
    record Suspend(String thread, String reason, boolean pinned, long nanos) {}

    final List<Suspend> suspends = new ArrayList<>();
    final List<String> regionNames = new ArrayList<>();
    final List<String> logMessages = new ArrayList<>();
    final List<String> taskLabels = new ArrayList<>();
    /** JDK pin events: thread name and whether the JVM gave a reason. */
    final List<String> jdkPinnedThreads = new ArrayList<>();

    static RecordingAggregates read(Path file) throws IOException {
        RecordingAggregates a = new RecordingAggregates();
        try (RecordingFile f = new RecordingFile(file)) {
            while (f.hasMoreEvents()) {
                RecordedEvent e = f.readEvent();
                String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
                switch (e.getEventType().getName()) {
                    case "blockscope.Suspend" -> a.suspends.add(new Suspend(thread, e.getString("reason"),
                            e.getBoolean("pinned"), e.getDuration().toNanos()));
                    // measured before the agent's recording ran: the task is named in fields
                    case "blockscope.EarlySuspend" -> a.suspends.add(new Suspend(e.getString("taskName"), e.getString("reason"),
                            e.getBoolean("pinned"), e.getDuration().toNanos()));
                    case "blockscope.Region" -> a.regionNames.add(e.getString("regionName"));
                    case "blockscope.Log" -> a.logMessages.add(e.getString("message"));
                    case "blockscope.TaskLabel" -> a.taskLabels.add(e.getString("taskName"));
                    case "jdk.VirtualThreadPinned" -> {
                        if (e.hasField("pinnedReason") && e.getString("pinnedReason") != null) {
                            a.jdkPinnedThreads.add(thread);
                        }
                    }
                    default -> { }
                }
            }
        }
        return a;
    }

    long count(Predicate<Suspend> which) {
        return suspends.stream().filter(which).count();
    }

    long maxNanos(Predicate<Suspend> which) {
        return suspends.stream().filter(which).mapToLong(Suspend::nanos).max().orElse(0);
    }

    static Predicate<Suspend> reason(String reason) {
        return s -> s.reason().equals(reason);
    }

    static Predicate<Suspend> threadPrefix(String prefix) {
        return s -> s.thread().startsWith(prefix);
    }
}
