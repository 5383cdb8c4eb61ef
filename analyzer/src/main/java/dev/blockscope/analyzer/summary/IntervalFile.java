package dev.blockscope.analyzer.summary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Every interval of an analysis, on disk: fixed-size records appended in the order the task
 * timelines produce them, then memory-mapped for reading. The heap holds a 1 MiB write buffer,
 * whatever the number of intervals; the file lives in a directory of its own under the system's
 * temporary directory, deleted by {@link #close()} or, at the latest, when the JVM exits.
 *
 * <p>A record ({@value #RECORD} bytes, native order): task, start, end, carrier, waker (longs; times
 * relative to the recording's origin), then state, reason, stack and blocker (ints; the reason and
 * blocker as indexes into the recorder's tables, -1 for none).
 */
public final class IntervalFile implements AutoCloseable {
    /** Bytes per interval. */
    public static final int RECORD = 56;
    private static final int BUFFER = RECORD * (1 << 14);
    /** Records per mapped segment (a mapping holds at most 2 GiB). */
    private static final int SEGMENT_RECORDS = 1 << 24;
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(IntervalFile::deleteTree), "blockscope-interval-files"));
    }

    /** The temporary directory this file owns and deletes, or null for a file opened where it was saved. */
    private final Path dir;
    private final Path file;
    private final FileChannel channel;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.nativeOrder());
    private long size;
    private MappedByteBuffer[] segments;

    /** A new, empty file in a temporary directory of its own. */
    public IntervalFile() {
        try {
            dir = Files.createTempDirectory("blockscope-timeline-");
            OPEN.add(dir);
            file = dir.resolve("intervals.bin");
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the timeline's file in " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    /**
     * A file ordered by task that {@link #saveTo} wrote, mapped read-only where it is: {@link #close()}
     * unmaps it and leaves it on disk. {@code taskIds} and {@code taskFrom} are what
     * {@link #taskIds()} and {@link #taskFrom()} gave when it was saved.
     *
     * @throws IOException when it cannot be opened, or its size or the task ranges do not fit
     *                     {@code size} records (a damaged or partly written file)
     */
    public static IntervalFile open(Path saved, long size, long[] taskIds, long[] taskFrom) throws IOException {
        if (taskFrom.length != taskIds.length + 1 || taskFrom[0] != 0 || taskFrom[taskIds.length] != size) {
            throw new IOException(saved + ": the task ranges do not cover its " + size + " intervals");
        }
        for (int t = 0; t < taskIds.length; t++) {
            if (taskFrom[t + 1] < taskFrom[t] || (t > 0 && taskIds[t] <= taskIds[t - 1])) {
                throw new IOException(saved + ": task " + t + "'s range or id is out of order");
            }
        }
        FileChannel channel = FileChannel.open(saved, StandardOpenOption.READ);
        try {
            if (channel.size() != size * RECORD) {
                throw new IOException(saved + ": " + channel.size() + " bytes, expected " + size * RECORD + " for " + size + " intervals");
            }
            IntervalFile f = new IntervalFile(saved, channel, size);
            f.taskIds = taskIds.clone();
            f.taskFrom = taskFrom.clone();
            return f;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private IntervalFile(Path saved, FileChannel channel, long size) throws IOException {
        this.dir = null;
        this.file = saved;
        this.channel = channel;
        this.size = size;
        this.buffer = null;
        segments = map(FileChannel.MapMode.READ_ONLY);
    }

    /** The file's records mapped in segments of at most {@link #SEGMENT_RECORDS}. */
    private MappedByteBuffer[] map(FileChannel.MapMode mode) throws IOException {
        int n = (int) ((size + SEGMENT_RECORDS - 1) / SEGMENT_RECORDS);
        MappedByteBuffer[] mapped = new MappedByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long from = (long) i * SEGMENT_RECORDS;
            long records = Math.min(SEGMENT_RECORDS, size - from);
            mapped[i] = channel.map(mode, from * RECORD, records * RECORD);
            mapped[i].order(ByteOrder.nativeOrder());
        }
        return mapped;
    }

    /**
     * Puts a copy of this file's records at {@code target} (a new file) and forces it to disk: a
     * hard link where the file system allows one (the records are already written; this file's
     * {@link #close()} then removes only its own name), else a copy.
     */
    public void saveTo(Path target) throws IOException {
        seal();
        if (segments.length > 0 && channel.isOpen()) {
            for (MappedByteBuffer m : segments) {
                if (!m.isReadOnly()) {
                    m.force(); // a file made by byTask() was written through its mapping
                }
            }
        }
        try {
            Files.createLink(target, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, target);
        }
        try (FileChannel written = FileChannel.open(target, StandardOpenOption.WRITE)) {
            written.force(true);
        }
    }

    /** Appends one interval (times relative to the origin). */
    public void append(long task, int state, long start, long end, int reason, long carrier, int stack, long waker, int blocker) {
        if (segments != null) {
            throw new IllegalStateException("the interval file is already mapped for reading");
        }
        if (buffer.remaining() < RECORD) {
            flush();
        }
        buffer.putLong(task).putLong(start).putLong(end).putLong(carrier).putLong(waker)
                .putInt(state).putInt(reason).putInt(stack).putInt(blocker);
        size++;
    }

    private void flush() {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the timeline's file " + file + " (disk full?)", e);
        }
        buffer.clear();
    }

    /** Intervals appended. */
    public long size() {
        return size;
    }

    /** Ends appending and maps the file for reading (once; later calls do nothing). */
    public void seal() {
        if (segments != null) {
            return;
        }
        flush();
        buffer = null;
        try {
            segments = map(FileChannel.MapMode.READ_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the timeline's file " + file, e);
        }
    }

    private ByteBuffer at(long i) {
        return segments[(int) (i / SEGMENT_RECORDS)];
    }

    private static int offset(long i) {
        return (int) (i % SEGMENT_RECORDS) * RECORD;
    }

    /** Task id of interval {@code i} (after {@link #seal()}). */
    public long task(long i) { return at(i).getLong(offset(i)); }
    /** Start of interval {@code i}, relative nanos. */
    public long start(long i) { return at(i).getLong(offset(i) + 8); }
    /** End of interval {@code i}, relative nanos. */
    public long end(long i) { return at(i).getLong(offset(i) + 16); }
    /** Carrier id of interval {@code i}. */
    public long carrier(long i) { return at(i).getLong(offset(i) + 24); }
    /** Waker id of interval {@code i}. */
    public long waker(long i) { return at(i).getLong(offset(i) + 32); }
    /** State ordinal of interval {@code i}. */
    public int state(long i) { return at(i).getInt(offset(i) + 40); }
    /** Reason index of interval {@code i}, or -1. */
    public int reason(long i) { return at(i).getInt(offset(i) + 44); }
    /** Stack index of interval {@code i}, or -1. */
    public int stack(long i) { return at(i).getInt(offset(i) + 48); }
    /** Blocker index of interval {@code i}, or -1. */
    public int blocker(long i) { return at(i).getInt(offset(i) + 52); }

    /**
     * A copy of this (sealed) file with the intervals ordered by task, then start, and mapped for
     * reading: a counting pass, then each record copied to its task's next slot, so the heap holds
     * a few dozen bytes per task (its id, slot, count and ranges). {@link #tasks()} and {@link #taskStart(int)} give each task's range.
     * This file stays as it is; {@code serve}, which keeps only the copy, uses {@link #byTaskReplacing()}
     * (the same records in the same order, written into the pages this file gives up).
     */
    public IntervalFile byTask() {
        seal();
        Ranges ranges = ranges();
        TaskSlots slots = ranges.slots;
        long[] ids = ranges.ids;
        long[] from = ranges.from;
        long[] next = java.util.Arrays.copyOf(from, ids.length); // from here on: each task's next slot
        IntervalFile sorted = new IntervalFile();
        try {
            sorted.size = size;
            sorted.buffer = null;
            sorted.segments = sorted.map(FileChannel.MapMode.READ_WRITE);
            boolean inOrder = true;
            long[] lastStart = new long[ids.length];
            java.util.Arrays.fill(lastStart, Long.MIN_VALUE);
            for (long i = 0; i < size; i++) {
                int t = slots.get(task(i));
                long to = next[t]++;
                ByteBuffer src = at(i);
                ByteBuffer dst = sorted.at(to);
                dst.put(offset(to), src, offset(i), RECORD);
                long s = start(i);
                inOrder &= s >= lastStart[t];
                lastStart[t] = s;
            }
            sorted.taskIds = ids;
            sorted.taskFrom = from;
            if (!inOrder) {
                for (int t = 0; t < ids.length; t++) {
                    sorted.sortByStart(from[t], from[t + 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            sorted.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the timeline's file", io) : (RuntimeException) e;
        }
        return sorted;
    }

    /**
     * As {@link #byTask()}, giving up this file as it goes: this file is closed by it, whatever
     * happens. For {@code serve}, which keeps only the file by task.
     *
     * <p>After an analysis that has grown the heap to gigabytes, every page of a new file costs many
     * times what it does in a fresh JVM (the memory the kernel gives the page cache then is memory
     * not touched for a while: on this kind of virtual machine, 1.2 GB written in 4.9 s instead of
     * 0.3 s), while pages just freed are reused at full speed. So this file's records are moved
     * from its end backwards, a block at a time, and each block is cut off the file once moved:
     * the file by task is written into the pages the blocks leave. Each task's records go to its
     * group's region (consecutive tasks holding about {@value #GROUP_BYTES} bytes: a contiguous
     * range of the file by task), each block's share of a group placed before the share of the
     * block after it, so a region holds its records in the order they came; then each region of
     * more than one task is put in task order in the heap. The heap holds two regions' bytes, the
     * groups' write buffers (16 MiB at most), an int per group and block, and a few dozen bytes
     * per task.
     */
    public IntervalFile byTaskReplacing() {
        return byTaskReplacing(GROUP_BYTES, BLOCK_RECORDS);
    }

    /** Bytes of a group of tasks ordered in the heap at once: see {@link #byTaskReplacing()}. */
    static final int GROUP_BYTES = 8 << 20;
    /** Records moved, and then cut off this file, at a time (16 MiB). */
    static final int BLOCK_RECORDS = (16 << 20) / RECORD;
    /** Bytes of all groups' write buffers together, at most. */
    private static final int GROUP_BUFFERS = 16 << 20;

    /** As {@link #byTaskReplacing()}, with groups of about {@code groupBytes} and blocks of {@code blockRecords} (tests make them small). */
    IntervalFile byTaskReplacing(int groupBytes, int blockRecords) {
        IntervalFile sorted = null;
        try {
            seal();
            Ranges ranges = ranges();
            TaskSlots slots = ranges.slots;
            long[] ids = ranges.ids;
            long[] from = ranges.from;
            int tasks = ids.length;
            // groups of consecutive tasks, each within groupBytes unless it is one task larger than that
            int[] groupOf = new int[tasks];
            int[] firstTask = new int[tasks + 1];
            int groups = 0;
            for (int t = 0; t < tasks; t++) {
                if (t == 0 || (from[t + 1] - from[firstTask[groups - 1]]) * RECORD > groupBytes) {
                    firstTask[groups++] = t;
                }
                groupOf[t] = groups - 1;
            }
            firstTask[groups] = tasks;
            // each block's records per group, and whether each task's came in start order
            int blocks = (int) ((size + blockRecords - 1) / blockRecords);
            int[][] share = new int[blocks][groups];
            boolean inOrder = true;
            long[] lastStart = new long[tasks];
            java.util.Arrays.fill(lastStart, Long.MIN_VALUE);
            for (long i = 0; i < size; i++) {
                int t = slots.get(task(i));
                share[(int) (i / blockRecords)][groupOf[t]]++;
                long s = start(i);
                inOrder &= s >= lastStart[t];
                lastStart[t] = s;
            }
            lastStart = null;
            sorted = new IntervalFile();
            sorted.size = size;
            sorted.buffer = null;
            // where the share of the block being moved begins, per group: the region's end, less the
            // shares of this block and the later ones
            long[] at = new long[groups];
            for (int g = 0; g < groups; g++) {
                at[g] = from[firstTask[g + 1]] * RECORD;
            }
            int perGroup = groups == 0 ? RECORD : Math.max(RECORD, Math.min(64 << 10, GROUP_BUFFERS / groups) / RECORD * RECORD);
            byte[][] buffers = new byte[groups][];
            int[] filled = new int[groups];
            long[] next = new long[groups];
            for (int b = blocks - 1; b >= 0; b--) {
                for (int g = 0; g < groups; g++) {
                    at[g] -= (long) share[b][g] * RECORD;
                    next[g] = at[g];
                }
                long lo = (long) b * blockRecords;
                long hi = Math.min(size, lo + blockRecords);
                for (long i = lo; i < hi; i++) {
                    int g = groupOf[slots.get(task(i))];
                    byte[] buf = buffers[g];
                    if (buf == null) {
                        buf = buffers[g] = new byte[perGroup];
                    }
                    at(i).get(offset(i), buf, filled[g], RECORD);
                    if ((filled[g] += RECORD) == buf.length) {
                        next[g] += sorted.writeAt(buf, filled[g], next[g]);
                        filled[g] = 0;
                    }
                }
                for (int g = 0; g < groups; g++) {
                    if (filled[g] > 0) {
                        next[g] += sorted.writeAt(buffers[g], filled[g], next[g]);
                        filled[g] = 0;
                    }
                }
                // the block is moved: its pages go back to the kernel, which the next writes reuse
                if (lo > 0) {
                    channel.truncate(lo * RECORD);
                }
            }
            close(); // this file is given up (its mappings are not read again)
            buffers = null;
            // each region of more than one task put in task order (its records are in the order they came)
            long largest = 0;
            for (int g = 0; g < groups; g++) {
                if (firstTask[g + 1] - firstTask[g] > 1) {
                    largest = Math.max(largest, (from[firstTask[g + 1]] - from[firstTask[g]]) * RECORD);
                }
            }
            byte[] in = null;
            byte[] out = null;
            long[] slot = new long[tasks];
            for (int g = 0; g < groups; g++) {
                int t0 = firstTask[g];
                int t1 = firstTask[g + 1];
                if (t1 - t0 < 2) {
                    continue;
                }
                int bytes = (int) ((from[t1] - from[t0]) * RECORD);
                if (in == null) {
                    in = new byte[(int) largest];
                    out = new byte[in.length];
                }
                sorted.readAt(in, bytes, from[t0] * RECORD);
                for (int t = t0; t < t1; t++) {
                    slot[t] = (from[t] - from[t0]) * RECORD;
                }
                for (int k = 0; k < bytes; k += RECORD) {
                    int t = slots.get((long) LONG_VIEW.get(in, k));
                    System.arraycopy(in, k, out, (int) slot[t], RECORD);
                    slot[t] += RECORD;
                }
                sorted.writeAt(out, bytes, from[t0] * RECORD);
            }
            sorted.segments = sorted.map(FileChannel.MapMode.READ_WRITE);
            sorted.taskIds = ids;
            sorted.taskFrom = from;
            if (!inOrder) {
                for (int t = 0; t < tasks; t++) {
                    sorted.sortByStart(from[t], from[t + 1]);
                }
            }
            return sorted;
        } catch (IOException | RuntimeException e) {
            close();
            if (sorted != null) {
                sorted.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the timeline's file", io) : (RuntimeException) e;
        }
    }

    /** A record's first field (its task) in a byte array of records, in the file's (native) order. */
    private static final java.lang.invoke.VarHandle LONG_VIEW =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** Writes {@code length} bytes of {@code b} at {@code position} of this file; returns {@code length}. */
    private int writeAt(byte[] b, int length, long position) throws IOException {
        ByteBuffer w = ByteBuffer.wrap(b, 0, length);
        while (w.hasRemaining()) {
            position += channel.write(w, position);
        }
        return length;
    }

    /** Reads {@code length} bytes at {@code position} of this file into {@code b}. */
    private void readAt(byte[] b, int length, long position) throws IOException {
        ByteBuffer r = ByteBuffer.wrap(b, 0, length);
        while (r.hasRemaining()) {
            int k = channel.read(r, position);
            if (k < 0) {
                throw new IOException("the timeline's file " + file + " ended at " + position + " bytes");
            }
            position += k;
        }
    }

    /** Each task's range in the file by task: the ids ascending, where each one's records begin (one more), and the slot of each id, its rank. */
    private record Ranges(TaskSlots slots, long[] ids, long[] from) {}

    /** A counting pass over this (sealed) file: each task's records counted, then the tasks' ranges in the file by task. */
    private Ranges ranges() {
        // a primitive map of task id to slot: a HashMap<Long, long[]> cost some 90 bytes a task,
        // 360 MB for the 4 million request threads of a 10-minute soak
        TaskSlots slots = new TaskSlots();
        long[] counts = new long[1024];
        for (long i = 0; i < size; i++) {
            int k = slots.slot(task(i));
            if (k == counts.length) {
                counts = java.util.Arrays.copyOf(counts, k * 2);
            }
            counts[k]++;
        }
        long[] ids = slots.ids();
        java.util.Arrays.sort(ids);
        long[] from = new long[ids.length + 1];
        for (int t = 0; t < ids.length; t++) {
            from[t + 1] = from[t] + counts[slots.renumber(ids[t], t)];
        }
        return new Ranges(slots, ids, from);
    }

    /**
     * Task ids to dense slots, 0, 1, 2... in order of first sight (open addressing, linear
     * probing): 12 bytes a slot at a load of at most a half.
     */
    private static final class TaskSlots {
        private long[] keys = new long[1024];
        private int[] values = new int[1024]; // slot + 1; 0: empty
        private int size;

        /** The slot of {@code id}, a new one if it has none. */
        int slot(long id) {
            int i = find(id);
            if (values[i] != 0) {
                return values[i] - 1;
            }
            keys[i] = id;
            values[i] = ++size;
            if (2 * size > keys.length) {
                grow();
            }
            return size - 1;
        }

        /** The slot of an id given before. */
        int get(long id) {
            return values[find(id)] - 1;
        }

        /** Gives {@code id} slot {@code slot} instead; returns its old one. */
        int renumber(long id, int slot) {
            int i = find(id);
            int old = values[i] - 1;
            values[i] = slot + 1;
            return old;
        }

        long[] ids() {
            long[] ids = new long[size];
            int n = 0;
            for (int i = 0; i < keys.length; i++) {
                if (values[i] != 0) {
                    ids[n++] = keys[i];
                }
            }
            return ids;
        }

        private int find(long id) {
            int mask = keys.length - 1;
            int i = (int) (mix(id) & mask);
            while (values[i] != 0 && keys[i] != id) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private static long mix(long id) {
            long h = id * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 32);
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldValues = values;
            keys = new long[oldKeys.length * 2];
            values = new int[oldKeys.length * 2];
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldValues[i] != 0) {
                    int j = find(oldKeys[i]);
                    keys[j] = oldKeys[i];
                    values[j] = oldValues[i];
                }
            }
        }
    }

    /** Task ids of a file made by {@link #byTask()}, ascending (null for others). */
    private long[] taskIds;
    private long[] taskFrom;

    /** Number of tasks of a file made by {@link #byTask()}. */
    public int tasks() {
        return taskIds.length;
    }

    /** The task ids of a file made by {@link #byTask()}, ascending (a copy), for {@link #open}. */
    public long[] taskIds() {
        return taskIds.clone();
    }

    /** Where each task's intervals begin, one more than {@link #tasks()} (a copy), for {@link #open}. */
    public long[] taskFrom() {
        return taskFrom.clone();
    }

    /** Id of the {@code t}-th task of a file made by {@link #byTask()}. */
    public long taskId(int t) {
        return taskIds[t];
    }

    /** First interval of the {@code t}-th task (of a file made by {@link #byTask()}); {@code taskStart(tasks())} is the size. */
    public long taskStart(int t) {
        return taskFrom[t];
    }

    /**
     * The first interval of the {@code t}-th task (of a file made by {@link #byTask()}) that ends
     * at or after {@code time}: a binary search, since a task's intervals do not overlap and so
     * their ends are in order too.
     */
    public long firstEndingAtOrAfter(int t, long time) {
        long lo = taskFrom[t];
        long hi = taskFrom[t + 1];
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (end(mid) >= time) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Sorts records [from, to) by start, stable (a task whose intervals came out of order: rare). */
    private void sortByStart(long from, long to) {
        int n = (int) (to - from);
        if (n < 2) {
            return;
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, Comparator.comparingLong(k -> start(from + k)));
        byte[] copy = new byte[n * RECORD];
        for (int k = 0; k < n; k++) {
            at(from + order[k]).get(offset(from + order[k]), copy, k * RECORD, RECORD);
        }
        for (int k = 0; k < n; k++) {
            at(from + k).put(offset(from + k), copy, k * RECORD, RECORD);
        }
    }

    /** Deletes the file and its directory. */
    @Override
    public void close() {
        segments = null;
        buffer = null;
        try {
            channel.close();
        } catch (IOException e) {
            // deleted below all the same
        }
        if (dir != null) {
            deleteTree(dir);
            OPEN.remove(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file still mapped on some systems: left to the OS's temporary directory cleaning
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
