package dev.blockscope.agent.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes blockscope's events as JFR chunks of its own, beside the JDK's recording: one thread
 * sweeps what the writers committed to their {@link EventBuffer}s into the current chunk file, and
 * closes a chunk (its constant pools, metadata and header) when it is large or old enough, and at
 * the end. At the end the agent appends these chunks to the file JFR wrote, so the output is one
 * standard .jfr: JFR's chunks with the JDK's events and the agent's few JFR events, then these
 * with the agent's per-suspension events. A chunk stands alone, as JFR requires: it names every
 * thread its events refer to (found while copying, as each event's third field), every reason
 * and blocker class, and the carriers, and lists the tasks still suspended at its end
 * ({@code blockscope.OpenSuspend}).
 *
 * <p>Times are JFR's own ticks ({@link SuspendTiming}), as in the JDK's chunks: the JDK's parser
 * converts every chunk of a file with the first chunk's clock, so a chunk with a time base of its
 * own was read hundreds of milliseconds off.
 *
 * <p>Why not one JFR commit per suspension: that cost 2.3x the bare hand-off before any of the
 * agent's own work, and writing events into the writer's own buffer is where JFR's own cost
 * lies too (docs/overhead.md, sixth and ninth passes).
 */
public final class ChunkRecorder {
    /** The running recorder, or null. */
    private static volatile ChunkRecorder current;

    /** A chunk is closed once it holds this much... */
    static final long CHUNK_BYTES = 8L << 20;
    /** ... or is this old. */
    static final long CHUNK_NANOS = 30_000_000_000L;
    private static final long IDLE_PARK_NANOS = 100_000_000L;
    /** When the clock is calibrated ({@link SuspendTiming#calibrate}): once the JVM's start is over. */
    private static final long CALIBRATE_AFTER_NANOS = 2_000_000_000L;
    private static final long BUSY_PARK_NANOS = 5_000_000L;
    /**
     * What one sweep should copy at most, at a steady rate: the sweep's cadence follows the rate
     * (between {@link #BUSY_PARK_NANOS} and {@link #IDLE_PARK_NANOS}) so that each sweep's burst
     * of CPU stays short. On a machine whose cores the application keeps busy, the writer's wake-up
     * takes a core from a carrier for as long as the burst lasts: at a 100 ms cadence a service's
     * sweeps lasted 0.5-1 ms each (a third of that now; the service's p99 did not move with it,
     * docs/overhead.md, fourteenth pass).
     */
    static final long SWEEP_TARGET_BYTES = 32 << 10;
    /** Bytes the writer copies or encodes between two {@link Thread#yield}s within one burst. */
    static final int YIELD_EVERY_BYTES = 64 << 10;

    private final Path dir;
    private final long maxBytes;
    /** Closed chunks that ended longer ago than this are deleted (the flight recorder's window); 0: none. */
    private volatile long maxAgeNanos;
    /** A flight dump's request: the file the closed chunks of the window are appended to, and its answer. */
    private volatile Path windowTarget;
    private volatile Thread windowWaiter;
    private volatile String windowResult;
    private final long chunkBytes;
    private final long chunkNanos;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile Throwable failure;

    // owned by the recorder's thread
    private FileChannel out;
    private Path file;
    private long fileBytes;
    private long chunkStartTicks;
    private long chunkStartNanos;
    /** The earliest commit (a record's start plus duration, in ticks) copied into the chunk; MAX_VALUE while none. */
    private long chunkFirstCommitTicks = Long.MAX_VALUE;
    /** The end of the chunk closed last, {ticks, epoch nanos}: where the next one begins; null before the first. */
    private long[] previousEnd;
    private long chunkStartedAt;
    /** When the last sweep before the last chunk's end began ({@link SuspendTiming#now}); the writer's thread only. */
    private long finalSweepTicks;
    /** While the last chunk closes: records committed after this are left out (see {@link #closeChunk}); else none is. */
    private long copyUntilTicks = Long.MAX_VALUE;
    private int chunkIndex;
    private long chunkEvents;
    /** What is copied but not yet written to the file. */
    private final ChunkBytes staging = new ChunkBytes(1 << 20);

    private final LongSet threads = new LongSet();
    /** The closed chunks kept, oldest first. */
    private final ArrayDeque<ClosedChunk> closed = new ArrayDeque<>();
    private long closedBytes;
    private volatile long deletedChunks;
    private volatile long deletedBytes;
    /** The end (epoch nanos) of the last chunk deleted under {@code maxBytes}: the agent's events before it are gone. */
    private volatile long deletedUntilNanos;
    /** The start (epoch nanos) of the first chunk: when this recorder began. */
    private volatile long firstChunkStartNanos;
    /** The disk bound: watched every {@link #DISK_CHECK_NANOS}, null when not set. */
    private volatile DiskWatch diskWatch;
    private long diskCheckedAt;
    private static final long DISK_CHECK_NANOS = 250_000_000L;

    /** A closed chunk file, its size and the end of its time (epoch nanos). */
    private record ClosedChunk(Path file, long bytes, long endNanos, long closedAt) {}

    /**
     * The disk bound: {@code tooFull} is called once (on the recorder's thread: it must hand the
     * stop to another thread) when the free space of a file system in {@code stores} falls below
     * {@code minFreeBytes} plus what the recording has on disk ({@code otherBytes}, JFR's part,
     * plus this recorder's), which writing the output will copy.
     */
    public record DiskWatch(List<java.nio.file.FileStore> stores, long minFreeBytes, java.util.function.LongSupplier otherBytes,
                            java.util.function.Consumer<String> tooFull) {}
    /** Tasks that ended since the last sweep (their events are all in the buffers by then). */
    private final ConcurrentLinkedQueue<TaskState> ended = new ConcurrentLinkedQueue<>();
    /** The names of ended tasks the chunk's events refer to: the live ones are named at its end. */
    private final Map<Long, ChunkPools.Named> endedNames = new HashMap<>();
    /**
     * The ended tasks the chunk's events refer to that are unnamed virtual threads (a server's
     * request threads, most of what ends): an id each, not a map entry of about 90 bytes, which a
     * Jetty server's heap grew by 11 MB in a 15 s chunk.
     */
    private final LongSet endedUnnamedVirtual = new LongSet();

    private ChunkRecorder(Path dir, long maxBytes, long chunkBytes, long chunkNanos) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.chunkBytes = chunkBytes;
        this.chunkNanos = chunkNanos;
        this.thread = new Thread(new Runnable() { // not a lambda: its bootstrap costs a cold JVM milliseconds in premain
            @Override
            public void run() {
                ChunkRecorder.this.run();
            }
        }, "blockscope chunks");
        thread.setDaemon(true);
    }

    /**
     * Starts recording into chunk files under {@code dir} (created), keeping at most
     * {@code maxBytes} of closed chunks there (0: no limit; the oldest go first). Call before the
     * probes record. The directory and the first chunk are made by the recorder's own thread, so a
     * JVM's start does not wait for them; a failure there is reported by {@link #finish}.
     */
    public static ChunkRecorder start(Path dir, long maxBytes) throws IOException {
        return start(dir, maxBytes, chunkBytesFor(maxBytes), CHUNK_NANOS);
    }

    /** {@link #start(Path, long)} with chunks closed at {@code chunkBytes} or {@code chunkNanos}. */
    public static ChunkRecorder start(Path dir, long maxBytes, long chunkBytes, long chunkNanos) throws IOException {
        ChunkRecorder r = new ChunkRecorder(dir, maxBytes, chunkBytes, chunkNanos);
        for (EventBuffer b : EventBuffers.all()) {
            b.flushed = b.committed(); // left from an earlier recording in this JVM (attach, stop, attach)
        }
        current = r;
        stoppedFlag = false;
        OpenSuspensions.earlierWaitsAtEnd(List.of()); // an earlier recording's, in this JVM
        PreexistingTasks.clear();
        r.thread.start(); // which opens the first chunk: premain need not wait for the file
        return r;
    }

    /** A task ended: its name stays available to the chunks that hold its last events. */
    static void ended(TaskState s) {
        ChunkRecorder r = current;
        if (r != null) {
            r.ended.add(s);
        }
    }

    /**
     * Stops the thread and closes the last chunk with what the writers committed until now.
     * Returns the chunk files, oldest first, for {@link #appendTo}. Idempotent.
     */
    public synchronized List<Path> finish() throws IOException {
        if (!stopping) {
            stopping = true;
            stoppedFlag = true;
            LockSupport.unpark(thread);
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (current == this) {
                current = null;
            }
        }
        if (failure != null) {
            throw new IOException("blockscope's chunk writer failed: " + failure, failure);
        }
        List<Path> files = new ArrayList<>();
        for (ClosedChunk c : closed) {
            files.add(c.file());
        }
        return files;
    }

    /**
     * Appends the chunk files to {@code output} (after JFR's chunks, or as the whole file when JFR
     * wrote none), then deletes them and the directory. Returns the bytes appended.
     */
    public long appendTo(Path output) throws IOException {
        List<Path> chunks = finish();
        long bytes = copyChunks(chunks, output);
        discard();
        return bytes;
    }

    /** Appends {@code chunks} to {@code output}; returns the bytes appended. */
    private static long copyChunks(List<Path> chunks, Path output) throws IOException {
        long bytes = 0;
        try (FileChannel target = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (Path chunk : chunks) {
                try (FileChannel in = FileChannel.open(chunk, StandardOpenOption.READ)) {
                    long size = in.size();
                    long done = 0;
                    while (done < size) {
                        long n = in.transferTo(done, size - done, target);
                        if (n <= 0) {
                            throw new IOException("could not copy " + chunk + " into " + output);
                        }
                        done += n;
                    }
                    bytes += size;
                }
            }
            target.force(false);
        }
        return bytes;
    }

    /** Deletes the chunk files and their directory (after {@link #appendTo}, or when the recording is abandoned). */
    public void discard() {
        try {
            for (ClosedChunk c : closed) {
                Files.deleteIfExists(c.file());
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // temporary files; the directory is named in the log at debug level
        }
    }

    /** Chunks dropped under {@code maxBytes} so far. */
    public long deletedChunks() {
        return deletedChunks;
    }

    /** Bytes of the chunks dropped under {@code maxBytes} so far. */
    public long deletedBytes() {
        return deletedBytes;
    }

    /** The end (epoch nanos) of the last chunk dropped, 0 if none was. */
    public long deletedUntilNanos() {
        return deletedUntilNanos;
    }

    /** Ended tasks whose names the current chunk keeps, and ended unnamed virtual threads it keeps as ids only. */
    int[] endedHeld() {
        return new int[] {endedNames.size(), endedUnnamedVirtual.size()};
    }

    /** When the first chunk began (epoch nanos), 0 before it is open. */
    public long startedNanos() {
        return firstChunkStartNanos;
    }

    /** Watches the free disk space from now on (see {@link DiskWatch}). */
    public void watchDisk(DiskWatch watch) {
        this.diskWatch = watch;
    }

    /** The chunk size for a recording kept within {@code maxBytes} (0: none): a few chunks fit in it. */
    public static long chunkBytesFor(long maxBytes) {
        return maxBytes <= 0 ? CHUNK_BYTES : Math.max(64L << 10, Math.min(CHUNK_BYTES, maxBytes / 4));
    }

    /**
     * How long the writer parks after a sweep that copied {@code copied} bytes made over
     * {@code sinceLast} nanoseconds: long enough for about {@link #SWEEP_TARGET_BYTES} at that
     * rate, within {@link #BUSY_PARK_NANOS} and {@link #IDLE_PARK_NANOS}.
     */
    static long sweepPause(long copied, long sinceLast) {
        if (copied <= SWEEP_TARGET_BYTES / 4) {
            return IDLE_PARK_NANOS;
        }
        long pause = (long) (SWEEP_TARGET_BYTES * ((double) Math.max(0, sinceLast) / copied));
        return Math.max(BUSY_PARK_NANOS, Math.min(IDLE_PARK_NANOS, pause));
    }

    /** Bytes of the closed chunks kept, and of the one being written. */
    public long bytes() {
        return closedBytes + fileBytes;
    }

    /** Records dropped because every buffer was full (the memory cap of {@link EventBuffers}). */
    public static long dropped() {
        return EventRecords.DROPPED.sum();
    }

    private void run() {
        try {
            Files.createDirectories(dir);
            openChunk();
            long started = System.nanoTime();
            long sweptAt = started;
            boolean calibrated = false;
            while (!stopping) {
                if (!calibrated && System.nanoTime() - started > CALIBRATE_AFTER_NANOS) {
                    // not at once: the JVM is starting, and on two cores this would compete with it
                    SuspendTiming.calibrate();
                    calibrated = true;
                }
                LiveTap.sweepBegins(); // before the sweep: a cut holds what its task wrote before asking
                long copied = sweep();
                preexistingEnds();
                checkDisk();
                LiveTap.swept(ended); // the live listeners' cuts (nothing without listeners)
                if (windowTarget != null) {
                    appendWindow();
                }
                long age = System.nanoTime() - chunkStartedAt;
                if (fileBytes + staging.size() >= chunkBytes || age >= chunkNanos) {
                    closeChunk(false);
                    openChunk();
                }
                long now = System.nanoTime();
                LockSupport.parkNanos(sweepPause(copied, now - sweptAt));
                sweptAt = now;
            }
            LiveTap.sweepBegins();
            sweep();
            preexistingEnds();
            LiveTap.swept(ended);
            finalSweepTicks = SuspendTiming.now(); // a wait that began before this has its task's start swept below
            sweep(); // again just before the end lists the open waits: a task that began meanwhile has its start in
            closeChunk(true);
        } catch (Throwable e) {
            failure = e;
            AgentCounters.ERRORS.increment();
        } finally {
            LiveTap.recorderStopped();
        }
    }

    /**
     * The disk bound: once the free space left after the output is written would fall below the
     * margin, says so once; the session stops the recording then, while the output still fits.
     */
    private void checkDisk() {
        DiskWatch watch = diskWatch;
        long now = System.nanoTime();
        if (watch == null || now - diskCheckedAt < DISK_CHECK_NANOS) {
            return;
        }
        diskCheckedAt = now;
        long onDisk = bytes() + staging.size() + watch.otherBytes().getAsLong();
        for (java.nio.file.FileStore store : watch.stores()) {
            try {
                long usable = store.getUsableSpace();
                if (usable - onDisk < watch.minFreeBytes()) {
                    diskWatch = null;
                    watch.tooFull().accept((usable >> 20) + " MB left on " + store + ", " + (onDisk >> 20)
                            + " MB of it to be copied into the output");
                    return;
                }
            } catch (IOException | RuntimeException e) {
                AgentCounters.ERRORS.increment();
            }
        }
    }

    /**
     * Keeps only the chunks of the last {@code windowNanos} (closed chunks that ended before are
     * deleted; the current one is closed every {@code chunkNanos}): the flight recorder.
     */
    public void keepOnly(long windowNanos) {
        maxAgeNanos = windowNanos;
    }

    /**
     * Closes the current chunk now and appends every chunk kept to {@code target} (a flight dump,
     * after JFR's part); the recorder's thread does it, so no chunk it keeps is deleted meanwhile.
     * Returns null when done, else what went wrong.
     */
    public String appendWindowTo(Path target, long timeoutMillis) {
        synchronized (this) {
            windowResult = null;
            windowWaiter = Thread.currentThread();
            windowTarget = target;
            LockSupport.unpark(thread);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (windowTarget != null && System.nanoTime() < deadline && thread.isAlive()) {
                LockSupport.parkNanos(50_000_000L);
            }
            windowWaiter = null;
            if (windowTarget != null) {
                windowTarget = null;
                return "the chunk writer did not answer within " + timeoutMillis + " ms";
            }
            return windowResult;
        }
    }

    private void appendWindow() {
        Path target = windowTarget;
        try {
            sweep(); // again: the loop's sweep may have begun before the dump was asked for
            closeChunk(false);
            openChunk();
            copyChunks(closed.stream().map(ClosedChunk::file).toList(), target);
        } catch (IOException | RuntimeException e) {
            windowResult = String.valueOf(e);
        }
        windowTarget = null;
        Thread w = windowWaiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Wakes the recorder's thread for a sweep now (a live listener asks for its cut). */
    static void wake() {
        ChunkRecorder r = current;
        if (r != null) {
            LockSupport.unpark(r.thread);
        }
    }

    /**
     * Whether the last recorder started in this JVM is finishing or finished: what the probes
     * commit now reaches no chunk, and must not reach JFR's recording either (which is stopped
     * after it), or that file would show tasks whose start no chunk holds.
     */
    static boolean stopped() {
        return stoppedFlag;
    }

    private static volatile boolean stoppedFlag;

    /** Whether a recorder runs in this JVM. */
    static boolean running() {
        ChunkRecorder r = current;
        return r != null && !r.stopping;
    }

    // ---- one chunk -------------------------------------------------------------------------

    private void openChunk() throws IOException {
        file = dir.resolve(String.format("chunk-%05d.jfr", ++chunkIndex));
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ);
        if (previousEnd != null) {
            // where the last one ended: what was committed meanwhile (closing takes a while) is in this one's time
            chunkStartTicks = previousEnd[0];
            chunkStartNanos = previousEnd[1];
        } else {
            Instant now = Instant.now();
            chunkStartTicks = SuspendTiming.now();
            chunkStartNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
        chunkFirstCommitTicks = Long.MAX_VALUE;
        chunkStartedAt = System.nanoTime();
        if (firstChunkStartNanos == 0) {
            firstChunkStartNanos = chunkStartNanos;
        }
        chunkEvents = 0;
        threads.clear();
        staging.clear();
        staging.putBytes(new byte[HEADER_SIZE], 0, HEADER_SIZE); // the header, written when the chunk closes
        fileBytes = 0;
    }

    /**
     * Copies every buffer's committed records into the chunk; returns the bytes copied. A task
     * that ended before the sweep began wrote its last events before that, so they are copied
     * here; its name is kept if the chunk refers to it, and the task itself is let go.
     */
    private long sweep() throws IOException {
        List<TaskState> justEnded = new ArrayList<>();
        for (TaskState s; (s = ended.poll()) != null; ) {
            justEnded.add(s);
        }
        long copied = 0;
        for (EventBuffer b : EventBuffers.all()) {
            int state = b.state(); // before committed: a retired buffer's last records are then seen
            if (state == EventBuffer.FREE) {
                continue;
            }
            long before = copied;
            copied += copy(b, b.committed());
            if (copied / YIELD_EVERY_BYTES != before / YIELD_EVERY_BYTES) {
                Thread.yield(); // a long burst gives the application's threads their cores back now and then
            }
            if (state == EventBuffer.RETIRED) {
                EventBuffers.recycle(b);
            } else {
                Thread owner = b.owner;
                if (owner != null && !owner.isAlive()) {
                    // its thread ended without retiring it (no end probe): nothing writes it any more
                    copied += copy(b, b.committed());
                    EventBuffers.recycle(b);
                }
            }
            if (fileBytes + staging.size() >= chunkBytes) {
                // full within the sweep (a busy second's buffers can hold many times a small chunk):
                // the chunk size, and so maxsize=, holds whatever the rate
                nameEnded(justEnded);
                closeChunk(false);
                openChunk();
            }
        }
        nameEnded(justEnded);
        return copied;
    }

    /** A TaskEnd for each task that began before an attached agent and has ended since the last sweep. */
    private void preexistingEnds() throws IOException {
        for (PreexistingTasks.Ended e : PreexistingTasks.check()) {
            byte[] record = EventRecords.taskEndFound(e.threadId(), SuspendTiming.now(), e.aliveAtNanos());
            staging.putBytes(record, 0, record.length);
            if (LiveTap.listening) {
                // a live view follows its tasks from chunk to chunk: without their end they stayed alive in it
                LiveTap.copied(record, 0, record.length);
            }
            threads.add(e.threadId());
            chunkEvents++;
            if (e.name() == null || e.name().isEmpty()) {
                endedUnnamedVirtual.add(e.threadId());
            } else {
                endedNames.put(e.threadId(), new ChunkPools.Named(e.name(), true));
            }
            AgentCounters.TASK_EVENTS.increment();
        }
    }

    /** Keeps the names of the tasks that ended for the chunk whose events refer to them. */
    private void nameEnded(List<TaskState> justEnded) {
        for (TaskState s : justEnded) {
            nameEnded(s);
            LiveTap.ended(s);
        }
    }

    private void nameEnded(TaskState s) {
        if (threads.contains(s.threadId)) {
            if (s.virtual && s.thread.getName().isEmpty()) {
                endedUnnamedVirtual.add(s.threadId);
            } else {
                endedNames.put(s.threadId, ChunkPools.Named.of(s.thread));
            }
        }
    }

    /**
     * Copies the records of {@code b} up to {@code to} into the chunk, and adds each record's
     * thread (its fifth field, after size, type, start and duration) to the chunk's thread pool.
     */
    private long copy(EventBuffer b, int to) throws IOException {
        int from = b.flushed;
        if (to <= from) {
            return 0;
        }
        byte[] d = b.data;
        long[] read = scratch;
        int at = from;
        long lastThread = -1; // a buffer holds runs of one task's records (a platform thread's, its own only): one set lookup per run
        boolean atBound = false;
        while (at < to) {
            int size = (int) readLong(d, at, read);
            if (size <= 0 || at + size > to) {
                AgentCounters.ERRORS.increment(); // cannot happen: records are committed whole
                break;
            }
            readLong(d, (int) read[1], read); // type
            long start = readLong(d, (int) read[1], read);
            long commit = start + readLong(d, (int) read[1], read); // duration
            if (commit - copyUntilTicks > 0) {
                atBound = true; // after the last chunk's end: it and what follows stay out
                break;
            }
            if (commit < chunkFirstCommitTicks) {
                chunkFirstCommitTicks = commit;
            }
            long thread = readLong(d, (int) read[1], read);
            if (thread != lastThread) {
                threads.add(thread);
                lastThread = thread;
            }
            at += size;
            chunkEvents++;
        }
        staging.putBytes(d, from, at - from);
        if (LiveTap.listening) {
            LiveTap.copied(d, from, at);
        }
        if (FlightTriggers.armed) {
            FlightTriggers.records(d, from, at);
        }
        b.flushed = atBound ? at : to;
        if (staging.size() >= STAGING_FLUSH) {
            drainStaging();
        }
        return at - from;
    }

    private static final int STAGING_FLUSH = 1 << 20;
    /** Scratch for {@link #readLong}: {value, position after it}; only the recorder's thread uses it. */
    private final long[] scratch = new long[2];

    static long readLong(byte[] d, int at, long[] result) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            byte b = d[at++];
            v |= (b & 0x7FL) << (7 * i);
            if (b >= 0) {
                result[0] = v;
                result[1] = at;
                return v;
            }
        }
        v |= (d[at++] & 0xFFL) << 56;
        result[0] = v;
        result[1] = at;
        return v;
    }

    private void drainStaging() throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(staging.array(), 0, staging.size());
        while (bytes.hasRemaining()) {
            fileBytes += out.write(bytes);
        }
        staging.clear();
    }

    /**
     * Writes the chunk's end (carriers, pools, metadata, and in the {@code last} chunk the open
     * suspensions) and its header.
     */
    private void closeChunk(boolean last) throws IOException {
        long endTicks = SuspendTiming.now();
        Instant now = Instant.now();
        long endNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        ChunkBytes tail = new ChunkBytes(64 << 10);
        Map<Long, ChunkPools.Named> names = new HashMap<>();
        endOfChunkEvents(tail, endTicks, endNanos, last ? finalSweepTicks : endTicks, names, last, threads);
        if (last) {
            // A wait that ended after the sweep passed its thread's buffer but before the list of open
            // waits came to its task was in neither, and lost (a thread sleeping in a loop lost its last
            // 50 ms sleep so, 1 exit in about 20 on 2 busy cores). So the chunk ends once the list is
            // made, and every record committed by then is copied: a wait is in the list or here, or
            // in both when it ended as the list was made (a wait that begins at an open one's start
            // supersedes it). The open waits run to the chunk's end.
            long listedTicks = SuspendTiming.now();
            copyUntilTicks = listedTicks;
            for (EventBuffer b : EventBuffers.all()) {
                if (b.state() != EventBuffer.FREE) {
                    copy(b, b.committed());
                }
            }
            copyUntilTicks = Long.MAX_VALUE;
            endNanos += SuspendTiming.toNanos(listedTicks - endTicks);
            endTicks = listedTicks;
            for (TaskState s : OpenSuspensions.live()) {
                if (threads.contains(s.threadId) && !names.containsKey(s.threadId)) {
                    names.put(s.threadId, ChunkPools.Named.of(s.thread)); // a thread only the copy referred to
                }
            }
        }
        // after the registry: a task joins this list before it leaves the registry (OpenSuspensions.unregister),
        // so one that ended since the sweep took the list, whose records the sweep may have copied, is in one
        // or the other; it stays in the list, for the next chunk's first sweep
        for (TaskState s : ended) {
            nameEnded(s);
        }
        names.putAll(endedNames);
        if (last) {
            OpenSuspensions.writeEarlierWaits(tail, endTicks, names, threads);
        }
        staging.putBytes(tail.array(), 0, tail.size());
        long cpOffset = fileBytes + staging.size();
        staging.putEvent(ChunkPools.checkpoint(endTicks, threads, names, endedUnnamedVirtual, EventRecords.STRINGS.values(),
                EventRecords.CLASSES.values()));
        long metaOffset = fileBytes + staging.size();
        staging.putEvent(ChunkMetadata.body(endTicks));
        drainStaging();
        long size = fileBytes;
        // A record committed before the chunk began (its thread stalled between its clock reading and
        // its commit, or the sweep before the rotation had passed its buffer) moves the start back to it.
        long startTicks = chunkStartTicks;
        long startNanos = chunkStartNanos;
        if (chunkFirstCommitTicks < startTicks) {
            startNanos -= SuspendTiming.toNanos(startTicks - chunkFirstCommitTicks);
            startTicks = chunkFirstCommitTicks;
        }
        ChunkBytes header = header(size, cpOffset, metaOffset, startNanos, endNanos, startTicks);
        previousEnd = new long[] {endTicks, endNanos};
        out.write(ByteBuffer.wrap(header.array(), 0, HEADER_SIZE), 0);
        out.force(false);
        out.close();
        out = null;
        closed.add(new ClosedChunk(file, size, endNanos, System.nanoTime()));
        closedBytes += size;
        file = null;
        fileBytes = 0;
        endedNames.clear();
        endedUnnamedVirtual.clear();
        long maxAge = maxAgeNanos;
        while (maxAge > 0 && closed.size() > 1 && System.nanoTime() - closed.getFirst().closedAt() > maxAge) {
            dropOldest(); // the flight recorder's window
        }
        // the chunk being written next counts too: maxBytes bounds what is on disk at any moment
        while (maxBytes > 0 && closedBytes + chunkBytes > maxBytes && closed.size() > 1) {
            dropOldest();
        }
    }

    /** Deletes the oldest closed chunk, counting what was dropped and until when. */
    private void dropOldest() throws IOException {
        ClosedChunk oldest = closed.removeFirst();
        closedBytes -= oldest.bytes();
        Files.deleteIfExists(oldest.file());
        deletedBytes += oldest.bytes();
        deletedUntilNanos = Math.max(deletedUntilNanos, oldest.endNanos());
        deletedChunks++;
    }

    /** A finished chunk's header: its size, the offsets of its checkpoint and metadata, its span in epoch nanos and ticks. */
    static ChunkBytes header(long size, long cpOffset, long metaOffset, long startNanos, long endNanos, long startTicks) {
        ChunkBytes header = new ChunkBytes(HEADER_SIZE);
        header.putBytes(MAGIC, 0, 4).putRawShort(2).putRawShort(1);
        header.putRawLong(size).putRawLong(cpOffset).putRawLong(metaOffset);
        header.putRawLong(startNanos).putRawLong(Math.max(0, endNanos - startNanos));
        header.putRawLong(startTicks).putRawLong(SuspendTiming.frequency());
        header.putByte(0).putByte(0).putByte(0).putByte(FEATURE_COMPRESSED_INTS); // finished; integers compressed
        return header;
    }

    /**
     * The events only the chunk's end can write: one {@code blockscope.Carrier} per carrier and,
     * in the {@code last} chunk, one {@code blockscope.OpenSuspend} per task suspended since before
     * {@code sweptTicks} (when the sweep before this began: its task's start is in the file); and the
     * names of the threads the chunk's events refer to, from the live tasks, the carriers and the
     * recently ended tasks. An earlier chunk lists no open suspensions: each ends in a later
     * chunk, whose Suspend has its whole length (listing them cost a soak of 10,000 sleeping
     * virtual threads 3% of its events).
     */
    static void endOfChunkEvents(ChunkBytes tail, long endTicks, long endNanos, long sweptTicks, Map<Long, ChunkPools.Named> names,
                                 boolean last, LongSet threads) {
        for (TaskState s : OpenSuspensions.live()) {
            if (!s.thread.isAlive()) {
                if (OpenSuspensions.endedUnseen(s)) {
                    OpenSuspensions.unregister(s); // ended without passing the end probe (probe off)
                }
            } else if (last && (!s.ignored || s.carrierThread)) {
                OpenSuspensions.openRecord(s, tail, endTicks, endNanos, sweptTicks, threads);
            }
            if (threads.contains(s.threadId)) {
                names.put(s.threadId, ChunkPools.Named.of(s.thread));
            }
        }
        for (Thread carrier : CarrierNames.known()) {
            long id = carrier.threadId();
            ChunkBytes body = new ChunkBytes(32);
            body.putLong(ChunkSchema.CARRIER).putLong(endTicks).putLong(0).putLong(id).putLong(id);
            tail.putEvent(body);
            threads.add(id);
            names.put(id, ChunkPools.Named.of(carrier));
        }
    }

    static final int HEADER_SIZE = 68;
    private static final byte[] MAGIC = {'F', 'L', 'R', 0};
    private static final int FEATURE_COMPRESSED_INTS = 1;

    /** A set of longs (thread ids), open-addressed, without boxing. */
    static final class LongSet {
        private long[] keys = new long[1024];
        private boolean hasZero;
        private int size;

        void add(long k) {
            if (k == 0) {
                hasZero = true;
                return;
            }
            if ((size + 1) * 2 > keys.length) {
                long[] old = keys;
                keys = new long[old.length * 2];
                size = 0;
                for (long o : old) {
                    if (o != 0) {
                        insert(o);
                    }
                }
            }
            insert(k);
        }

        /**
         * Where {@code k}'s probing starts. The ids of one chunk are mostly consecutive (threads are
         * numbered as they start), so eight consecutive ids share a block of eight slots, one cache
         * line of the table, and the blocks are spread by a multiplicative hash: with every id
         * hashed on its own, each new id of a busy chunk cost the chunk writer a cache miss (a
         * quarter of its time in a service).
         */
        private static int home(long k, int mask) {
            int block = Long.hashCode((k >>> 3) * 0x9E3779B97F4A7C15L);
            return (block << 3 | (int) (k & 7)) & mask;
        }

        private void insert(long k) {
            int mask = keys.length - 1;
            int i = home(k, mask);
            while (keys[i] != 0) {
                if (keys[i] == k) {
                    return;
                }
                i = (i + 1) & mask;
            }
            keys[i] = k;
            size++;
        }

        boolean contains(long k) {
            if (k == 0) {
                return hasZero;
            }
            int mask = keys.length - 1;
            for (int i = home(k, mask); keys[i] != 0; i = (i + 1) & mask) {
                if (keys[i] == k) {
                    return true;
                }
            }
            return false;
        }

        void clear() {
            if (keys.length > 1 << 16 && (size + 1) * 16L < keys.length) {
                // a busy chunk's set is not kept for the quiet ones after it; one about as busy keeps
                // it, rather than growing it again in a burst of rehashing
                keys = new long[Math.max(1024, Integer.highestOneBit(size * 4 + 1))];
            } else {
                java.util.Arrays.fill(keys, 0);
            }
            size = 0;
            hasZero = false;
        }

        int size() {
            return size + (hasZero ? 1 : 0);
        }

        /** The ids, 0 left out (it stands for no thread). */
        long[] toArray() {
            long[] a = new long[size];
            int n = 0;
            for (long k : keys) {
                if (k != 0) {
                    a[n++] = k;
                }
            }
            return a;
        }
    }
}
