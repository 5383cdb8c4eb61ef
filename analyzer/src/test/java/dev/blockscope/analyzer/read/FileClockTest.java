package dev.blockscope.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.event.Reason;
import dev.blockscope.event.SuspendEvent;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clock a file's chunks are read on ({@link ChunkScanner.FileClock}). Each chunk header pairs
 * its start in epoch nanoseconds with the tick counter's value then; read each on its own pair, a
 * JDK recording's chunks were 100 and 230 ns apart, and a thread's back-to-back waits at a chunk
 * boundary overlapped: one was taken for the other seen twice (a 1,200,000-wait burst counted
 * 1,199,998). Here the second chunk's pair is moved back by 20 µs more than the
 * task's gap at the boundary: the times must still be the JDK parser's, which reads every chunk
 * on the first one's clock, and every wait must be counted.
 */
class FileClockTest {
    private static final String TASK = "clock-task";

    @TempDir
    static Path dir;
    private static Path recorded;
    /** The task's waits in the file. */
    private static int waits;
    /** How far to move the second chunk's pair back: the task's gap at the boundary and 20 µs. */
    private static long back;

    /** One virtual thread's back-to-back waits, the chunk rotated while it waits. */
    @BeforeAll
    static void record() throws Exception {
        recorded = dir.resolve("two-chunks.jfr");
        try (Recording r = new Recording()) {
            r.enable("blockscope.TaskStart");
            r.enable("blockscope.TaskEnd");
            r.enable("blockscope.Suspend").withoutStackTrace().withThreshold(Duration.ZERO);
            r.start();
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
            Thread t = Thread.ofVirtual().name(TASK).start(() -> {
                new dev.blockscope.event.TaskStartEvent().commit();
                while (!done.get()) {
                    // 2 µs and 0 µs waits, 200 ns apart: moved back, the second chunk's first waits
                    // fall inside the first one's last
                    SuspendEvent s = new SuspendEvent();
                    s.begin();
                    spin(committed.get() % 2 == 0 ? 2_000 : 0);
                    s.end();
                    s.reason = Reason.SLEEP;
                    s.commit();
                    committed.incrementAndGet();
                    spin(200);
                }
                new dev.blockscope.event.TaskEndEvent().commit();
            });
            awaitWaits(committed, 2_000);
            // a second recording starting rotates the chunk
            try (Recording rotation = new Recording()) {
                rotation.start();
                awaitWaits(committed, committed.get() + 2_000);
                done.set(true);
                t.join();
                rotation.stop();
            }
            r.stop();
            r.dump(recorded);
        }
        List<List<Long>> all = jdkWaits(recorded);
        waits = all.size();
        long boundary = ChunkScanner.scan(recorded).chunks().get(1).startNanos();
        long lastBefore = all.stream().filter(w -> w.getFirst() < boundary).mapToLong(List::getLast).max().orElseThrow();
        long firstAfter = all.stream().filter(w -> w.getFirst() >= boundary).mapToLong(List::getFirst).min().orElseThrow();
        back = Math.max(0, firstAfter - lastBefore) + 20_000;
        System.out.println("FileClockTest: " + waits + " waits, the task's gap at the chunk boundary " + (firstAfter - lastBefore) + " ns");
    }

    private static void spin(long nanos) {
        long from = System.nanoTime();
        while (System.nanoTime() - from < nanos) {
            Thread.onSpinWait();
        }
    }

    private static void awaitWaits(java.util.concurrent.atomic.AtomicInteger committed, int n) throws InterruptedException {
        while (committed.get() < n) {
            Thread.sleep(1);
        }
    }

    /** A copy of the recording with {@code delta} added to chunk {@code index}'s start in nanoseconds. */
    private static Path moved(String name, int index, long delta) throws Exception {
        Path file = dir.resolve(name);
        java.nio.file.Files.copy(recorded, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Chunk chunk = ChunkScanner.scan(file).chunks().get(index);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8);
            ch.read(b, chunk.offset() + ChunkHeader.START_NANOS_AT);
            long start = b.flip().getLong();
            ch.write(ByteBuffer.allocate(8).putLong(0, start + delta), chunk.offset() + ChunkHeader.START_NANOS_AT);
        }
        return file;
    }

    private static final java.util.Comparator<List<Long>> BY_TIME = java.util.Comparator.<List<Long>>comparingLong(List::getFirst)
            .thenComparingLong(List::getLast);

    /** The task's waits as the JDK's parser reads the file: start and end, in time order. */
    private static List<List<Long>> jdkWaits(Path file) throws Exception {
        return jdkWaits(file, Integer.MAX_VALUE);
    }

    /** The same for the first {@code n} of the waits in file order. */
    private static List<List<Long>> jdkWaits(Path file, int n) throws Exception {
        List<List<Long>> waits = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (waits.size() < n && e.getEventType().getName().equals("blockscope.Suspend") && TASK.equals(e.getThread().getJavaName())) {
                waits.add(List.of(RecordedFields.nanos(e.getStartTime()), RecordedFields.nanos(e.getEndTime())));
            }
        }
        waits.sort(BY_TIME);
        return waits;
    }

    /** The task's waits as blockscope's reader delivers them (in time order): start and end. */
    private static List<List<Long>> ourWaits(Path file, RecordingReader.Engine engine) throws Exception {
        List<List<Long>> waits = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file, engine)) {
            readWaits(reader, waits);
        }
        waits.sort(BY_TIME);
        return waits;
    }

    /** Adds the task's waits {@code reader} delivers to {@code waits}: start and end. */
    private static void readWaits(RecordingReader reader, List<List<Long>> waits) throws java.io.IOException {
        reader.read(new StackTable(), e -> {
            if (e instanceof TraceEvent.Blocked b && TASK.equals(b.task().name())) {
                waits.add(List.of(b.start(), b.end()));
            }
        }, RecordingReader.Progress.NONE);
    }

    private static long suspensions(Path file) throws Exception {
        Analysis a = RecordingAnalyzer.analyze(file, AnalysisOptions.DEFAULT);
        return a.tasks().stream().filter(t -> TASK.equals(t.name())).mapToLong(Analysis.TaskRow::suspensions).sum();
    }

    @Test
    void theRecordingHasTheTasksWaitsOnBothSidesOfAChunkBoundary() throws Exception {
        List<Chunk> chunks = ChunkScanner.scan(recorded).chunks();
        assertThat(chunks).hasSizeGreaterThanOrEqualTo(2);
        List<List<Long>> all = jdkWaits(recorded);
        assertThat(all.getFirst().getFirst()).isLessThan(chunks.get(1).startNanos());
        assertThat(all.getLast().getFirst()).isGreaterThan(chunks.get(1).startNanos());
        assertThat(suspensions(recorded)).isEqualTo(waits);
    }

    @Test
    void everyChunkIsReadOnTheFirstChunksClockAsTheJdksParserReadsIt() throws Exception {
        Path file = moved("moved.jfr", 1, -back);
        List<List<Long>> jdk = jdkWaits(file);
        assertThat(jdk).isEqualTo(jdkWaits(recorded)); // the JDK's parser ignores the second chunk's pair
        assertThat(ourWaits(file, RecordingReader.Engine.FAST)).isEqualTo(jdk);
        assertThat(ourWaits(file, RecordingReader.Engine.JDK)).isEqualTo(jdk);
        assertThat(ourWaits(recorded, RecordingReader.Engine.FAST)).isEqualTo(jdk);
        assertThat(ChunkScanner.scan(file).chunks().get(1).clockShift()).isEqualTo(back + ChunkScanner.scan(recorded).chunks().get(1).clockShift());
    }

    @Test
    void everyWaitAtTheBoundaryIsCounted() throws Exception {
        assertThat(suspensions(moved("counted.jfr", 1, -back))).isEqualTo(waits);
    }

    /**
     * A chunk whose pair lies an hour from where the file's clock puts its start is of another
     * clock (two machines' recordings joined): it keeps its own, and is not moved by an hour.
     */
    @Test
    void aChunkOfAnotherClockIsReadOnItsOwn() throws Exception {
        long hour = 3_600_000_000_000L;
        Path file = moved("other-clock.jfr", 1, hour);
        List<Chunk> chunks = ChunkScanner.scan(file).chunks();
        assertThat(chunks.get(1).clockShift()).isZero();
        // the first chunk's waits as they were, the second's an hour later than the JDK's parser has them
        List<TraceEvent> first = new ArrayList<>();
        FastChunkReader.read(file, chunks.get(0), new StackTable(), first, new java.util.HashMap<>());
        int inFirst = (int) first.stream().filter(e -> e instanceof TraceEvent.Blocked b && TASK.equals(b.task().name())).count();
        assertThat(inFirst).isBetween(1, waits - 1);
        List<List<Long>> firstWaits = jdkWaits(file, inFirst);
        long shift = ChunkScanner.scan(recorded).chunks().get(1).clockShift();
        List<List<Long>> expected = new ArrayList<>(firstWaits);
        java.util.Set<List<Long>> inFirstChunk = new java.util.HashSet<>(firstWaits);
        for (List<Long> w : jdkWaits(file)) {
            if (!inFirstChunk.contains(w)) {
                expected.add(List.of(w.get(0) + hour - shift, w.get(1) + hour - shift));
            }
        }
        expected.sort(BY_TIME);
        assertThat(ourWaits(file, RecordingReader.Engine.FAST)).isEqualTo(expected);
    }

    /**
     * The agent's live stream hands each chunk over as a file of its own; read with one clock
     * across them, their times are those of the chunks joined into one file.
     */
    @Test
    void chunksReadFileByFileOnOneClockAreReadAsTheFileTheyMake() throws Exception {
        Path file = moved("stream.jfr", 1, -back);
        List<List<Long>> joined = ourWaits(file, RecordingReader.Engine.FAST);
        ChunkScanner.FileClock clock = new ChunkScanner.FileClock();
        List<List<Long>> fileByFile = new ArrayList<>();
        byte[] all = java.nio.file.Files.readAllBytes(file);
        for (Chunk c : ChunkScanner.scan(file).chunks()) {
            Path one = dir.resolve("stream-" + c.index() + ".jfr");
            java.nio.file.Files.write(one, java.util.Arrays.copyOfRange(all, (int) c.offset(), (int) (c.offset() + c.size())));
            try (RecordingReader reader = RecordingReader.open(one, clock)) {
                readWaits(reader, fileByFile);
            }
        }
        fileByFile.sort(BY_TIME);
        assertThat(fileByFile).isEqualTo(joined).isEqualTo(jdkWaits(file));
    }

    /** A chunk of one blockscope.TaskEnd of type {@code typeId}, its header pairing {@code startNanos} with {@code startTicks} at 1 GHz. */
    private static byte[] taskEndChunk(long typeId, long startNanos, long startTicks, long eventTicks, long endedAfterNanos) {
        final long tLong = 10;
        final long tString = 13;
        final long tThread = 20;
        return new ChunkBuilder(2, 1)
                .type(tLong, "long", null).type(tString, "java.lang.String", null)
                .type(tThread, "java.lang.Thread", null, ChunkBuilder.Field.of("osName", tString), ChunkBuilder.Field.of("osThreadId", tLong),
                        ChunkBuilder.Field.of("javaName", tString), ChunkBuilder.Field.of("javaThreadId", tLong))
                .type(typeId, "blockscope.TaskEnd", "jdk.jfr.Event", ChunkBuilder.Field.of("startTime", tLong),
                        ChunkBuilder.Field.pool("eventThread", tThread), ChunkBuilder.Field.of("endedAfterNanos", tLong))
                .constant(tThread, 1L, "worker", 102L, "worker", 12L)
                .event(typeId, eventTicks, 1L, endedAfterNanos)
                .build(startNanos, 1_000_000_000L, startTicks, 1_000_000_000L);
    }

    /**
     * An epoch time the agent writes in a field of its own chunk (a task found ended after this
     * moment) was computed on the agent's pairing, which its chunk's header carries: it moves onto
     * the file's clock with the chunk's times. In a JDK chunk such a field (an older agent's,
     * committed through JFR) was computed on the agent's pairing too, not the chunk's: it stays.
     */
    @Test
    void epochTimesInTheAgentsOwnChunksMoveWithTheirChunk() throws Exception {
        long n0 = 1_800_000_000_000_000_000L;
        long t0 = 5_000_000_000L;
        long second = 1_000_000_000L;
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        all.writeBytes(taskEndChunk(100, n0, t0, t0 + 1_000_000, n0 + 500_000));
        // the agent's chunk (its type ids far above the JVM's), its pair 20 µs off the first chunk's clock
        all.writeBytes(taskEndChunk(EventTable.AGENT_TYPE_IDS + 102, n0 + second + 20_000, t0 + second, t0 + second + 1_000_000,
                n0 + second + 500_000 + 20_000));
        // a JDK chunk whose pair is 300 ns off
        all.writeBytes(taskEndChunk(100, n0 + 2 * second + 300, t0 + 2 * second, t0 + 2 * second + 1_000_000, n0 + 2 * second + 500_000));
        Path file = java.nio.file.Files.write(dir.resolve("epoch-fields.jfr"), all.toByteArray());
        assertThat(ChunkScanner.scan(file).chunks()).extracting(Chunk::clockShift).containsExactly(0L, -20_000L, -300L);
        for (RecordingReader.Engine engine : RecordingReader.Engine.values()) {
            List<List<Long>> ends = new ArrayList<>();
            try (RecordingReader reader = RecordingReader.open(file, engine)) {
                reader.read(new StackTable(), e -> {
                    if (e instanceof TraceEvent.TaskEnded end) {
                        ends.add(List.of(end.time() - n0, end.endedAfter() - n0));
                    }
                }, RecordingReader.Progress.NONE);
            }
            assertThat(ends).as(engine.name()).containsExactly(List.of(1_000_000L, 500_000L),
                    List.of(second + 1_000_000, second + 500_000), List.of(2 * second + 1_000_000, 2 * second + 500_000));
        }
    }

    @Test
    void theFileClockKeepsItsPairWithinTheToleranceAndTakesANewOneBeyondIt() {
        ChunkScanner.FileClock clock = new ChunkScanner.FileClock();
        long t0 = 1_800_000_000_000_000_000L;
        assertThat(clock.shift(t0, 1_000, 1_000_000_000L)).isZero();
        // ten seconds on, its pair 230 ns early: moved onto the first
        assertThat(clock.shift(t0 + 10_000_000_000L - 230, 10_000_001_000L, 1_000_000_000L)).isEqualTo(230);
        // a 2.4 GHz counter is another clock
        assertThat(clock.shift(t0 + 20_000_000_000L, 48_000_000_000L, 2_400_000_000L)).isZero();
        assertThat(clock.shift(t0 + 30_000_000_000L + 5, 72_000_000_000L, 2_400_000_000L)).isEqualTo(-5);
        // five seconds off: another clock, which the chunks after it that agree with it follow
        assertThat(clock.shift(t0 + 5_000_000_000L, 96_000_000_000L, 2_400_000_000L)).isZero();
        assertThat(clock.shift(t0 + 15_000_000_000L + 40, 120_000_000_000L, 2_400_000_000L)).isEqualTo(-40);
        // the clocks alternate: a chunk of the first comes back to it
        assertThat(clock.shift(t0 + 60_000_000_000L - 7, 60_000_001_000L, 1_000_000_000L)).isEqualTo(7);
        assertThat(clock.shift(t0 + 30_000_000_000L + 3, 72_000_000_000L, 2_400_000_000L)).isEqualTo(-3);
    }
}
