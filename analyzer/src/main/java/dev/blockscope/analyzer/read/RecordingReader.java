package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.StableOrder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Streams a .jfr file one chunk at a time: each chunk's events are mapped to {@link TraceEvent}s,
 * sorted by commit time and handed to the consumer in time order. JFR writes each thread's events
 * in order but interleaves threads freely within a chunk, and a duration event is written at its
 * end, after events that happened inside it; sorting one chunk at a time restores a time order
 * with memory bounded by the chunks that overlap, not by the file. Chunks are read in order of
 * their start and chunks that overlap in time (blockscope's own beside the JDK's) are merged
 * ({@link ChunkMerge}).
 *
 * <p>Chunks are read separately (a multi-chunk file through a temporary copy of each chunk), so a
 * damaged or truncated chunk loses only its own events; what was lost is in {@link Result#skipped()}.
 * The JDK's RecordingFile is given only chunks whose header and layout were checked (it waits
 * forever for a chunk it takes for unfinished), and then under a time bound; every other chunk,
 * and every damaged one, is read by {@link FastChunkReader}, which keeps what precedes the damage.
 * A gzipped file (as JMC and JDK 8 write them) is expanded to a temporary file first.
 */
public final class RecordingReader implements AutoCloseable {
    /** Progress of a read, in bytes of the file. */
    @FunctionalInterface
    public interface Progress {
        /** Called after each chunk. */
        void update(long bytesDone, long bytesTotal);

        /** A progress that reports nothing. */
        Progress NONE = (done, total) -> {};
    }

    /**
     * System property choosing the reader: {@code fast} (the default, {@link FastChunkReader}) or
     * {@code jdk} (the JDK's RecordingFile, the reference).
     */
    public static final String READER_PROPERTY = "blockscope.reader";

    /** Which parser reads the chunks. */
    public enum Engine {
        /** blockscope's own streaming parser; a chunk it does not understand is read by {@link #JDK}. */
        FAST,
        /** The JDK's {@code jdk.jfr.consumer.RecordingFile}. */
        JDK;

        /** The engine {@link #READER_PROPERTY} names ({@link #FAST} when unset). */
        public static Engine fromSystemProperty() {
            String v = System.getProperty(READER_PROPERTY, "fast").trim();
            return switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "jdk", "recordingfile" -> JDK;
                case "fast", "" -> FAST;
                default -> throw new IllegalArgumentException("-D" + READER_PROPERTY + "=" + v + ": expected fast or jdk");
            };
        }
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
     * @param limits       what the reader could not resolve, in words (for {@code source.limits})
     */
    public record Result(long events, Map<String, Long> eventsByType, List<Skipped> skipped, int chunks,
                         long firstNanos, long lastNanos, List<String> limits) {
        /** A result with nothing unresolved. */
        public Result(long events, Map<String, Long> eventsByType, List<Skipped> skipped, int chunks, long firstNanos, long lastNanos) {
            this(events, eventsByType, skipped, chunks, firstNanos, lastNanos, List.of());
        }

        /** True when part of the file could not be read. */
        public boolean damaged() {
            return !skipped.isEmpty();
        }
    }

    /**
     * System property: how many threads parse chunks (default: the available processors). The
     * output does not depend on it; {@code 1} parses each chunk on the consuming thread.
     */
    public static final String THREADS_PROPERTY = "blockscope.readerThreads";

    /**
     * System property: how many records a chunk may hold in the heap before it is streamed (decoded
     * a second time as it is delivered, {@link StreamedChunk}) instead; 0 streams every chunk. By
     * default, a share of the heap (see {@link #keptRecords}). The output does not depend on it.
     */
    public static final String KEEP_PROPERTY = "blockscope.readerKeep";

    /** About what a record costs in the heap with what it refers to (a Blocked is 72 bytes, its Unparked 32). */
    private static final long RECORD_BYTES = 100;

    /** How long the JDK's reader may take on a chunk before it is given up: this plus 1 s per MB. */
    static final long JDK_READER_BOUND_MILLIS = 60_000;

    /** The file as named by the user (messages); {@link #data} is what is read (the same, or its expansion). */
    private final Path name;
    private final Path file;
    private final ChunkScanner.Layout layout;
    private final Engine engine;
    private final List<String> inputProblems;
    private final boolean temporary;
    /** A directory of chunk files (a killed JVM's): a chunk JFR was still writing is expected there, not damage. */
    private boolean fromDirectory;
    /** What the input itself cannot show (a directory's unfinished chunk), for the limits. */
    private final List<String> inputLimits = new ArrayList<>();
    /** Chunks the fast reader handed to the JDK's reader, by what it does not handle (chunks parse in parallel). */
    private final Map<String, java.util.SortedSet<Integer>> fallbacks = new java.util.concurrent.ConcurrentHashMap<>();
    /** A preview's chunks ({@link #previewFirst}), in order of start; null reads them all. */
    private List<Chunk> previewChunks;
    /** A preview's end (epoch nanos): the start of the first chunk it leaves out; events from then on are not delivered. */
    private long previewEnd = Long.MAX_VALUE;

    private RecordingReader(Path name, Path file, ChunkScanner.Layout layout, Engine engine, List<String> inputProblems,
                            boolean temporary) {
        this.name = name;
        this.file = file;
        this.layout = layout;
        this.engine = engine;
        this.inputProblems = inputProblems;
        this.temporary = temporary;
    }

    /**
     * Opens {@code file} and scans its chunk headers (no events are read yet).
     *
     * @throws RecordingException when the file is missing, empty or not JFR
     */
    public static RecordingReader open(Path file) throws IOException {
        return open(file, Engine.fromSystemProperty());
    }

    /** As {@link #open(Path)}, with the given parser. */
    public static RecordingReader open(Path file, Engine engine) throws IOException {
        return open(file, engine, new ChunkScanner.FileClock());
    }

    /**
     * As {@link #open(Path)}, its chunks read on {@code clock}: the clock earlier files of the same
     * JVM's stream of chunks were read on, so that their times are as if the files were one.
     */
    public static RecordingReader open(Path file, ChunkScanner.FileClock clock) throws IOException {
        return open(file, Engine.fromSystemProperty(), clock);
    }

    private static RecordingReader open(Path file, Engine engine, ChunkScanner.FileClock clock) throws IOException {
        Input in = Input.of(file);
        try {
            return open(in, engine, clock, true);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a recording made readable beforehand ({@link Input#of}): read by more than one reader
     * (serve's preview and its whole analysis), it is expanded or joined once. The input stays
     * the caller's: closing this reader leaves it.
     */
    public static RecordingReader open(Input in) throws IOException {
        return open(in, Engine.fromSystemProperty(), new ChunkScanner.FileClock(), false);
    }

    private static RecordingReader open(Input in, Engine engine, ChunkScanner.FileClock clock, boolean owned) throws IOException {
        RecordingReader r = new RecordingReader(in.name, in.file, ChunkScanner.scan(in.file, in.name, clock), engine, in.problems,
                owned && in.made);
        r.inputLimits.addAll(in.notes);
        r.fromDirectory = in.directory;
        return r;
    }

    /**
     * A recording as the readers read it: a file as it is, a gzipped one expanded to a temporary
     * file, a directory of chunk files joined into one; with what the expansion or the joining
     * could not do. {@link #close} deletes what it made.
     */
    public static final class Input implements AutoCloseable {
        private final Path name;
        private final Path file;
        private final List<String> problems;
        private final List<String> notes;
        private final boolean directory;
        private final boolean made;

        private Input(Path name, Path file, List<String> problems, List<String> notes, boolean directory, boolean made) {
            this.name = name;
            this.file = file;
            this.problems = problems;
            this.notes = notes;
            this.directory = directory;
            this.made = made;
        }

        /**
         * {@code file} made readable: expanded if gzipped, joined if a directory of chunks.
         *
         * @throws RecordingException when it is missing or not a regular file or directory
         */
        public static Input of(Path file) throws IOException {
            if (Files.isDirectory(file)) {
                RecordingDirectories.Joined joined = RecordingDirectories.join(file);
                return new Input(file, joined.file(), List.of(), joined.notes(), true, true);
            }
            if (!Files.isRegularFile(file)) {
                throw new RecordingException(file, Files.exists(file) ? "not a regular file" : "no such file");
            }
            GzipRecordings.Expanded expanded = GzipRecordings.expandIfGzipped(file);
            return expanded == null ? new Input(file, file, List.of(), List.of(), false, false)
                    : new Input(file, expanded.file(), expanded.problems(), List.of(), false, true);
        }

        /** The recording as the user named it. */
        public Path name() {
            return name;
        }

        /** The size of what is read: the expansion's or the joined chunks' when one was made. */
        public long bytes() throws IOException {
            return Files.size(file);
        }

        /** Whether a file was made for it (an expansion or a joining), which {@link #close} deletes. */
        public boolean made() {
            return made;
        }

        @Override
        public void close() throws IOException {
            if (made) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Whether a preview's chunks skip, undecoded, the events that start after its end (tests compare both ways). */
    static volatile boolean skipPastPreview = true;

    /** The shortest preview: a second of the recording from its first chunk's start. */
    static final long MIN_PREVIEW_NANOS = 1_000_000_000L;

    /**
     * Makes {@link #read} a preview of the recording's beginning: its events up to the time by
     * which the chunks hold about {@code bytes} (each chunk's bytes taken as spread evenly over
     * its span, so a chunk of the JDK's that runs beside blockscope's for the whole recording
     * counts for its share only), and a second of the recording at least
     * ({@link #MIN_PREVIEW_NANOS}): blockscope's first chunk starts before the JDK's (what its
     * probes measured while JFR started), and a preview cut there would show nothing. The chunks
     * that start before that end are read, and of them only the events before it: a preview's
     * cost follows the events it analyzes, not the size of the chunks it opens (blockscope's
     * chunks of a busy service hold 8 MB and more each). The read's end and
     * {@link #headerEndNanos} are the preview's end, and its limits say what it is. For
     * {@code serve}, which shows a large file's beginning while the whole is analyzed.
     *
     * @return false, and nothing changed, when every chunk would be read (the preview would cost
     *         what the whole does), or when a chunk's start is unknown (a preview could not say
     *         where it ends)
     */
    public boolean previewFirst(long bytes) {
        List<Chunk> all = inStartOrder(layout.chunks());
        if (all.isEmpty() || all.stream().anyMatch(c -> c.startNanos() <= 0)) {
            return false;
        }
        long first = all.getFirst().startNanos();
        long end = Math.max(first + MIN_PREVIEW_NANOS, timeHolding(all, bytes));
        int n = 0;
        while (n < all.size() && all.get(n).startNanos() < end) {
            n++;
        }
        if (n >= all.size()) {
            return false;
        }
        previewChunks = List.copyOf(all.subList(0, n));
        previewEnd = end;
        return true;
    }

    /**
     * The earliest time by which {@code chunks} hold {@code bytes}, each chunk's bytes spread
     * evenly from its start to its end (all of them at its start when it has no span); past the
     * last chunk's end when they hold fewer.
     */
    static long timeHolding(List<Chunk> chunks, long bytes) {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Chunk c : chunks) {
            lo = Math.min(lo, c.startNanos());
            hi = Math.max(hi, Math.max(c.startNanos(), c.endNanos()));
        }
        if (held(chunks, hi) < bytes) {
            return hi + 1;
        }
        // the bytes held grow with the time: the first time holding enough, to the nanosecond
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (held(chunks, mid) >= bytes) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The bytes {@code chunks} hold up to {@code time}, each spread evenly over its span. */
    private static double held(List<Chunk> chunks, long time) {
        double held = 0;
        for (Chunk c : chunks) {
            long span = c.endNanos() - c.startNanos();
            if (time < c.startNanos()) {
                continue;
            }
            held += span <= 0 || time >= c.endNanos() ? c.size() : c.size() * ((double) (time - c.startNanos()) / span);
        }
        return held;
    }

    /** Deletes the expansion of a gzipped file; nothing else to release. */
    @Override
    public void close() throws IOException {
        if (temporary) {
            Files.deleteIfExists(file);
        }
    }

    /** Start of the recording as the chunk headers tell it (epoch nanos), or 0 if they do not. */
    public long headerStartNanos() {
        return layout.chunks().stream().mapToLong(Chunk::startNanos).filter(t -> t > 0).min().orElse(0);
    }

    /** End of the recording as the chunk headers tell it (epoch nanos), or 0 if they do not. */
    public long headerEndNanos() {
        long end = layout.chunks().stream().filter(c -> c.startNanos() > 0).mapToLong(Chunk::endNanos).max().orElse(0);
        return Math.min(end, previewEnd);
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
        List<Skipped> skipped = new ArrayList<>();
        for (String problem : inputProblems) {
            skipped.add(new Skipped(problem, 0));
        }
        for (String problem : layout.problems()) {
            skipped.add(new Skipped(problem, 0));
        }
        Map<String, long[]> counts = new TreeMap<>();
        List<String> limits = new ArrayList<>(inputLimits);
        long total = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long bytesDone = 0;
        int readable = 0;
        boolean whole = layout.chunks().size() == 1 && layout.chunks().getFirst().offset() == 0
                && !layout.chunks().getFirst().truncated() && layout.problems().isEmpty();
        // Chunks are independent, so they are parsed and mapped in parallel (the costly part), on
        // every core, while the consuming thread delivers the one before them in order. Each chunk
        // interns its stacks in a table of its own, adopted into the analysis' table when the
        // chunk is delivered: stack ids then follow the chunks' order, whichever thread parsed what.
        List<Chunk> chunks = previewChunks != null ? previewChunks : inStartOrder(layout.chunks());
        long cut = previewEnd;
        int threads = whole ? 1 : Math.max(1, Math.min(parseThreads(), chunks.size()));
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "blockscope-chunk-reader");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<ChunkEvents>> ahead = new ArrayDeque<>();
        // Each chunk parsed ahead holds its mapped events until delivered (an agent chunk of 8 MB
        // maps to about 80 MB of records): one per thread keeps the threads busy, and a small heap
        // gets one per 512 MB, at least one, so parsing still runs beside the analysis.
        int parseAhead = (int) Math.max(1, Math.min(threads, Runtime.getRuntime().maxMemory() / (512L << 20)));
        long keep = keptRecords(parseAhead);
        int next = 0;
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        ChunkMerge merge = new ChunkMerge(e -> {
            long t = e.time();
            if (t >= cut) {
                return; // a preview's: after its end (the events counted are those of the chunks read)
            }
            span[0] = Math.min(span[0], t);
            span[1] = Math.max(span[1], t);
            sink.accept(e);
        });
        try {
            for (int done = 0; done < chunks.size(); done++) {
                ChunkEvents c;
                if (pool == null) {
                    c = parse(chunks.get(done), whole, keep);
                } else {
                    while (next < chunks.size() && ahead.size() < parseAhead) {
                        Chunk chunk = chunks.get(next++);
                        ahead.add(pool.submit(() -> parse(chunk, false, keep)));
                    }
                    c = await(ahead.removeFirst());
                    // the next chunk starts parsing while this one is delivered
                    while (next < chunks.size() && ahead.size() < parseAhead) {
                        Chunk chunk = chunks.get(next++);
                        ahead.add(pool.submit(() -> parse(chunk, false, keep)));
                    }
                }
                int[] stackIds = adoptStacks(c, stacks);
                Chunk chunk = c.chunk();
                total += c.read();
                limits.addAll(c.limits());
                c.counts().forEach((k, v) -> counts.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
                boolean inProgress = fromDirectory && chunk.truncated() && chunk.unreadable() == null && !c.damage().isEmpty()
                        && c.damage().stream().allMatch(d -> d.startsWith(ChunkScanner.NEVER_FINISHED));
                if (inProgress && c.failure() == null) {
                    // JFR's chunk in progress when the JVM was killed: read up to JFR's last flush (once a second)
                    limits.add(chunk.where() + " was still being written when the JVM ended (JFR flushes it once a second):"
                            + " its " + c.read() + " events up to the last flush were read, what came after is lost");
                } else if (inProgress && c.read() == 0 && c.failure().startsWith("no metadata event")) {
                    // killed just after JFR began a chunk, before its first flush wrote the metadata
                    limits.add(chunk.where() + " was begun just before the JVM ended, before JFR first flushed it: what it"
                            + " would have held is lost");
                } else if (c.failure() != null || chunk.truncated() || !c.damage().isEmpty()) {
                    List<String> why = new ArrayList<>(c.damage());
                    if (c.failure() != null) {
                        why.add(c.failure());
                    }
                    String what = chunk.where() + (chunk.unreadable() != null ? " cannot be read"
                            : chunk.truncated() ? " is truncated" : " is damaged")
                            + (why.isEmpty() ? "" : ": " + String.join("; ", why));
                    long kept = c.read() - c.leftOut();
                    skipped.add(new Skipped(what + (kept == 0 ? "; none of its events could be read"
                            : c.failure() != null || chunk.truncated() ? "; " + kept + " events before the damage were kept"
                            : "; its other " + kept + " events were kept"), kept));
                }
                if (c.read() > 0 || c.failure() == null) {
                    readable++;
                    if (chunk.startNanos() > 0) {
                        first = Math.min(first, chunk.startNanos());
                        if (!chunk.truncated()) {
                            last = Math.max(last, chunk.endNanos());
                        }
                    }
                }
                if (c.survey() != null) {
                    merge.add(StreamedChunk.open(file, chunk, c.survey(), stackIds), chunk.startNanos());
                } else {
                    merge.add(c.events(), c.times(), chunk.startNanos());
                }
                progress.update(Math.min(layout.fileSize(), bytesDone += chunk.size()), layout.fileSize());
            }
            merge.finish();
            first = Math.min(first, span[0]);
            last = Math.max(last, span[1]);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (readable == 0) {
            String why = skipped.isEmpty() ? "no chunk could be read" : skipped.getFirst().what();
            throw new RecordingException(name, "not a readable JFR recording: " + why);
        }
        Map<String, Long> byType = new TreeMap<>();
        counts.forEach((k, v) -> byType.put(k, v[0]));
        if (first == Long.MAX_VALUE) {
            first = 0;
            last = 0;
        }
        limits.addAll(fallbackLimits());
        if (previewChunks != null) {
            last = Math.min(last, previewEnd);
            long recordingEnd = Math.max(previewEnd, layout.chunks().stream().mapToLong(Chunk::endNanos).max().orElse(previewEnd));
            limits.add(String.format(Locale.ROOT, "a preview: the recording's first %.1f s of %.1f s (%d of its %d chunks, %,d of"
                    + " its %,d bytes): what came after is not in it, and waits that ended in its last second may be missing (committed in"
                    + " later chunks)", (previewEnd - first) / 1e9, (recordingEnd - first) / 1e9,
                    chunks.size(), layout.chunks().size(), chunks.stream().mapToLong(Chunk::size).sum(), layout.fileSize()));
        }
        return new Result(total, byType, List.copyOf(skipped), chunks.size(), first, Math.max(first, last),
                List.copyOf(limits));
    }

    /**
     * A chunk read by the JDK's reader because the fast one does not handle something in it is a
     * limit of the analysis, not a silent slowdown: a fast-reader bug would otherwise show only
     * as a file read three times slower.
     */
    private List<String> fallbackLimits() {
        List<String> out = new ArrayList<>();
        new TreeMap<>(fallbacks).forEach((what, chunks) -> out.add((chunks.size() == 1 ? "chunk " + chunks.first() + " has "
                : chunks.size() + " chunks (" + chunks.stream().limit(5).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))
                + (chunks.size() > 5 ? ", ..." : "") + ") have ") + what + ", which blockscope's own reader does not handle:"
                + " read with the JDK's RecordingFile instead (about 3x slower)"));
        return out;
    }

    /**
     * Records a chunk may hold before it is streamed: {@link #KEEP_PROPERTY}, else what fits a
     * quarter of the heap shared by the chunks parsed ahead and the one delivered (at -Xmx1g, 890,000
     * records: an agent's 8 MB chunk holds about 500,000; at -Xmx256m, 330,000).
     */
    static long keptRecords(int parseAhead) {
        String v = System.getProperty(KEEP_PROPERTY);
        if (v != null && !v.isBlank()) {
            try {
                return Math.max(0, Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + KEEP_PROPERTY + "=" + v + ": expected a number of records");
            }
        }
        return Runtime.getRuntime().maxMemory() / 4 / (parseAhead + 1) / RECORD_BYTES;
    }

    /** Threads that parse chunks: {@link #THREADS_PROPERTY}, else the available processors. */
    static int parseThreads() {
        String v = System.getProperty(THREADS_PROPERTY);
        if (v != null && !v.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + v + ": expected a number of threads");
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Moves the stacks a chunk interned in its own table into the analysis' table, in the order
     * the chunk met them, and renumbers its events' stacks (waits' and samples') to match: as if the chunks had been
     * parsed one after another into one table.
     */
    private static int[] adoptStacks(ChunkEvents c, StackTable stacks) {
        StackTable local = c.stacks();
        int n = local == null ? 0 : local.size();
        if (n == 0) {
            return null;
        }
        int[] map = new int[n];
        boolean same = true;
        for (int i = 0; i < n; i++) {
            map[i] = stacks.intern(local.frames(i));
            same &= map[i] == i;
        }
        if (same) {
            return null;
        }
        if (c.survey() != null) {
            return map; // a streamed chunk's events are renumbered as they are delivered
        }
        List<TraceEvent> events = c.events();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof TraceEvent.Blocked b && b.stack() >= 0) {
                events.set(i, b.withStack(map[b.stack()]));
            } else if (events.get(i) instanceof TraceEvent.ThreadSampled t && t.stack() >= 0) {
                // CPU samples carry stacks too: without this a sample's stack was another's (CpuShareIT)
                events.set(i, t.withStack(map[t.stack()]));
            }
        }
        return null;
    }

    /**
     * The chunks in order of their start; one without a start time (damaged) keeps its place
     * after the chunk before it in the file.
     */
    private static List<Chunk> inStartOrder(List<Chunk> chunks) {
        List<Chunk> sorted = new ArrayList<>(chunks);
        Map<Chunk, Long> key = new java.util.IdentityHashMap<>();
        long previous = Long.MIN_VALUE;
        for (Chunk c : chunks) {
            previous = c.startNanos() > 0 ? c.startNanos() : previous;
            key.put(c, previous);
        }
        sorted.sort(Comparator.comparingLong(key::get)); // stable: file order among equals
        return sorted;
    }

    /**
     * One chunk, parsed and mapped: its events sorted by commit time, its counts, what was wrong
     * with it while its events were still read ({@code damage}) and what stopped the reading
     * ({@code failure}, null if nothing did).
     */
    private record ChunkEvents(Chunk chunk, List<TraceEvent> events, long[] times, Map<String, long[]> counts, long read,
                               String failure, List<String> damage, long leftOut, List<String> limits, StackTable stacks,
                               StreamedChunk.Survey survey) {
        ChunkEvents(Chunk chunk, List<TraceEvent> events, Map<String, long[]> counts, long read, String failure, List<String> damage) {
            this(chunk, events, events.stream().mapToLong(TraceEvent::time).toArray(), counts, read, failure, damage, 0, List.of(),
                    null, null);
        }

        /** {@code times}: the events' times, in their order ({@link #sortByTime}). */
        ChunkEvents(Chunk chunk, List<TraceEvent> events, long[] times, Map<String, long[]> counts, long read, String failure,
                    List<String> damage, long leftOut, List<String> limits, StackTable stacks) {
            this(chunk, events, times, counts, read, failure, damage, leftOut, limits, stacks, null);
        }
    }

    private ChunkEvents parse(Chunk chunk, boolean whole, long keep) throws IOException {
        StackTable stacks = new StackTable();
        if (chunk.unreadable() != null) {
            return new ChunkEvents(chunk, List.of(), Map.of(), 0, chunk.unreadable(), chunk.damage());
        }
        if (engine == Engine.JDK && chunk.sound() && jdkMayRead(chunk)) {
            return parseWithRecordingFile(chunk, whole, stacks);
        }
        List<TraceEvent> batch = new ArrayList<>();
        Map<String, long[]> counts = new HashMap<>();
        try {
            // The chunk's records are held, unless there are more than the heap can hold: then they
            // are dropped as they come, and the chunk is decoded again as it is delivered.
            FastChunkReader.Decoder decoder = FastChunkReader.open(file, chunk, stacks, null);
            if (previewEnd != Long.MAX_VALUE && skipPastPreview) {
                decoder.skipFrom(previewEnd); // a preview's: never delivered (see read), so not decoded
            }
            StreamedChunk.Survey survey = new StreamedChunk.Survey();
            List<TraceEvent> out = batch;
            while (true) {
                int from = out.size();
                int at = decoder.position();
                if (!decoder.next(out)) {
                    break;
                }
                survey.add(at, out, from);
                if (out != batch) {
                    out.clear();
                } else if (batch.size() > keep) {
                    batch = null;
                    out = new ArrayList<>(4);
                }
            }
            FastChunkReader.Outcome outcome = decoder.outcome(counts);
            List<String> damage = new ArrayList<>(chunk.damage());
            damage.addAll(outcome.damage());
            if (batch == null) {
                survey.finish();
                survey.carriers = decoder.carriers();
                survey.stacks = stacks;
                return new ChunkEvents(chunk, null, null, counts, outcome.read(), null, List.copyOf(damage), outcome.leftOut(),
                        outcome.limits(), stacks, survey);
            }
            decoder.carriers().nameAll(batch);
            if (previewEnd != Long.MAX_VALUE) {
                long cut = previewEnd;
                batch.removeIf(e -> e.time() >= cut); // never delivered (see read): neither sorted nor held
            }
            long[] times = sortByTime(batch);
            return new ChunkEvents(chunk, batch, times, counts, outcome.read(), null, List.copyOf(damage), outcome.leftOut(),
                    outcome.limits(), stacks);
        } catch (UnsupportedRecordingException unknown) {
            fallbacks.computeIfAbsent(unknown.getMessage(), k -> new java.util.concurrent.ConcurrentSkipListSet<>()).add(chunk.index());
            return parseWithRecordingFile(chunk, whole, stacks);
        } catch (RuntimeException damaged) {
            return new ChunkEvents(chunk, List.of(), Map.of(), 0, describe(damaged), chunk.damage());
        }
    }

    /** Whether the chunk's layout passed the fast reader's checks (a chunk too large for them is given to the JDK's reader, bounded). */
    private boolean jdkMayRead(Chunk chunk) throws IOException {
        try {
            return FastChunkReader.checkedForJdkReader(file, chunk);
        } catch (UnsupportedRecordingException tooLarge) {
            return true;
        } catch (RuntimeException damaged) {
            return false;
        }
    }

    /**
     * The JDK's reader on a chunk whose header and layout were checked, bounded in time: on some
     * damage it loops or waits without end, and a thread cannot be stopped, only abandoned (it is
     * a daemon, so it never keeps the JVM alive).
     */
    private ChunkEvents parseWithRecordingFile(Chunk chunk, boolean whole, StackTable stacks) throws IOException {
        java.util.concurrent.FutureTask<ChunkEvents> task = new java.util.concurrent.FutureTask<>(() -> readWithRecordingFile(chunk, whole, stacks));
        Thread reader = new Thread(task, "blockscope-jdk-reader-chunk-" + chunk.index());
        reader.setDaemon(true);
        reader.start();
        long bound = JDK_READER_BOUND_MILLIS + chunk.size() / 1000;
        try {
            return task.get(bound, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            reader.interrupt();
            return new ChunkEvents(chunk, List.of(), Map.of(), 0, "the JDK's reader did not finish it within " + bound / 1000
                    + " s (it waits without end on some damaged chunks), so it was given up", chunk.damage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading chunk " + chunk.index());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof Error err) {
                throw err; // the JVM's trouble or a bug, not the file's: it is not reported as damage
            }
            return new ChunkEvents(chunk, List.of(), Map.of(), 0, describe(e.getCause()), chunk.damage());
        }
    }

    private ChunkEvents readWithRecordingFile(Chunk chunk, boolean whole, StackTable stacks) throws IOException {
        // copied alone, a chunk is read on its own clock: moved onto the file's, as the fast reader's are
        RecordedFields fields = new RecordedFields(stacks, chunk.clockShift());
        List<TraceEvent> batch = new ArrayList<>();
        Map<String, long[]> counts = new HashMap<>();
        EventTimes times = new EventTimes(chunk.startNanos(), chunk.endNanos());
        long read = 0;
        long untimely = 0;
        String failure = null;
        Path source = whole ? file : copyOf(file, chunk);
        try (RecordingFile recording = new RecordingFile(source)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                read++;
                String name = e.getEventType().getName();
                counts.computeIfAbsent(name, k -> new long[1])[0]++;
                EventTable.Spec spec = EventTable.spec(EventNames.canonical(name));
                if (spec != null) {
                    int from = batch.size();
                    spec.map(fields.bind(e, spec), batch);
                    untimely += times.keepPlausible(batch, from);
                }
            }
        } catch (IOException | RuntimeException ex) {
            failure = describe(ex);
        } catch (InternalError ex) {
            // jdk.jfr's parser says "malformed" this way too ("... is not a valid Java type"); any
            // other InternalError is the JVM's, and goes on
            if (!thrownByJfr(ex)) {
                throw ex;
            }
            failure = describe(ex);
        } finally {
            if (!whole) {
                Files.deleteIfExists(source);
            }
        }
        fields.carriers().nameAll(batch);
        long[] inOrder = sortByTime(batch);
        List<String> damage = new ArrayList<>(chunk.damage());
        if (untimely > 0) {
            damage.add(untimely + " event(s) had times outside the chunk's (damaged values), left out");
        }
        return new ChunkEvents(chunk, batch, inOrder, counts, read, failure, List.copyOf(damage), untimely, List.of(), stacks);
    }

    private static ChunkEvents await(Future<ChunkEvents> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading chunks");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Puts a chunk's events in time order, ties in file order (a stable sort), and returns their
     * times in that order (what the merge asks of each event before delivering it). The times are
     * read once into an array and the positions sorted by them: a sort of the events by a
     * comparator called {@code time()} through the interface twice per comparison, a quarter of the
     * reader threads' CPU on the agent's chunks (JFR writes a chunk as runs already in order, which
     * the natural merge of {@link StableOrder} takes whole).
     */
    static long[] sortByTime(List<TraceEvent> batch) {
        int n = batch.size();
        long[] times = new long[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            long t = batch.get(i).time();
            sorted &= i == 0 || t >= times[i - 1];
            times[i] = t;
        }
        if (sorted) {
            return times;
        }
        int[] order = StableOrder.of(times, n);
        TraceEvent[] copy = batch.toArray(TraceEvent[]::new);
        long[] inOrder = new long[n];
        for (int k = 0; k < n; k++) {
            batch.set(k, copy[order[k]]);
            inOrder[k] = times[order[k]];
        }
        return inOrder;
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

    /** Whether {@code ex} was raised by the JDK's JFR code itself (its parser's way to refuse input). */
    private static boolean thrownByJfr(Throwable ex) {
        StackTraceElement[] at = ex.getStackTrace();
        return at.length > 0 && at[0].getClassName().startsWith("jdk.jfr.");
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg);
    }
}
