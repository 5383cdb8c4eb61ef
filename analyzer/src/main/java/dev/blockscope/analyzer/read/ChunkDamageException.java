package dev.blockscope.analyzer.read;

/**
 * A value read from a chunk that cannot be true (a size beyond the chunk, a count larger than the
 * bytes left, a type that contains itself): the reader stops trusting that part of the chunk
 * before it allocates or loops on it. The message says what and where (chunk offset).
 */
final class ChunkDamageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ChunkDamageException(String what) {
        super(what);
    }
}
