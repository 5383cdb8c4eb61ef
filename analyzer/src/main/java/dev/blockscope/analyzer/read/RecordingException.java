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
        return new RecordingException(file, String.valueOf(cause.getMessage()));
    }
}
