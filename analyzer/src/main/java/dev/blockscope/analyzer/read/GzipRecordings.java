package dev.blockscope.analyzer.read;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Gzipped recordings, as JMC and JDK 8 write them: expanded to a temporary file, which is then
 * read like any recording (chunks are read by offset, which a gzip stream does not allow). A
 * stream cut short keeps what it expanded to, and says so; the expansion is bounded by the free
 * space of the temporary directory, so a hostile file cannot fill the disk.
 */
final class GzipRecordings {
    /** Space left free in the temporary directory, at the least. */
    static final long KEEP_FREE = 256L << 20;
    /** Largest expansion, whatever the free space. */
    static final long MAX_EXPANDED = 64L << 30;

    /** The expansion of a gzipped file, and what went wrong while expanding it (empty when nothing). */
    record Expanded(Path file, List<String> problems) {}

    private GzipRecordings() {}

    /** The expansion of {@code file} if it starts with gzip's magic, else null. */
    static Expanded expandIfGzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            if (in.read() != 0x1F || in.read() != 0x8B) {
                return null;
            }
        } catch (IOException e) {
            throw RecordingException.of(file, e);
        }
        Path out = Files.createTempFile("blockscope-gunzip-", ".jfr");
        long limit = Math.min(MAX_EXPANDED, Math.max(0, Files.getFileStore(out).getUsableSpace() - KEEP_FREE));
        long written = 0;
        String problem = null;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
             OutputStream o = Files.newOutputStream(out)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (written + n > limit) {
                    problem = "gzipped: it expands to more than " + limit + " bytes (the space free for expanding it); the rest was not read";
                    break;
                }
                o.write(buffer, 0, n);
                written += n;
            }
        } catch (EOFException | ZipException cut) {
            problem = "gzipped, and the gzip stream is cut short or damaged (" + cut.getMessage() + "); the " + written
                    + " bytes it expanded to were read";
        } catch (IOException e) {
            Files.deleteIfExists(out);
            throw RecordingException.of(file, e);
        } catch (RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        out.toFile().deleteOnExit();
        return new Expanded(out, problem == null ? List.of() : List.of(problem));
    }
}
