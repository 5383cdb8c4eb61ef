package dev.blockscope.analyzer.report;

import java.io.ByteArrayOutputStream;

/**
 * The protocol-buffers wire format, as much of it as {@link PprofExport} needs: varint and
 * length-delimited fields, packed repeated varints, nested messages. A hand-written writer
 * instead of protobuf-java at run time: profile.proto is small and stable, and the analyzer's
 * jar stays free of a 2 MB library for one export (the tests decode the output with protobuf-java
 * against the schema).
 */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A varint field (int64, uint64, bool); 0 is the default and is left out. */
    ProtoWriter varint(int field, long value) {
        if (value != 0) {
            tag(field, 0);
            raw(value);
        }
        return this;
    }

    /** A string field, always written (repeated string_table entries keep their position). */
    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A nested message. */
    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.out.toByteArray());
    }

    /** A packed repeated varint field; nothing for an empty list. */
    ProtoWriter packed(int field, long[] values, int count) {
        if (count == 0) {
            return this;
        }
        ProtoWriter body = new ProtoWriter();
        for (int i = 0; i < count; i++) {
            body.raw(values[i]);
        }
        return message(field, body);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        raw(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    private void tag(int field, int wireType) {
        raw(((long) field << 3) | wireType);
    }

    /** Base-128, low groups first; a negative value takes ten bytes, as int64 does on the wire. */
    private void raw(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
