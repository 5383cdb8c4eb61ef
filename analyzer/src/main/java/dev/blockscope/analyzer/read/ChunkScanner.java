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
 * chunks. Header layout (big-endian): magic "FLR\0", major and minor version (2 bytes each),
 * chunk size, constant pool offset, metadata offset, start nanos, duration nanos (8 bytes each).
 */
public final class ChunkScanner {
    static final int HEADER_SIZE = 68;
    private static final int MAGIC = 0x464C5200; // "FLR\0"

    /**
     * What the scan found: the chunk boundaries (a truncated or unfinished chunk is marked on its
     * {@link Chunk}) and the damage found between chunks, in words.
     */
    public record Layout(long fileSize, List<Chunk> chunks, List<String> problems) {}

    private ChunkScanner() {}

    /**
     * Scans {@code file}. Throws only when nothing in it can be a JFR recording (empty, or no
     * magic at byte 0); every later problem is reported in {@link Layout#problems()}.
     */
    public static Layout scan(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize == 0) {
                throw new RecordingException(file, "empty file (0 bytes), not a JFR recording");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
            if (readAt(ch, header, 0) < 4 || header.getInt(0) != MAGIC) {
                throw new RecordingException(file, "not a JFR recording (no \"FLR\" magic at byte 0)");
            }
            List<Chunk> chunks = new ArrayList<>();
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
                long declared = header.getLong(8);
                long start = header.getLong(32);
                long duration = header.getLong(40);
                if (declared < HEADER_SIZE) {
                    // A chunk still being written (or a header overwritten): its size is not final.
                    long next = findMagic(ch, offset, fileSize);
                    long end = next < 0 ? fileSize : next;
                    chunks.add(new Chunk(index, offset, end - offset, start, Math.max(0, duration), true));
                    offset = end;
                    index++;
                    continue;
                }
                boolean truncated = offset + declared > fileSize;
                long size = truncated ? fileSize - offset : declared;
                chunks.add(new Chunk(index, offset, size, start, Math.max(0, duration), truncated));
                offset += size;
                index++;
            }
            return new Layout(fileSize, List.copyOf(chunks), List.copyOf(problems));
        }
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
        if (size == 0 || position + size >= fileSize) {
            return true;
        }
        return readAt(ch, next, position + size) >= 4 && next.getInt(0) == MAGIC;
    }

    private static boolean sensible(ByteBuffer h) {
        short major = h.getShort(4);
        short minor = h.getShort(6);
        long size = h.getLong(8);
        long cpOffset = h.getLong(16);
        long metaOffset = h.getLong(24);
        long start = h.getLong(32);
        boolean unfinished = size == 0 && cpOffset == 0 && metaOffset == 0;
        boolean sized = size >= HEADER_SIZE && cpOffset >= HEADER_SIZE && cpOffset < size && metaOffset >= HEADER_SIZE && metaOffset < size;
        return (major == 1 || major == 2) && minor >= 0 && minor <= 9 && start > 0 && (sized || unfinished);
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
