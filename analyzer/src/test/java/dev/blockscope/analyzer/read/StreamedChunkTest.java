package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunk whose records do not fit the heap is decoded twice, the second time as it is
 * delivered ({@link StreamedChunk}): the analysis must be the same, byte for byte, as when every
 * chunk is held, on one reader thread and on several. The agent's chunks are out of time order
 * within (its buffers are swept one after another, a wait is written at its end), which is what
 * the streamed order must restore exactly, ties in file order included.
 */
class StreamedChunkTest {
    @TempDir Path dir;

    private static Analysis analysis(Path file, int threads, String keep) throws Exception {
        return analysis(file, threads, keep, null);
    }

    /** {@code mapAbove}: chunks larger than this many bytes are mapped, not read into the heap (null: the default). */
    private static Analysis analysis(Path file, int threads, String keep, String mapAbove) throws Exception {
        String threadsBefore = System.getProperty(RecordingReader.THREADS_PROPERTY);
        String keepBefore = System.getProperty(RecordingReader.KEEP_PROPERTY);
        String mapBefore = System.getProperty(FastChunkReader.MAP_PROPERTY);
        System.setProperty(RecordingReader.THREADS_PROPERTY, Integer.toString(threads));
        if (keep != null) {
            System.setProperty(RecordingReader.KEEP_PROPERTY, keep);
        }
        if (mapAbove != null) {
            System.setProperty(FastChunkReader.MAP_PROPERTY, mapAbove);
        }
        try {
            return RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT, RecordingReader.Progress.NONE);
        } finally {
            restore(RecordingReader.THREADS_PROPERTY, threadsBefore);
            restore(RecordingReader.KEEP_PROPERTY, keepBefore);
            restore(FastChunkReader.MAP_PROPERTY, mapBefore);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void streamedChunksGiveTheBytesOfHeldOnes() throws Exception {
        Path golden = Path.of("src/test/resources/golden");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(golden)) {
            s.filter(p -> p.toString().endsWith(".jfr")).sorted().forEach(files::add);
        }
        files.add(Recordings.concat(dir.resolve("joined.jfr"), golden.resolve("chunked-carrier-idle.jfr"),
                golden.resolve("demo.jfr"), golden.resolve("demo-carrier-idle.jfr")));
        assertThat(files).hasSizeGreaterThan(3);
        for (Path file : files) {
            byte[] held = AnalysisJson.bytes(analysis(file, 1, null));
            for (String keep : List.of("0", "1", "50")) {
                for (int threads : new int[] {1, 3}) {
                    byte[] streamed = AnalysisJson.bytes(analysis(file, threads, keep));
                    assertThat(Arrays.equals(streamed, held))
                            .as("%s with %s records held per chunk on %d threads gives the bytes of held chunks", file.getFileName(), keep, threads)
                            .isTrue();
                }
            }
            for (String keep : List.of("0", "1000000")) {
                byte[] mapped = AnalysisJson.bytes(analysis(file, 2, keep, "0"));
                assertThat(Arrays.equals(mapped, held)).as("%s read from a mapped file, %s records held per chunk", file.getFileName(), keep)
                        .isTrue();
            }
        }
    }

    @Test
    void streamedOrderIsTheStableSortOfTheChunk() throws Exception {
        Path file = Path.of("src/test/resources/golden/demo-carrier-idle.jfr");
        int checked = 0;
        for (Chunk chunk : ChunkScanner.scan(file, file).chunks()) {
            Delivery d = deliver(file, chunk);
            assertThat(d.delivered).containsExactlyElementsOf(d.sorted);
            checked += d.outOfOrder ? 1 : 0;
        }
        assertThat(checked).as("chunks whose records were out of time order in the file").isPositive();
    }

    /**
     * Runs of every length, from threads whose buffers come in turn, on a coarse clock: many
     * records of different runs have the same time (the earlier in the file goes first), runs
     * end inside the survey's old blocks of 1,024 events and inside groups, some events make two
     * records (a Suspend and its wake-up). Several layouts, each checked against the stable sort.
     */
    @Test
    void interleavedRunsMergeInTheStableSortsOrder() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            java.util.Random random = new java.util.Random(seed);
            int threads = 2 + random.nextInt(60);
            long[] clock = new long[threads];
            List<Wait> waits = new ArrayList<>();
            int events = 20_000 + random.nextInt(20_000);
            while (waits.size() < events) {
                int thread = random.nextInt(threads);
                // buffers of 1 to 3,000 events, most short or long, some of either side of RUN
                int buffer = switch (random.nextInt(4)) {
                    case 0 -> 1 + random.nextInt(8);
                    case 1 -> StreamedChunk.RUN - 3 + random.nextInt(6);
                    case 2 -> 100 + random.nextInt(3_000);
                    default -> 1 + random.nextInt(300);
                };
                for (int i = 0; i < buffer; i++) {
                    long step = random.nextInt(3) * 1_000L; // often the same time as the thread's last, and as others'
                    clock[thread] += step;
                    // a wake-up at the thread's previous record's time, or none
                    long ready = random.nextBoolean() ? 0 : step;
                    waits.add(new Wait(1_000_000 + clock[thread], 1 + waits.size(), thread, ready));
                }
                clock[thread] = Math.max(clock[thread], clock[random.nextInt(threads)]);
            }
            Delivery d = deliver(write("interleaved-" + seed, waits, threads));
            assertThat(d.outOfOrder).isTrue();
            assertThat(d.delivered).as("seed %d", seed).containsExactlyElementsOf(d.sorted);
            assertThat(d.runs).as("runs merged by themselves").isPositive();
            assertThat(d.parts).as("and groups of short ones").isGreaterThan(d.runs);
        }
    }

    /**
     * Two threads' buffers of 1,500 and 1,100 waits over the same instants, then 70 of a third:
     * every record of the second run has the time of one of the first, which goes first (and
     * every other wait of the second has a wake-up at the time of its previous wait's end, a tie
     * within the run); the runs end inside blocks of 1,024 events.
     */
    @Test
    void equalTimesAcrossRunsGoInFileOrder() throws Exception {
        List<Wait> waits = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            waits.add(new Wait(1_000_000 + i * 10L, 1 + waits.size(), 1, 0));
        }
        for (int i = 0; i < 1_100; i++) {
            waits.add(new Wait(1_000_000 + i * 10L, 1 + waits.size(), 2, i % 2 == 1 ? 10 : 0));
        }
        for (int i = 0; i < 70; i++) {
            waits.add(new Wait(1_000_000 + i * 200L, 1 + waits.size(), 3, 0));
        }
        Delivery d = deliver(write("ties", waits, 3));
        assertThat(d.delivered).containsExactlyElementsOf(d.sorted);
        assertThat(d.runs).isEqualTo(3);
        assertThat(d.delivered.get(0)).isInstanceOf(TraceEvent.Blocked.class);
        assertThat(((TraceEvent.Blocked) d.delivered.get(0)).task().id()).as("the tie at the first instant goes to thread 1").isEqualTo(1);
    }

    /**
     * JFR writes each thread's buffer whole, so in a burst a chunk is threads' runs interleaved in
     * time: the merge holds about one event of each, where the block heap it replaced held every
     * record written before an earlier one still to come (here up to 51,002 of the 200,000, by a
     * simulation of it).
     */
    @Test
    void aBurstOfBuffersHoldsAnEventPerThread() throws Exception {
        int threads = 100;
        int buffer = 250;
        List<Wait> waits = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < buffer; i++) {
                    long k = (long) round * buffer + i;
                    waits.add(new Wait(1_000_000 + (k * threads + t) * 100, 1 + waits.size(), t + 1, 30));
                }
            }
        }
        Delivery d = deliver(write("burst", waits, threads));
        assertThat(d.delivered).containsExactlyElementsOf(d.sorted);
        assertThat(d.runs).isBetween(3 * threads, 4 * threads);
        assertThat(d.maxHeld).as("records held at once, of %d", d.sorted.size()).isLessThanOrEqualTo(2L * threads + 2);
    }

    /**
     * The degenerate chunk: times that go back every second record (two threads' events in
     * turn, one a little behind), so 50,000 runs of two. They are merged in groups, so runs and
     * groups stay few and what is held is a group or two, not a merge of 50,000 runs.
     */
    @Test
    void alternatingTimesAreMergedInGroups() throws Exception {
        int n = 100_000;
        List<Wait> waits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            waits.add(new Wait(1_000_000 + i * 10L + (i % 2 == 0 ? 25 : 0), 1 + i, 1 + i % 2, 0));
        }
        Delivery d = deliver(write("alternating", waits, 2));
        assertThat(d.delivered).containsExactlyElementsOf(d.sorted);
        assertThat(d.runs).isZero();
        assertThat(d.parts).isLessThanOrEqualTo(n / StreamedChunk.GROUP + 1);
        assertThat(d.maxOpen).isLessThanOrEqualTo(2);
        assertThat(d.maxHeld).isLessThanOrEqualTo(2L * (StreamedChunk.GROUP + StreamedChunk.RUN));

        // a run of RUN records and a run of one in turn, each going back: as many parts as can be, still bounded
        waits.clear();
        long t = 1_000_000;
        while (waits.size() < n) {
            waits.add(new Wait(t - 3, 1 + waits.size(), 2, 0));
            waits.add(new Wait(t - 6, 1 + waits.size(), 1, 0));
            for (int k = 1; k < StreamedChunk.RUN; k++) {
                waits.add(new Wait(t += 10, 1 + waits.size(), 1, 0));
            }
        }
        d = deliver(write("run-and-one", waits, 2));
        assertThat(d.delivered).containsExactlyElementsOf(d.sorted);
        assertThat((long) d.parts).isLessThanOrEqualTo(2L * waits.size() / StreamedChunk.RUN + waits.size() / StreamedChunk.GROUP + 1);
        assertThat(d.runs).isEqualTo(waits.size() / (StreamedChunk.RUN + 1));
        assertThat(d.parts).isEqualTo(2 * d.runs);
        assertThat(d.maxOpen).isLessThanOrEqualTo(3);
    }

    @Test
    void stableOrderIsTheStableSort() {
        java.util.Random random = new java.util.Random(7);
        for (int n : new int[] {0, 1, 2, 3, 17, 1_000, 4_097}) {
            long[] key = new long[n];
            for (int i = 0; i < n; i++) {
                key[i] = random.nextInt(Math.max(1, n / 4));
            }
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) {
                boxed[i] = i;
            }
            Arrays.sort(boxed, java.util.Comparator.comparingLong(i -> key[i]));
            assertThat(StreamedChunk.stableOrder(key, n)).containsExactly(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray());
        }
    }

    /** A wait of thread {@code thread} ending at tick {@code end}, {@code length} long; {@code ready} > 0: with its wake-up that long before its end. */
    private record Wait(long end, long length, int thread, long ready) {}

    private static final long T_LONG = 10;
    private static final long T_STRING = 13;
    private static final long T_THREAD = 20;
    private static final long T_STACK = 23;

    /**
     * A chunk of {@code waits} in file order, as jdk.ThreadSleep (one record each) or, with a
     * wake-up, blockscope.Suspend (two records). Each record is distinct (its wait's length), so
     * an order of ties other than the stable sort's shows.
     */
    private Path write(String name, List<Wait> waits, int threads) throws Exception {
        ChunkBuilder b = new ChunkBuilder(2, 1)
                .type(T_LONG, "long", null).type(T_STRING, "java.lang.String", null)
                .type(T_THREAD, "java.lang.Thread", null, ChunkBuilder.Field.of("osName", T_STRING),
                        ChunkBuilder.Field.of("osThreadId", T_LONG), ChunkBuilder.Field.of("javaName", T_STRING),
                        ChunkBuilder.Field.of("javaThreadId", T_LONG))
                .type(T_STACK, "jdk.types.StackTrace", null, ChunkBuilder.Field.of("truncated", T_LONG))
                .type(100, "jdk.ThreadSleep", "jdk.jfr.Event", ChunkBuilder.Field.of("startTime", T_LONG),
                        ChunkBuilder.Field.of("duration", T_LONG), ChunkBuilder.Field.pool("eventThread", T_THREAD),
                        ChunkBuilder.Field.pool("stackTrace", T_STACK))
                .type(101, "blockscope.Suspend", "jdk.jfr.Event", ChunkBuilder.Field.of("startTime", T_LONG),
                        ChunkBuilder.Field.of("duration", T_LONG), ChunkBuilder.Field.pool("eventThread", T_THREAD),
                        ChunkBuilder.Field.of("carrierId", T_LONG), ChunkBuilder.Field.of("wakerId", T_LONG),
                        ChunkBuilder.Field.of("readyNanos", T_LONG));
        for (int t = 1; t <= threads; t++) {
            b.constant(T_THREAD, t, "worker-" + t, 100L + t, "worker-" + t, (long) t);
        }
        long last = 0;
        for (Wait w : waits) {
            if (w.ready > 0) {
                b.event(101, w.end - w.length, w.length, (long) w.thread, 7L, 9L, w.ready);
            } else {
                b.event(100, w.end - w.length, w.length, (long) w.thread, 0L);
            }
            last = Math.max(last, w.end);
        }
        // one tick a nanosecond, from tick 0 at the chunk's start
        return Files.write(dir.resolve(name + ".jfr"), b.build(1_700_000_000_000_000_000L, last + 1, 0, 1_000_000_000L));
    }

    /** A chunk's records as the survey and the merge deliver them, beside their stable sort, and what the merge held. */
    private static final class Delivery {
        final List<TraceEvent> sorted = new ArrayList<>();
        final List<TraceEvent> delivered = new ArrayList<>();
        boolean outOfOrder;
        int parts;
        int runs;
        int maxOpen;
        long maxHeld;
    }

    private static Delivery deliver(Path file) throws Exception {
        List<Chunk> chunks = ChunkScanner.scan(file, file).chunks();
        assertThat(chunks).hasSize(1);
        return deliver(file, chunks.getFirst());
    }

    private static Delivery deliver(Path file, Chunk chunk) throws Exception {
        Delivery d = new Delivery();
        StackTable stacks = new StackTable();
        FastChunkReader.Outcome outcome = FastChunkReader.read(file, chunk, stacks, d.sorted, new java.util.HashMap<>());
        assertThat(outcome.damage()).isEmpty();
        for (int i = 1; i < d.sorted.size(); i++) {
            d.outOfOrder |= d.sorted.get(i).time() < d.sorted.get(i - 1).time();
        }
        d.sorted.sort(java.util.Comparator.comparingLong(TraceEvent::time));

        StreamedChunkProfile.Profile p = StreamedChunkProfile.of(file, chunk, d.delivered::add);
        assertThat(p.records()).isEqualTo(d.sorted.size());
        d.parts = p.parts();
        d.runs = p.runs();
        d.maxOpen = p.maxOpen();
        d.maxHeld = p.maxHeld();
        return d;
    }
}
