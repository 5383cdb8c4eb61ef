package dev.blockscope.analyzer.read;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a .jfr file at its chunk headers without parsing events, so each chunk can be read on its
 * own: a damaged chunk then costs only its own events, and a truncated file keeps its complete
 * chunks. Each header is checked ({@link ChunkHeader}) before anything trusts it; a chunk copied
 * twice into the file is read once.
 */
public final class ChunkScanner {
    /** The words of the damage a chunk the JVM never finished has (expected in a killed JVM's directory). */
    static final String NEVER_FINISHED = "its header says the JVM never finished it";

    static final int HEADER_SIZE = ChunkHeader.SIZE;
    private static final int MAGIC = ChunkHeader.MAGIC;

    /**
     * What the scan found: the chunk boundaries (a truncated or unfinished chunk is marked on its
     * {@link Chunk}) and the damage found between chunks, in words.
     */
    public record Layout(long fileSize, List<Chunk> chunks, List<String> problems) {}

    private ChunkScanner() {}

    /**
     * Scans {@code file}. Throws only when nothing in it can be a JFR recording (empty, no magic
     * at byte 0, a format version blockscope does not read); every later problem is reported in
     * {@link Layout#problems()} or on its {@link Chunk}.
     */
    public static Layout scan(Path file) throws IOException {
        return scan(file, file, new FileClock());
    }

    /** As {@link #scan(Path)}, naming the file {@code name} in messages (a gzipped file is scanned expanded). */
    static Layout scan(Path file, Path name) throws IOException {
        return scan(file, name, new FileClock());
    }

    /**
     * As {@link #scan(Path, Path)}, its chunks on {@code clock} (a new one, or the one earlier files of the same
     * stream were read on).
     */
    static Layout scan(Path file, Path name, FileClock clock) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize == 0) {
                throw new RecordingException(name, "empty file (0 bytes), not a JFR recording");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            if (readAt(ch, header, 0) < 4 || header.getInt(0) != MAGIC) {
                throw new RecordingException(name, "not a JFR recording (no \"FLR\" magic at byte 0)");
            }
            String version = new ChunkHeader(header).unsupportedVersion();
            if (version != null) {
                throw new RecordingException(name, version);
            }
            List<Chunk> chunks = new ArrayList<>();
            List<ByteBuffer> headers = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            long offset = 0;
            int index = 0;
            while (offset < fileSize) {
                int n = readAt(ch, header, offset);
                if (n < HEADER_SIZE || header.getInt(0) != MAGIC) {
                    long next = findMagic(ch, offset, fileSize);
                    if (n < HEADER_SIZE && header.getInt(0) == MAGIC) {
                        problems.add("chunk " + index + " truncated at byte " + fileSize + ": header incomplete");
                    } else {
                        problems.add("damaged data at byte " + offset + ": no chunk header there; "
                                + (next < 0 ? "skipped to the end of the file" : "skipped " + (next - offset) + " bytes to the next chunk"));
                    }
                    if (next < 0) {
                        break;
                    }
                    offset = next;
                    continue;
                }
                ChunkHeader h = new ChunkHeader(header);
                List<String> damage = new ArrayList<>();
                long size;
                boolean truncated;
                if (!h.finished()) {
                    // A chunk still being written, or a size or state overwritten: its end is the
                    // next real chunk header or the end of the file, and what it holds is found by
                    // walking its events (the JDK's reader would wait for the JVM to finish it).
                    long next = findMagic(ch, offset, fileSize);
                    size = (next < 0 ? fileSize : next) - offset;
                    truncated = true;
                    damage.add(NEVER_FINISHED + " (size " + h.size + " at byte " + (offset + ChunkHeader.SIZE_AT)
                            + ", file state " + h.state + " at byte " + (offset + 64) + ")");
                } else {
                    truncated = h.size > fileSize - offset; // not offset + size: a size near Long.MAX_VALUE overflows
                    size = truncated ? fileSize - offset : h.size;
                    long next = truncated ? findMagic(ch, offset, fileSize) : -1;
                    if (next > 0) {
                        // Another chunk starts before the end of the file: the size field is what
                        // is wrong, and this chunk ends where that one begins.
                        size = next - offset;
                        truncated = false;
                        damage.add("its header's size " + h.size + " (byte " + (offset + ChunkHeader.SIZE_AT)
                                + ") runs past the end of the file, but the next chunk starts at byte " + next);
                    }
                }
                damage.addAll(h.problems(offset, size));
                String unreadable = h.unsupportedVersion() != null ? h.unsupportedVersion() : h.fatal(offset);
                int repeated = repeated(headers, header, chunks, size);
                if (repeated >= 0) {
                    problems.add("chunk " + index + " (bytes " + offset + "-" + (offset + size) + ") repeats chunk " + repeated
                            + " (the same header and size): skipped, its events would count twice");
                } else {
                    // An implausible start or duration is left out of the recording's window (0: unknown).
                    boolean startKnown = h.startNanos >= ChunkHeader.MIN_START_NANOS && h.startNanos <= ChunkHeader.MAX_START_NANOS;
                    long shift = startKnown && unreadable == null ? clock.shift(h.startNanos, h.startTicks, h.ticksPerSecond) : 0;
                    Chunk chunk = new Chunk(index, offset, size, startKnown ? h.startNanos + shift : 0,
                            startKnown ? Math.max(0, h.durationNanos) : 0, truncated, List.copyOf(damage), unreadable, shift);
                    chunks.add(chunk);
                    headers.add(ByteBuffer.wrap(header.array().clone()));
                }
                offset += size;
                index++;
            }
            return new Layout(fileSize, List.copyOf(chunks), List.copyOf(problems));
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException e) {
            throw RecordingException.of(name, e);
        }
    }

    /**
     * The clock the file's times are read on. Each chunk header pairs its start in nanoseconds
     * since the epoch with the tick counter's value then, and the pairs of one JVM's chunks do not
     * quite agree: each is read separately, so converted with its own pair a chunk's times are some
     * hundred nanoseconds off the chunk before (three chunks of a JDK recording, 100 and 230 ns; the
     * agent's chunks, paired with the wall clock on their own, more). Events of one thread at the
     * boundary then overlapped, and one of two back-to-back waits was taken for the other seen
     * twice. The tick counter is one for the whole run, so every chunk is read on the first chunk's
     * pair, as the JDK's own parser reads a file. A chunk whose pair lies more than a second (and
     * 0.1% of the time between them) from where the current clock puts its start, or that ticks at
     * another rate, is from another clock (recordings of two machines joined into one file): it is
     * read on its own pair, and the chunks after it that agree with it on its.
     *
     * <p>A stream of standalone chunks read file by file (the agent's live chunks) is read on one
     * clock by handing each file the same {@code FileClock}
     * ({@link RecordingReader#open(Path, FileClock)}), as if the files were one.
     */
    public static final class FileClock {
        /** How far a chunk's own pair may lie from the file's clock and still be on it. */
        static final long TOLERANCE_NANOS = 1_000_000_000L;
        /** Clocks kept at most; a chunk of yet another is read on its own pair. */
        static final int MAX_CLOCKS = 16;
        /** The clocks met so far, each the pair of the first chunk read on it: nanos, ticks, ticks per second. */
        private final List<long[]> clocks = new ArrayList<>();

        /** A clock to be set by the first chunk read on it. */
        public FileClock() {}

        /**
         * Nanoseconds to add to the times of a chunk whose header pairs {@code startNanos} with
         * {@code startTicks}: onto the first clock met that it agrees with (chunks of two counters
         * may alternate: the JDK's, a profiler's, the JDK's again), else 0, its own pair then a
         * clock for the chunks after it.
         */
        long shift(long startNanos, long startTicks, long ticksPerSecond) {
            for (long[] c : clocks) {
                if (c[2] == ticksPerSecond) {
                    long off = new ChunkClock(c[0], c[1], ticksPerSecond).nanos(startTicks) - startNanos;
                    long tolerance = TOLERANCE_NANOS + Math.abs(startNanos - c[0]) / 1000;
                    if (off >= -tolerance && off <= tolerance) {
                        return off;
                    }
                }
            }
            if (clocks.size() < MAX_CLOCKS) {
                clocks.add(new long[] {startNanos, startTicks, ticksPerSecond});
            }
            return 0;
        }
    }

    /** Index of an earlier chunk with the same header bytes and size (a chunk copied twice into the file), or -1. */
    private static int repeated(List<ByteBuffer> headers, ByteBuffer header, List<Chunk> chunks, long size) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).equals(header.duplicate().clear()) && chunks.get(i).size() == size) {
                return chunks.get(i).index();
            }
        }
        return -1;
    }

    /**
     * Whether a "FLR\0" at {@code position} starts a real chunk: the magic, and even whole header
     * copies, also occur inside chunk data, so the version and offsets must make sense and the
     * declared size must end at the end of the file, beyond it (truncated), or at another header.
     */
    private static boolean plausibleHeader(FileChannel ch, long position, long damaged) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(HEADER_SIZE);
        if (readAt(ch, h, position) < HEADER_SIZE) {
            return true; // a header cut by the end of the file: report it as a truncated chunk
        }
        if (!sensible(h)) {
            return false;
        }
        long size = h.getLong(8);
        long fileSize = ch.size();
        if (size == position - damaged + HEADER_SIZE) {
            // A header snapshot the JDK writes inside a chunk (at each flush, and at its end): its
            // size is that of the damaged chunk up to and including the snapshot.
            return false;
        }
        ByteBuffer next = ByteBuffer.allocate(HEADER_SIZE);
        // The JDK ends each chunk with a copy of its final header: one followed directly by
        // another header, or by the end of the file, is that copy, not a chunk.
        if (position + HEADER_SIZE == fileSize
                || (readAt(ch, next, position + HEADER_SIZE) == HEADER_SIZE && next.getInt(0) == MAGIC && sensible(next))) {
            return false;
        }
        if (size == 0 || size >= fileSize - position) {
            return true;
        }
        return readAt(ch, next, position + size) >= 4 && next.getInt(0) == MAGIC;
    }

    private static boolean sensible(ByteBuffer buffer) {
        ChunkHeader h = new ChunkHeader(buffer);
        boolean unfinished = h.size == 0 && h.constantPools == 0 && h.metadata == 0;
        boolean sized = h.size >= HEADER_SIZE && h.constantPools >= HEADER_SIZE && h.constantPools < h.size
                && h.metadata >= HEADER_SIZE && h.metadata < h.size;
        return h.unsupportedVersion() == null && h.minor >= 0 && h.minor <= 9 && h.startNanos > 0 && (sized || unfinished);
    }

    private static int readAt(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        buffer.clear();
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        // Zero the rest so a short read never shows stale header bytes.
        for (int i = total; i < buffer.capacity(); i++) {
            buffer.put(i, (byte) 0);
        }
        return total;
    }

    /** The next plausible chunk header after {@code damaged}, where a chunk should have started. */
    private static long findMagic(FileChannel ch, long damaged, long fileSize) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(1 << 16);
        long position = damaged + 1;
        while (position < fileSize) {
            block.clear();
            int n = ch.read(block, position);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i + 3 < n; i++) {
                if (block.get(i) == 'F' && block.get(i + 1) == 'L' && block.get(i + 2) == 'R' && block.get(i + 3) == 0
                        && plausibleHeader(ch, position + i, damaged)) {
                    return position + i;
                }
            }
            position += Math.max(1, n - 3);
        }
        return -1;
    }
}
