package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Streams a .jfr file one chunk at a time: each chunk's events are mapped to {@link TraceEvent}s,
 * sorted by commit time and handed to the consumer before the next chunk is read. JFR writes
 * each thread's events in order but interleaves threads freely within a chunk, and a duration
 * event is written at its end, after events that happened inside it; sorting one chunk at a time
 * restores a time order with memory bounded by the largest chunk, not by the file.
 *
 * <p>Chunks are read separately (a multi-chunk file through a temporary copy of each chunk), so a
 * damaged or truncated chunk loses only its own events; what was lost is in {@link Result#skipped()}.
 */
public final class RecordingReader {
    /** Progress of a read, in bytes of the file. */
    @FunctionalInterface
    public interface Progress {
        /** Called after each chunk. */
        void update(long bytesDone, long bytesTotal);

        /** A progress that reports nothing. */
        Progress NONE = (done, total) -> {};
    }

    /** A part of the file that could not be read. */
    public record Skipped(String what, long events) {}

    /**
     * What a read saw.
     *
     * @param events       events read, of all types
     * @param eventsByType the same, per JFR event type (sorted by name)
     * @param firstNanos   recording start (earliest chunk start or event), epoch nanos
     * @param lastNanos    recording end (latest chunk end or event), epoch nanos
     */
    public record Result(long events, Map<String, Long> eventsByType, List<Skipped> skipped, int chunks,
                         long firstNanos, long lastNanos) {
        /** True when part of the file could not be read. */
        public boolean damaged() {
            return !skipped.isEmpty();
        }
    }

    private static final Comparator<TraceEvent> BY_TIME = Comparator.comparingLong(TraceEvent::time);

    private final Path file;
    private final ChunkScanner.Layout layout;

    private RecordingReader(Path file, ChunkScanner.Layout layout) {
        this.file = file;
        this.layout = layout;
    }

    /**
     * Opens {@code file} and scans its chunk headers (no events are read yet).
     *
     * @throws RecordingException when the file is missing, empty or not JFR
     */
    public static RecordingReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new RecordingException(file, Files.exists(file) ? "not a regular file" : "no such file");
        }
        return new RecordingReader(file, ChunkScanner.scan(file));
    }

    /** Start of the recording as the chunk headers tell it (epoch nanos), or 0 if they do not. */
    public long headerStartNanos() {
        return layout.chunks().stream().mapToLong(Chunk::startNanos).filter(t -> t > 0).min().orElse(0);
    }

    /** End of the recording as the chunk headers tell it (epoch nanos), or 0 if they do not. */
    public long headerEndNanos() {
        return layout.chunks().stream().filter(c -> c.startNanos() > 0).mapToLong(Chunk::endNanos).max().orElse(0);
    }

    /** Size of the file in bytes. */
    public long fileSize() {
        return layout.fileSize();
    }

    /**
     * Reads the file, delivering events to {@code sink} in commit-time order per chunk.
     *
     * @throws RecordingException when no chunk in the file is readable
     */
    public Result read(StackTable stacks, Consumer<TraceEvent> sink, Progress progress) throws IOException {
        EventMapper mapper = new EventMapper(stacks);
        List<Skipped> skipped = new ArrayList<>();
        for (String problem : layout.problems()) {
            skipped.add(new Skipped(problem, 0));
        }
        Map<String, long[]> counts = new TreeMap<>();
        long total = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int readable = 0;
        boolean whole = layout.chunks().size() == 1 && layout.chunks().getFirst().offset() == 0
                && !layout.chunks().getFirst().truncated() && layout.problems().isEmpty();
        List<TraceEvent> batch = new ArrayList<>();
        for (Chunk chunk : layout.chunks()) {
            batch.clear();
            long[] read = {0};
            String failure = null;
            Path source = whole ? file : copyOf(file, chunk);
            try (RecordingFile recording = new RecordingFile(source)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent e = recording.readEvent();
                    read[0]++;
                    String name = e.getEventType().getName();
                    counts.computeIfAbsent(name, k -> new long[1])[0]++;
                    Function<RecordedEvent, TraceEvent> factory = mapper.factory(name);
                    if (factory != null) {
                        TraceEvent mapped = factory.apply(e);
                        if (mapped != null) {
                            batch.add(mapped);
                        }
                    }
                }
            } catch (OutOfMemoryError oom) {
                throw oom;
            } catch (IOException | RuntimeException | Error ex) {
                failure = describe(ex);
            } finally {
                if (!whole) {
                    Files.deleteIfExists(source);
                }
                mapper.endChunk();
            }
            total += read[0];
            if (failure != null || chunk.truncated()) {
                String where = "chunk " + chunk.index() + " (bytes " + chunk.offset() + "-" + (chunk.offset() + chunk.size()) + ")";
                String what = chunk.truncated() ? where + " is truncated" : where + " is damaged";
                skipped.add(new Skipped(what + (failure == null ? "" : " (" + failure + ")")
                        + (read[0] > 0 ? "; " + read[0] + " events before the damage were kept" : "; none of its events could be read"),
                        read[0]));
            }
            if (read[0] > 0 || failure == null) {
                readable++;
                if (chunk.startNanos() > 0) {
                    first = Math.min(first, chunk.startNanos());
                    if (!chunk.truncated()) {
                        last = Math.max(last, chunk.endNanos());
                    }
                }
            }
            if (!sorted(batch)) {
                batch.sort(BY_TIME);
            }
            for (TraceEvent e : batch) {
                first = Math.min(first, e.time());
                last = Math.max(last, e.time());
                sink.accept(e);
            }
            progress.update(chunk.offset() + chunk.size(), layout.fileSize());
        }
        if (readable == 0) {
            String why = skipped.isEmpty() ? "no chunk could be read" : skipped.getFirst().what();
            throw new RecordingException(file, "not a readable JFR recording: " + why);
        }
        Map<String, Long> byType = new TreeMap<>();
        counts.forEach((k, v) -> byType.put(k, v[0]));
        if (first == Long.MAX_VALUE) {
            first = 0;
            last = 0;
        }
        return new Result(total, byType, List.copyOf(skipped), layout.chunks().size(), first, Math.max(first, last));
    }

    private static boolean sorted(List<TraceEvent> batch) {
        for (int i = 1; i < batch.size(); i++) {
            if (batch.get(i).time() < batch.get(i - 1).time()) {
                return false;
            }
        }
        return true;
    }

    private static Path copyOf(Path file, Chunk chunk) throws IOException {
        Path copy = Files.createTempFile("blockscope-chunk-", ".jfr");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < chunk.size()) {
                long n = in.transferTo(chunk.offset() + done, chunk.size() - done, out);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
        }
        return copy;
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
    }
}
