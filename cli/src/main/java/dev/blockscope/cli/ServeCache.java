package dev.blockscope.cli;

import dev.blockscope.analyzer.Version;
import dev.blockscope.analyzer.summary.IntervalFile;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * {@code serve}'s saved analyses: a second {@code serve} of an unchanged recording maps what the
 * first saved instead of analyzing it again (minutes for a large one, against well under a second).
 *
 * <p>An entry is a directory named by its key: {@code summary.json} (the summary's bytes as
 * served), {@code tasks.bin} (each task's whole row, {@link TaskDetails}), {@code index.bin} (the name
 * tables, carrier tasks, damaged line and task ranges, with a CRC-32 of itself, of the summary and of
 * the task rows) and {@code intervals.bin} (the file of every interval ordered
 * by task, as {@link IntervalFile#byTaskReplacing()} wrote it, mapped as it is). The key is a SHA-256 of
 * what makes an analysis differ: the file's canonical path and the path as given (the analysis
 * names the file that way), its size, its modification time, its first and last MiB, blockscope's
 * version and build (the size and time of the jar or class directories it runs from) and the
 * reader chosen. An entry is written under a temporary name and renamed whole, so a crash leaves no
 * entry that looks complete; one that fails its checks anyway is deleted and the analysis made
 * again, never trusted.
 *
 * <p>The cache keeps the most recently used entries (a reopen touches its directory) within its
 * bound: {@code --cache-limit} (4 GiB by default), and never more than half of the space its file
 * system would have free without it; the least recently used go first.
 */
final class ServeCache {
    /** The bound when none is given. */
    static final long DEFAULT_LIMIT = 4L << 30;
    private static final long MAGIC = 0x626c6f636b73_7631L; // "blocks" v1
    private static final int FORMAT = 2; // 2: tasks.bin
    private static final int EDGE = 1 << 20;
    /** A temporary entry older than this is a crashed write's: removed. */
    private static final long STALE_TEMP_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final Path dir;
    private final long limit;

    ServeCache(Path dir, long limit) {
        this.dir = dir;
        this.limit = limit;
    }

    /** {@code $XDG_CACHE_HOME/blockscope/serve}, else {@code ~/.cache/blockscope/serve}. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("blockscope").resolve("serve");
    }

    Path dir() {
        return dir;
    }

    /** The entry directory of {@code key}. */
    Path entry(String key) {
        return dir.resolve(key);
    }

    /** The key of {@code file} as it is now (see the class comment). */
    static String key(Path file) throws IOException {
        MessageDigest sha = sha256();
        long size = Files.size(file);
        field(sha, "format " + FORMAT);
        field(sha, "version " + Version.number());
        field(sha, "build " + Build.ID);
        field(sha, "reader " + System.getProperty(dev.blockscope.analyzer.read.RecordingReader.READER_PROPERTY, ""));
        field(sha, "order " + ByteOrder.nativeOrder());
        field(sha, "path " + file.toRealPath());
        field(sha, "given " + file);
        field(sha, "size " + size);
        field(sha, "mtime " + Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            sha.update(read(ch, 0, (int) Math.min(EDGE, size)));
            long tail = Math.max(Math.min(EDGE, size), size - EDGE);
            sha.update(read(ch, tail, (int) (size - tail)));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining() && ch.read(b, at + b.position()) >= 0) {
            // until n bytes or the end
        }
        return b.flip();
    }

    private static void field(MessageDigest sha, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(b.length).flip());
        sha.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The build blockscope runs from: the size and time of each jar or class directory its classes come from. */
    private static final class Build {
        static final String ID = id();

        private static String id() {
            Set<String> parts = new TreeSet<>();
            for (Class<?> c : List.of(ServeCache.class, Version.class, dev.blockscope.ui.UiServer.class)) {
                try {
                    Path where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                    parts.add(where + " " + stamp(where));
                } catch (Exception e) {
                    parts.add(c.getName() + " unknown"); // no location: the version alone
                }
            }
            return String.join(";", parts);
        }

        /** A jar's size and time; a class directory's newest file time and its number of files. */
        private static String stamp(Path where) throws IOException {
            if (Files.isRegularFile(where)) {
                return Files.size(where) + "@" + Files.getLastModifiedTime(where).toMillis();
            }
            try (Stream<Path> all = Files.walk(where)) {
                long[] newest = {0, 0};
                all.filter(Files::isRegularFile).forEach(p -> {
                    try {
                        newest[0] = Math.max(newest[0], Files.getLastModifiedTime(p).toMillis());
                        newest[1]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                return newest[1] + "@" + newest[0];
            }
        }
    }

    /**
     * The saved analysis of {@code key}, or null when there is none. An entry that fails a check
     * is deleted with one line on {@code err} and null is returned: the caller analyzes again.
     */
    ServedRecording open(String key, java.io.PrintWriter err) {
        Path entry = entry(key);
        if (!Files.isDirectory(entry)) {
            return null;
        }
        try {
            ServedRecording served = read(entry, key);
            try {
                Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis())); // most recently used
            } catch (IOException e) {
                // a read-only cache still serves
            }
            return served;
        } catch (IOException | RuntimeException e) {
            err.println("blockscope: ignoring the damaged cache entry " + entry + " (" + e.getMessage() + "); analyzing again");
            err.flush();
            deleteTree(entry);
            return null;
        }
    }

    private static ServedRecording read(Path entry, String key) throws IOException {
        byte[] summary = Files.readAllBytes(entry.resolve("summary.json"));
        byte[] taskRows = Files.readAllBytes(entry.resolve("tasks.bin"));
        CRC32 crc = new CRC32();
        try (CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(Files.newInputStream(entry.resolve("index.bin")),
                1 << 16), crc)) {
            DataInputStream in = new DataInputStream(checked);
            if (in.readLong() != MAGIC || in.readInt() != FORMAT) {
                throw new IOException("not an entry of this format");
            }
            if (!in.readUTF().equals(key)) {
                throw new IOException("saved under another key");
            }
            String damaged = in.readBoolean() ? string(in) : null;
            List<String> states = strings(in);
            List<String> reasons = strings(in);
            List<String> blockers = strings(in);
            Set<Long> carriers = new java.util.HashSet<>();
            for (int i = in.readInt(); i > 0; i--) {
                carriers.add(in.readLong());
            }
            long size = in.readLong();
            int tasks = in.readInt();
            if (tasks < 0 || size < 0) {
                throw new IOException("negative counts");
            }
            long[] ids = new long[tasks];
            long[] from = new long[tasks + 1];
            for (int t = 0; t < tasks; t++) {
                ids[t] = in.readLong();
            }
            for (int t = 0; t <= tasks; t++) {
                from[t] = in.readLong();
            }
            int summaryLength = in.readInt();
            long summaryCrc = in.readLong();
            int tasksLength = in.readInt();
            long tasksCrc = in.readLong();
            long indexCrc = crc.getValue();
            if (in.readLong() != indexCrc) {
                throw new IOException("index.bin's checksum does not match");
            }
            check(summary, summaryLength, summaryCrc, "summary.json");
            check(taskRows, tasksLength, tasksCrc, "tasks.bin");
            TaskDetails details = TaskDetails.read(taskRows);
            IntervalFile byTask = IntervalFile.open(entry.resolve("intervals.bin"), size, ids, from);
            return new ServedRecording(summary, states, reasons, blockers, carriers, byTask, details, damaged);
        } catch (java.io.EOFException e) {
            throw new IOException("index.bin is cut short", e);
        }
    }

    /**
     * Saves {@code served} as {@code key}'s entry: written under a temporary name, then, once its
     * size is known, the least recently used entries are evicted to make room and it is renamed
     * into place. Returns the entry's directory, or null when it alone is larger than the bound
     * (one line on {@code err} says so, and nothing is kept).
     */
    Path save(String key, ServedRecording served, java.io.PrintWriter err) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempDirectory(dir, ".tmp-" + key.substring(0, 16) + "-");
        try {
            Files.write(temp.resolve("summary.json"), served.summary());
            byte[] taskRows = served.tasks().toBytes();
            Files.write(temp.resolve("tasks.bin"), taskRows);
            served.byTask().saveTo(temp.resolve("intervals.bin"));
            writeIndex(temp.resolve("index.bin"), key, served, taskRows);
            long bytes = treeBytes(temp);
            long bound = bound();
            if (bytes > bound) {
                deleteTree(temp);
                err.printf(Locale.ROOT, "blockscope: analysis not saved to the cache %s: it takes %,d bytes, over the cache's bound of"
                        + " %,d%n", dir, bytes, bound);
                err.flush();
                return null;
            }
            evict(bound - bytes, key);
            Path entry = entry(key);
            try {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                deleteTree(temp); // another serve of the same file saved it meanwhile
            }
            return entry;
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
    }

    private static void writeIndex(Path path, String key, ServedRecording s, byte[] taskRows) throws IOException {
        CRC32 crc = new CRC32();
        try (OutputStream file = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC)) {
            CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc);
            DataOutputStream out = new DataOutputStream(checked);
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(key);
            out.writeBoolean(s.damaged() != null);
            if (s.damaged() != null) {
                string(out, s.damaged());
            }
            strings(out, s.states());
            strings(out, s.reasons());
            strings(out, s.blockers());
            out.writeInt(s.carrierTasks().size());
            for (long id : new TreeSet<>(s.carrierTasks())) {
                out.writeLong(id);
            }
            IntervalFile f = s.byTask();
            out.writeLong(f.size());
            out.writeInt(f.tasks());
            for (long id : f.taskIds()) {
                out.writeLong(id);
            }
            for (long from : f.taskFrom()) {
                out.writeLong(from);
            }
            out.writeInt(s.summary().length);
            out.writeLong(crc(s.summary()));
            out.writeInt(taskRows.length);
            out.writeLong(crc(taskRows));
            out.flush();
            new DataOutputStream(file).writeLong(crc.getValue()); // the checksum of everything before it
        }
    }

    private static long crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return c.getValue();
    }

    /** A file of the entry read whole, held to the length and checksum its index gives. */
    private static void check(byte[] bytes, int length, long crc, String file) throws IOException {
        if (bytes.length != length || crc(bytes) != crc) {
            throw new IOException(file + "'s checksum does not match");
        }
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (64 << 20)) {
            throw new IOException("a string of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    /** A list of names; null (the analysis had none) as -1. */
    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list == null ? -1 : list.size());
        if (list != null) {
            for (String s : list) {
                string(out, s);
            }
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<String> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(string(in));
        }
        return List.copyOf(list);
    }

    /** The bound now: the limit, and at most half of what the file system would have free without the cache. */
    long bound() throws IOException {
        long free = Files.getFileStore(dir).getUsableSpace();
        long held = entries().stream().mapToLong(Entry::bytes).sum();
        return Math.min(limit, (free + held) / 2);
    }

    /** One entry and what it holds. */
    record Entry(Path dir, long bytes, long usedMillis) {}

    /** The complete entries, most recently used first. */
    List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                try {
                    if (!Files.isDirectory(p)) {
                        continue;
                    }
                    if (p.getFileName().toString().startsWith(".tmp-")) {
                        if (System.currentTimeMillis() - Files.getLastModifiedTime(p).toMillis() > STALE_TEMP_MILLIS) {
                            deleteTree(p); // a write that crashed: never renamed, never trusted
                        }
                        continue;
                    }
                    entries.add(new Entry(p, treeBytes(p), Files.getLastModifiedTime(p).toMillis()));
                } catch (NoSuchFileException gone) {
                    // another serve evicted it meanwhile
                }
            }
        }
        entries.sort(Comparator.comparingLong(Entry::usedMillis).reversed());
        return entries;
    }

    /**
     * Deletes the least recently used entries until the rest hold at most {@code budget} bytes;
     * {@code keep}'s entry is never deleted (it is being served or written).
     */
    void evict(long budget, String keep) throws IOException {
        long total = 0;
        for (Entry e : entries()) {
            if (e.dir().getFileName().toString().equals(keep)) {
                continue;
            }
            total += e.bytes();
            if (total > budget) {
                deleteTree(e.dir());
                total -= e.bytes();
            }
        }
    }

    private static long treeBytes(Path p) throws IOException {
        try (Stream<Path> all = Files.walk(p)) {
            return all.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    static void deleteTree(Path p) {
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // left for the next eviction
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }

    /** Parses a size such as {@code 4g}, {@code 500m}, {@code 64k} or a number of bytes. */
    static long parseSize(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> { }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n < 0 || n > Long.MAX_VALUE / unit) {
                throw new IllegalArgumentException("a size must be 0 or more bytes, was " + text);
            }
            return n * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a size is a number with an optional k, m, g or t, was '" + text + "'");
        }
    }
}
