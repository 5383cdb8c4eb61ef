package dev.blockscope.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file a command writes. The JDK's exceptions for a file that cannot be opened carry only its
 * path as their message ({@code report -o /proc/nope/x.html} printed "/proc/nope/x.html"), so
 * this says what is wrong with it.
 */
final class OutputFile {
    private OutputFile() {}

    /** A buffered stream to {@code file}, or an IOException saying "cannot write FILE: why". */
    static OutputStream open(Path file) throws IOException {
        try {
            return new BufferedOutputStream(Files.newOutputStream(file));
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + why(file, e), e);
        }
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
            return fs.getReason();
        }
        return e.getMessage() == null || e.getMessage().equals(file.toString()) ? e.getClass().getSimpleName() : e.getMessage();
    }
}
