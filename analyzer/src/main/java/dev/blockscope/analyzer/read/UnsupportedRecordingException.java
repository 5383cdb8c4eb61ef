package dev.blockscope.analyzer.read;

/**
 * The fast reader met something it does not understand (a format version, a string encoding, a
 * field type it cannot decode); the reader then reads that chunk with the JDK's RecordingFile.
 */
final class UnsupportedRecordingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedRecordingException(String what) {
        super(what);
    }
}
