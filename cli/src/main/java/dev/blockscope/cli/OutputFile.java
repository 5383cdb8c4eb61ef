package dev.blockscope.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file a command writes. The JDK's exceptions for a file that cannot be opened carry only its
 * path as their message ({@code report -o /proc/nope/x.html} printed "/proc/nope/x.html"), and
 * those of a write that fails only the reason ("No space left on device"), so every failure of
 * the file, opening, writing or closing it, says "cannot write FILE: why".
 */
final class OutputFile {
    private OutputFile() {}

    /** A buffered stream to {@code file}, or an IOException saying "cannot write FILE: why". */
    static OutputStream open(Path file) throws IOException {
        OutputStream os;
        try {
            os = Files.newOutputStream(file);
        } catch (IOException e) {
            throw failure(file, e);
        }
        return new BufferedOutputStream(new Named(os, file));
    }

    private static IOException failure(Path file, IOException e) {
        return new IOException("cannot write " + file + ": " + why(file, e), e);
    }

    /** The file's stream, whose failures name the file. */
    private static final class Named extends FilterOutputStream {
        private final Path file;

        Named(OutputStream out, Path file) {
            super(out);
            this.file = file;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw failure(file, e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw failure(file, e);
            }
        }
    }

    /**
     * Why a file another process is to write (the agent's recording) could not be written, or null
     * when its directory exists and is writable and the file, if there, is a writable regular file.
     */
    static String unwritable(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            return "no such directory (" + dir + ")";
        }
        if (Files.isDirectory(file)) {
            return "a directory";
        }
        try {
            if (dir != null && Files.getFileStore(dir).isReadOnly()) {
                return "read-only file system";
            }
        } catch (IOException e) {
            return why(file, e);
        }
        if (dir != null && !Files.isWritable(dir) || Files.exists(file) && !Files.isWritable(file)) {
            return "permission denied";
        }
        return null;
    }

    /** Why {@code file} could not be opened, in words. */
    static String why(Path file, IOException e) {
        Path dir = file.toAbsolutePath().getParent();
        if (e instanceof NoSuchFileException) {
            return dir != null && !Files.isDirectory(dir) ? "no such directory (" + dir + ")" : "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().equals("Read-only file system") ? "read-only file system" : fs.getReason();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("No space left on device")) {
            return "disk full (" + e.getMessage() + ")";
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Disk quota exceeded")) {
            return "disk quota exceeded";
        }
        return e.getMessage() == null || e.getMessage().equals(file.toString()) ? e.getClass().getSimpleName() : e.getMessage();
    }
}
