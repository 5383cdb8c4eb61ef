package dev.blockscope.analyzer.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory of chunk files, read as one recording: what a JVM killed with {@code kill -9}
 * leaves of a blockscope recording ({@code <output>.chunks/}: the agent's closed chunks and, in
 * {@code jfr/}, JFR's repository), or any JFR repository. Every {@code .jfr} file under it, in
 * the order of their names, is copied into one temporary file (chunks are read by offset; the
 * reader orders them by their start). A file that is not a chunk at all, such as the agent's
 * chunk being written when the JVM died (its header is written last), is left out and said.
 */
final class RecordingDirectories {
    /** The concatenation, and what was left out, in words for the limits. */
    record Joined(Path file, List<String> notes) {}

    private static final byte[] MAGIC = {'F', 'L', 'R', 0};

    private RecordingDirectories() {}

    static Joined join(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(dir)) {
            files = all.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jfr")).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RecordingException(dir, "cannot list the directory (" + e.getMessage() + ")");
        }
        List<String> notes = new ArrayList<>();
        List<Path> chunks = new ArrayList<>();
        for (Path f : files) {
            if (startsWithMagic(f)) {
                chunks.add(f);
            } else {
                notes.add(dir.relativize(f) + " (" + Files.size(f) + " bytes) is no finished chunk (the agent writes a"
                        + " chunk's header when it closes it: this one was being written when the JVM ended): its events are lost");
            }
        }
        if (chunks.isEmpty()) {
            throw new RecordingException(dir, "a directory with no JFR chunk files (*.jfr) in it");
        }
        Path out = Files.createTempFile("blockscope-dir-", ".jfr");
        try (FileChannel target = FileChannel.open(out, StandardOpenOption.WRITE)) {
            for (Path chunk : chunks) {
                try (FileChannel in = FileChannel.open(chunk, StandardOpenOption.READ)) {
                    long size = in.size();
                    for (long done = 0; done < size; ) {
                        long n = in.transferTo(done, size - done, target);
                        if (n <= 0) {
                            break;
                        }
                        done += n;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        out.toFile().deleteOnExit();
        // always said: what a directory holds is what a killed JVM left, whether or not it was cut in a chunk
        notes.add(0, "read from the directory " + dir + ": " + chunks.size() + " chunk file(s), as a JVM that was killed"
                + " leaves them (the recording was never written whole)");
        return new Joined(out, notes);
    }

    private static boolean startsWithMagic(Path f) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(f)) {
            return in.readNBytes(head, 0, 4) == 4 && java.util.Arrays.equals(head, MAGIC);
        }
    }
}
