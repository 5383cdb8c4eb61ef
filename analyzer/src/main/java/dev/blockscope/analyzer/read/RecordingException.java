package dev.blockscope.analyzer.read;

import java.io.IOException;
import java.nio.file.Path;

/** A recording that cannot be read at all, or only in part; the message names the file and what is wrong. */
public final class RecordingException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates the error for {@code file}; {@code what} says what is wrong, in words for a user. */
    public RecordingException(Path file, String what) {
        super(file + ": " + what);
    }

    /** The error for {@code file} that could not be opened or read because of {@code cause}. */
    public static RecordingException of(Path file, IOException cause) {
        // The JDK's exceptions for these carry only the path as their message.
        String why = switch (cause) {
            case java.nio.file.AccessDeniedException e -> "permission denied (cannot open it for reading)";
            case java.nio.file.NoSuchFileException e -> "no such file";
            case java.nio.file.FileSystemException e when e.getReason() != null -> e.getReason();
            default -> cause.getMessage() == null || cause.getMessage().equals(file.toString())
                    ? cause.getClass().getSimpleName() : cause.getMessage();
        };
        RecordingException r = new RecordingException(file, why);
        r.initCause(cause);
        return r;
    }
}
