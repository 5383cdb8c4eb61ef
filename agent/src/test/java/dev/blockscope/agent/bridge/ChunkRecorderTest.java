package dev.blockscope.agent.bridge;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * blockscope's own chunks, read back by the JDK's reader: every field as written, a chunk that
 * stands alone (its threads, strings and classes named in its own pools), rotation, and the one
 * file made of JFR's recording with these chunks appended.
 */
class ChunkRecorderTest {
    @TempDir
    Path dir;

    private ChunkRecorder recorder;

    @AfterEach
    void stop() throws Exception {
        if (recorder != null) {
            recorder.finish();
        }
    }

    private static TaskState suspended(TaskState s, String reason, long timeout) {
        s.reason = reason;
        s.timeout = timeout;
        s.carrierId = 0;
        return s;
    }

    private static List<RecordedEvent> read(List<Path> chunks) throws Exception {
        List<RecordedEvent> events = new ArrayList<>();
        for (Path p : chunks) {
            events.addAll(RecordingFile.readAllEvents(p));
        }
        return events;
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    /**
     * The last chunk lists a task's open wait only if the wait began before the last sweep did: a
     * task writes its TaskStart before its first wait, so such a task's start is in the file. A wait
     * that began after (its task may have started after the sweep passed its buffer) is not listed:
     * an OpenSuspend without its TaskStart read as a task alive and UNKNOWN since the window's start.
     */
    @Test
    void theLastChunkListsOnlyWaitsThatBeganBeforeItsLastSweep() {
        TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "park.lock", 0);
        try {
            s.began = SuspendTiming.now();
            long endTicks = s.began + 1_000;
            long endNanos = System.currentTimeMillis() * 1_000_000L;
            ChunkBytes before = new ChunkBytes(1024);
            ChunkRecorder.endOfChunkEvents(before, endTicks, endNanos, s.began + 1, new java.util.HashMap<>(), true,
                    new ChunkRecorder.LongSet());
            ChunkBytes after = new ChunkBytes(1024);
            ChunkRecorder.endOfChunkEvents(after, endTicks, endNanos, s.began - 1, new java.util.HashMap<>(), true,
                    new ChunkRecorder.LongSet());
            assertThat(openSuspends(before, s.threadId)).isEqualTo(1);
            assertThat(openSuspends(after, s.threadId)).isZero();
        } finally {
            s.reason = null;
        }
    }

    /** How many of {@code tail}'s events (size, type, start, duration, thread) are OpenSuspends of {@code thread}. */
    private static int openSuspends(ChunkBytes tail, long thread) {
        long[] read = new long[2];
        int n = 0;
        for (int at = 0; at < tail.size(); ) {
            ChunkRecorder.readLong(tail.array(), at, read);
            long size = read[0];
            long type = ChunkRecorder.readLong(tail.array(), (int) read[1], read);
            ChunkRecorder.readLong(tail.array(), (int) read[1], read); // start
            ChunkRecorder.readLong(tail.array(), (int) read[1], read); // duration
            if (type == ChunkSchema.OPEN_SUSPEND && ChunkRecorder.readLong(tail.array(), (int) read[1], read) == thread) {
                n++;
            }
            at += (int) size;
        }
        return n;
    }

    @Test
    void everyFieldReadsBackAsWritten() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "park.lock", 5_000_000L);
        long began = SuspendTiming.now();
        long ended = began + SuspendTiming.fromNanos(3_000_000);
        assertThat(EventRecords.suspend(s, null, began, ended, ReentrantLock.class, 1234, 0, 77, 500)).isTrue();
        assertThat(EventRecords.taskStart(s, null, began, 9, 0)).isTrue();
        assertThat(EventRecords.taskEnd(s, null, ended, true)).isTrue();
        s.clearSuspension();

        List<RecordedEvent> events = read(recorder.finish());
        RecordedEvent e = named(events, "blockscope.Suspend").getFirst();
        assertThat(e.getString("reason")).isEqualTo("park.lock");
        assertThat(e.getClass("blockerClass").getName()).isEqualTo(ReentrantLock.class.getName());
        assertThat(e.getInt("blockerId")).isEqualTo(1234);
        assertThat(e.getBoolean("pinned")).isFalse();
        assertThat(e.getString("pinReason")).isNull();
        assertThat(e.getLong("wakerId")).isEqualTo(77);
        assertThat(e.getLong("readyNanos")).isEqualTo(500);
        assertThat(e.getLong("timeout")).isEqualTo(5_000_000L);
        assertThat(e.getDuration()).isEqualTo(Duration.ofMillis(3));
        assertThat(e.getThread().getJavaThreadId()).isEqualTo(Thread.currentThread().threadId());
        assertThat(e.getThread().getJavaName()).isEqualTo(Thread.currentThread().getName());
        RecordedEvent start = named(events, "blockscope.TaskStart").getFirst();
        assertThat(start.getLong("parentId")).isEqualTo(9);
        assertThat(start.getBoolean("virtual")).isFalse();
        assertThat(named(events, "blockscope.TaskEnd").getFirst().getBoolean("failed")).isTrue();
        assertThat(e.getStartTime()).isEqualTo(start.getStartTime());
    }

    @Test
    void aRecordOfManyLargeValuesKeepsThemAll() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "sleep", Long.MAX_VALUE);
        s.pinned = true;
        s.pinReason = "a pin reason of its own, written through the string pool";
        s.carrierId = -2; // the largest encoding: nine bytes
        long began = SuspendTiming.now();
        // with nine-byte values the record is over 127 bytes: a two-byte size
        assertThat(EventRecords.suspend(s, null, began, began + 1, Object.class, -1, -3, -4, Long.MAX_VALUE)).isTrue();
        s.clearSuspension();
        RecordedEvent e = named(read(recorder.finish()), "blockscope.Suspend").getFirst();
        assertThat(e.getLong("carrierId")).isEqualTo(-2);
        assertThat(e.getLong("resumeCarrierId")).isEqualTo(-3);
        assertThat(e.getLong("wakerId")).isEqualTo(-4);
        assertThat(e.getLong("readyNanos")).isEqualTo(Long.MAX_VALUE);
        assertThat(e.getLong("timeout")).isEqualTo(Long.MAX_VALUE);
        assertThat(e.getInt("blockerId")).isEqualTo(-1);
        assertThat(e.getBoolean("pinned")).isTrue();
        assertThat(e.getString("pinReason")).isEqualTo("a pin reason of its own, written through the string pool");
    }

    @Test
    void chunksRotateAndEachNamesItsOwnThreads() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0, 16 << 10, Long.MAX_VALUE);
        int perThread = 3000;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread th = Thread.ofPlatform().name("writer-" + t).start(() -> {
                TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "sleep", 0);
                for (int i = 0; i < perThread; i++) {
                    long now = SuspendTiming.now();
                    EventRecords.suspend(s, null, now, now + 1, null, 0, 0, 0, 0);
                    if (i % 1000 == 999) {
                        // the recorder sweeps every 100 ms when quiet, and closes a chunk after a sweep
                        java.util.concurrent.locks.LockSupport.parkNanos(250_000_000);
                    }
                }
                s.clearSuspension();
                OpenSuspensions.unregister(s); // the thread's end: its buffer goes back
            });
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        List<Path> chunks = recorder.finish();
        assertThat(chunks).hasSizeGreaterThan(1);
        long suspends = 0;
        for (Path chunk : chunks) {
            for (RecordedEvent e : RecordingFile.readAllEvents(chunk)) { // each chunk alone
                if (e.getEventType().getName().equals("blockscope.Suspend")) {
                    suspends++;
                    assertThat(e.getThread().getJavaName()).startsWith("writer-");
                }
            }
        }
        assertThat(suspends).isEqualTo(2L * perThread);
    }

    /** A chunk header's {start epoch nanos, duration nanos}. */
    private static long[] span(Path chunk) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(Files.readAllBytes(chunk));
        return new long[] {b.getLong(32), b.getLong(40)};
    }

    private static long epochNanos(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /**
     * A chunk holds what the buffers hold when it is swept, which can have been committed before the
     * chunk was opened (a slow rotation, a thread stalled between its clock reading and its
     * commit): the header's start goes back to the earliest commit in the chunk, so that no event
     * ends before the chunk that holds it began (a reader merging the JDK's chunks with these by
     * time would deliver that event after later ones: a task's wait before its start).
     */
    @Test
    void aChunkStartsNoLaterThanTheEarliestCommitItHolds() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "sleep", 0);
        long ended = SuspendTiming.now() - SuspendTiming.fromNanos(200_000_000L); // committed late
        assertThat(EventRecords.suspend(s, null, ended - SuspendTiming.fromNanos(1_000_000), ended, null, 0, 0, 0, 0)).isTrue();
        assertThat(EventRecords.taskEnd(s, null, SuspendTiming.now(), false)).isTrue();
        s.clearSuspension();
        List<Path> chunks = recorder.finish();
        recorder = null;
        assertThat(chunks).hasSize(1);
        RecordedEvent e = named(read(chunks), "blockscope.Suspend").getFirst();
        long[] span = span(chunks.getFirst());
        assertThat(span[0]).isLessThanOrEqualTo(epochNanos(e.getEndTime()));
        assertThat(span[0] + span[1]).isGreaterThanOrEqualTo(epochNanos(named(read(chunks), "blockscope.TaskEnd").getFirst().getStartTime()));
    }

    /** Rotated chunks follow one another without a gap: each begins where the one before ended (or before). */
    @Test
    void rotatedChunksFollowOneAnotherWithoutAGap() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0, 1 << 20, 150_000_000L);
        TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "sleep", 0);
        for (int i = 0; i < 8; i++) {
            long now = SuspendTiming.now();
            EventRecords.suspend(s, null, now, now + 1, null, 0, 0, 0, 0);
            Thread.sleep(100);
        }
        s.clearSuspension();
        List<Path> chunks = recorder.finish();
        recorder = null;
        assertThat(chunks).hasSizeGreaterThan(2);
        for (int i = 1; i < chunks.size(); i++) {
            long[] before = span(chunks.get(i - 1));
            // at the end of the one before, or earlier if it holds a record committed before that end
            assertThat(span(chunks.get(i))[0]).as("chunk %d's start", i).isLessThanOrEqualTo(before[0] + before[1])
                    .isGreaterThan(before[0]);
        }
    }

    /**
     * A server's request threads are unnamed virtual threads that end by the thousand each second;
     * the chunk must name each one its events refer to, but keeps only its id until then, not a
     * name entry (which grew a Jetty server's heap by 11 MB over one 15 s chunk).
     */
    @Test
    void endedUnnamedVirtualThreadsAreKeptAsIdsAndStillReadAsVirtual() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
        int count = 2000;
        List<Thread> threads = new ArrayList<>();
        Runnable body = () -> {
            TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "sleep", 0);
            long now = SuspendTiming.now();
            EventRecords.suspend(s, null, now, now + 1, null, 0, 0, 0, 0);
            s.clearSuspension();
            OpenSuspensions.unregister(s); // the thread's end
        };
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().start(body));
        }
        threads.add(Thread.ofVirtual().name("named-vt").start(body));
        for (Thread t : threads) {
            t.join();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (recorder.endedHeld()[1] < count && System.nanoTime() < deadline) {
            Thread.sleep(20); // the recorder's sweep
        }
        assertThat(recorder.endedHeld()).containsExactly(1, count);

        List<RecordedEvent> suspends = named(read(recorder.finish()), "blockscope.Suspend");
        recorder = null;
        assertThat(suspends).hasSize(count + 1);
        assertThat(suspends).allSatisfy(e -> assertThat(e.getThread().isVirtual()).isTrue());
        assertThat(suspends.stream().map(e -> e.getThread().getJavaName()).filter("named-vt"::equals)).hasSize(1);
        assertThat(suspends.stream().map(e -> e.getThread().getJavaName()).filter(""::equals)).hasSize(count);
    }

    /**
     * A task that ends while a sweep runs: the sweep took the list of ended tasks before it copied
     * the task's last records, and the chunk closed after the task had left the registry, so neither
     * named it, and every event of that task in the chunk was written with an unnamed platform
     * thread (a soak run once had 48,966 of its 2,026,328 sleeps so, "sleeps of other threads").
     * Here threads end all the time while the recorder is woken to sweep and close a chunk again
     * and again; every event, each chunk read alone, must name its thread.
     */
    @Test
    void aTaskEndingWhileAChunkClosesIsNamedInIt() throws Exception {
        recorder = ChunkRecorder.start(dir.resolve("chunks"), 0, 1 << 20, 1); // a chunk per sweep
        int count = 4000;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread waker = Thread.ofPlatform().name("test-waker").start(() -> {
            while (!done.get()) {
                ChunkRecorder.wake(); // sweeps back to back: a task's end lands inside one
                Thread.onSpinWait();
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().name("writer-" + i).start(() -> {
                TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "sleep", 0);
                for (int k = 0; k < 3; k++) {
                    long now = SuspendTiming.now();
                    EventRecords.suspend(s, null, now, now + 1, null, 0, 0, 0, 0);
                    Thread.yield();
                }
                EventRecords.taskEnd(s, null, SuspendTiming.now(), false);
                s.clearSuspension();
                OpenSuspensions.unregister(s); // the thread's end, as the end probe does it
            }));
            if (i % 50 == 49) {
                Thread.sleep(1);
            }
        }
        for (Thread t : threads) {
            t.join();
        }
        done.set(true);
        waker.join();
        List<Path> chunks = recorder.finish();
        recorder = null;
        long suspends = 0;
        long unnamed = 0;
        for (Path chunk : chunks) {
            for (RecordedEvent e : RecordingFile.readAllEvents(chunk)) { // each chunk alone
                if (e.getEventType().getName().equals("blockscope.Suspend")) {
                    suspends++;
                    String name = e.getThread().getJavaName();
                    if (name == null || !name.startsWith("writer-") || !e.getThread().isVirtual()) {
                        unnamed++;
                    }
                }
            }
        }
        assertThat(suspends).isEqualTo(3L * count);
        assertThat(unnamed).as("events of %d in %d chunks without their thread's name", suspends, chunks.size()).isZero();
    }

    /** The sweep's cadence follows the rate, so that a sweep copies about 32 KB; within 5 and 100 ms. */
    @Test
    void theSweepsCadenceFollowsTheRate() {
        long ms = 1_000_000L;
        assertThat(ChunkRecorder.sweepPause(4 << 10, 100 * ms)).as("quiet").isEqualTo(100 * ms);
        assertThat(ChunkRecorder.sweepPause(0, 100 * ms)).isEqualTo(100 * ms);
        // a service's 2.5 MB/s: 256 KB in 100 ms, a sweep of 32 KB every 12.5 ms
        assertThat(ChunkRecorder.sweepPause(256 << 10, 100 * ms)).isEqualTo(12_500_000L);
        assertThat(ChunkRecorder.sweepPause(32 << 10, 12_500_000L)).as("steady").isEqualTo(12_500_000L);
        assertThat(ChunkRecorder.sweepPause(10 << 20, 100 * ms)).as("a burst").isEqualTo(5 * ms);
        assertThat(ChunkRecorder.sweepPause(64 << 10, 1000 * ms)).as("slow").isEqualTo(100 * ms);
    }

    /** The chunk's thread set, cleared after a busy chunk (its table shrunk or kept), holds exactly what is added after. */
    @Test
    void theThreadSetIsExactAfterBusyAndQuietChunks() {
        ChunkRecorder.LongSet set = new ChunkRecorder.LongSet();
        for (int round : new int[] {200_000, 150_000, 10, 100_000, 0, 3}) {
            set.clear();
            for (long id = 1; id <= round; id++) {
                set.add(id * 7919);
                set.add(id * 7919); // twice: a set
            }
            assertThat(set.size()).isEqualTo(round);
            assertThat(set.toArray()).hasSize(round);
            assertThat(set.contains(7919L * (round + 1))).isFalse();
            if (round > 0) {
                assertThat(set.contains(7919L * round)).isTrue();
            }
        }
    }

    /** Ids as chunks hold them (runs of consecutive ones) and strides that share the low bits, each set exact. */
    @Test
    void theThreadSetIsExactForRunsOfIdsAndStridesOfThePowersOfTwo() {
        ChunkRecorder.LongSet set = new ChunkRecorder.LongSet();
        for (long stride : new long[] {1, 2, 8, 1024, 1 << 16, 1L << 33}) {
            set.clear();
            java.util.Set<Long> expected = new java.util.HashSet<>();
            java.util.Random r = new java.util.Random(stride);
            for (int i = 0; i < 50_000; i++) {
                long id = 10_000 + stride * (r.nextInt(4) == 0 ? r.nextInt(100_000) : i); // mostly in order, some again
                set.add(id);
                expected.add(id);
            }
            assertThat(set.size()).as("stride %d", stride).isEqualTo(expected.size());
            assertThat(java.util.Arrays.stream(set.toArray()).boxed().toList()).containsExactlyInAnyOrderElementsOf(expected);
            for (long id : expected) {
                assertThat(set.contains(id)).isTrue();
            }
            assertThat(set.contains(10_000 + stride * 200_001)).isFalse();
            assertThat(set.contains(9_999)).isFalse();
        }
    }

    @Test
    void appendedToJfrsRecordingTheFileIsOneRecordingInOneTime() throws Exception {
        Path output = dir.resolve("out.jfr");
        try (Recording jfr = new Recording()) {
            jfr.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ZERO);
            jfr.start();
            recorder = ChunkRecorder.start(dir.resolve("chunks"), 0);
            TaskState s = suspended(OpenSuspensions.stateOf(Thread.currentThread()), "sleep", 0);
            long began = SuspendTiming.now();
            Thread.sleep(20);
            long ended = SuspendTiming.now();
            java.time.Instant wallEnd = java.time.Instant.now();
            EventRecords.suspend(s, null, began, ended, null, 0, 0, 0, 0);
            s.clearSuspension();
            jfr.stop();
            jfr.dump(output);
            recorder.appendTo(output);
            recorder = null;
            List<RecordedEvent> events = RecordingFile.readAllEvents(output);
            RecordedEvent e = named(events, "blockscope.Suspend").getFirst();
            // the JDK's reader converts every chunk with the first chunk's clock: the ticks must be JFR's
            assertThat(Duration.between(e.getEndTime(), wallEnd).abs()).isLessThan(Duration.ofMillis(5));
            assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(19));
            assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("out.jfr"); // chunks gone
        }
    }
}
