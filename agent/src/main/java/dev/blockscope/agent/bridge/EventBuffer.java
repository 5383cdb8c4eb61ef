package dev.blockscope.agent.bridge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One writer's buffer of events already encoded as a JFR chunk holds them (a size, the type id,
 * the fields as JFR's variable-length integers). Each carrier thread has one, which the virtual
 * threads it runs write into; each platform thread that is a task has one of its own. A carrier
 * runs one virtual thread at a time and nothing in the bridge can unmount a virtual thread
 * half-way through a record, so every buffer has a single writer and needs no lock.
 *
 * <p>The {@link ChunkRecorder}'s thread copies what is committed out of every buffer while the
 * writers go on: a writer writes a record past {@link #committed} and then publishes the new end
 * with a release store; the recorder reads that end with an acquire load and copies the bytes
 * before it, which no writer touches again. A full buffer is retired by its writer (it takes a
 * fresh one) and recycled by the recorder once copied, so a writer never waits for the recorder.
 */
final class EventBuffer {
    /** Bytes a record may take at most: a writer retires its buffer when less room is left. */
    static final int MAX_RECORD = 192;

    static final int FREE = 0;
    static final int IN_USE = 1;
    /** Its writer took another buffer: the recorder copies what is left and recycles it. */
    static final int RETIRED = 2;

    final byte[] data;
    /** Where the next record goes; written by the owner only. */
    int pos;
    /** End of the complete records, published by the owner (release) and read by the recorder (acquire). */
    @SuppressWarnings("unused") // through COMMITTED
    private int committed;
    @SuppressWarnings("unused") // through STATE
    private int state;
    /** Bytes already copied out by the recorder; its own field. */
    int flushed;
    /** The thread writing into it (a carrier, a platform task, or a virtual thread's own fallback). */
    Thread owner;
    /** True while a record is being written: a second writer on the same carrier takes another buffer. */
    boolean writing;

    EventBuffer(int capacity) {
        data = new byte[capacity];
    }

    /** Whether a record still fits; the owner retires the buffer otherwise. */
    boolean hasRoom() {
        return data.length - pos >= MAX_RECORD;
    }

    /** Publishes the records written up to {@code end} (the owner's {@link #pos}). */
    void commit(int end) {
        pos = end;
        COMMITTED.setRelease(this, end);
    }

    /** The end of the complete records, as the recorder sees it. */
    int committed() {
        return (int) COMMITTED.getAcquire(this);
    }

    int state() {
        return (int) STATE.getAcquire(this);
    }

    void setState(int s) {
        STATE.setRelease(this, s);
    }

    /** Makes a recycled buffer empty again; only the recorder, on a buffer no one writes. */
    void reset() {
        pos = 0;
        flushed = 0;
        owner = null;
        writing = false;
        COMMITTED.setRelease(this, 0);
    }

    // ---- JFR's encoding -------------------------------------------------------------------

    /**
     * Writes {@code v} at {@code at} as JFR writes a long: 7 bits per byte, low bits first, the
     * high bit set while more follow, and a ninth byte, if needed, with the last 8 bits whole.
     * Returns the position after it.
     */
    static int putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            if ((v & ~0x7FL) == 0) {
                b[at++] = (byte) v;
                return at;
            }
            b[at++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    /** Encoding of a string field that refers to the chunk's string pool. */
    static final byte STRING_POOL = 2;
    /** Encoding of a null string field. */
    static final byte STRING_NULL = 0;

    /** A string field: null, or a reference to the string pool ({@link ConstantIds}). */
    static int putPooledString(byte[] b, int at, int id) {
        if (id == 0) {
            b[at] = STRING_NULL;
            return at + 1;
        }
        b[at] = STRING_POOL;
        return putLong(b, at + 1, id);
    }

    /**
     * Ends a record begun at {@code start} (one byte kept there for its size) whose fields end at
     * {@code end}: writes the size, which counts itself, and returns the record's end. A record
     * of 128 bytes or more (rare: only with very large values) is moved up a byte to make room
     * for a two-byte size.
     */
    static int finish(byte[] b, int start, int end) {
        int size = end - start;
        if (size < 0x80) {
            b[start] = (byte) size;
            return end;
        }
        System.arraycopy(b, start + 1, b, start + 2, end - start - 1);
        size++;
        b[start] = (byte) (size | 0x80);
        b[start + 1] = (byte) (size >>> 7);
        return end + 1;
    }

    private static final VarHandle COMMITTED;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COMMITTED = l.findVarHandle(EventBuffer.class, "committed", int.class);
            STATE = l.findVarHandle(EventBuffer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
