package dev.blockscope.analyzer.read;

import java.util.ArrayList;
import java.util.List;

/**
 * One type of a chunk's metadata: an event type, a constant-pool type (thread, stack trace,
 * method, ...), an inline struct (a stack frame) or a primitive, with its fields in the order
 * they are written.
 */
final class JfrType {
    /** How a value of the type is encoded. */
    enum Kind { BOOLEAN, BYTE, VARINT, FLOAT, DOUBLE, STRING, STRUCT }

    /**
     * A field as written: {@code constantPool} fields hold a key into the pool of their type,
     * {@code array} fields a count and that many values.
     */
    record Field(String name, long typeId, boolean constantPool, boolean array) {}

    final long id;
    final String name;
    final String superType;
    final Kind kind;
    final List<Field> fields = new ArrayList<>();
    /** Resolved after all types are declared: the type of each field, by index. */
    JfrType[] fieldTypes;

    JfrType(long id, String name, String superType) {
        this.id = id;
        this.name = name;
        this.superType = superType;
        this.kind = switch (name) {
            case "boolean" -> Kind.BOOLEAN;
            case "byte" -> Kind.BYTE;
            case "char", "short", "int", "long" -> Kind.VARINT;
            case "float" -> Kind.FLOAT;
            case "double" -> Kind.DOUBLE;
            case "java.lang.String" -> Kind.STRING;
            default -> Kind.STRUCT;
        };
    }

    boolean isEvent() {
        return "jdk.jfr.Event".equals(superType);
    }

    /** Index of the field named {@code field}, or -1. */
    int fieldIndex(String field) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** Skips the value of field {@code i}. */
    void skipField(ChunkInput in, int i) {
        Field f = fields.get(i);
        if (f.array()) {
            int n = in.count(in.readLong(), 1);
            for (int k = 0; k < n; k++) {
                skipOne(in, f, fieldTypes[i]);
            }
        } else {
            skipOne(in, f, fieldTypes[i]);
        }
    }

    private static void skipOne(ChunkInput in, Field f, JfrType t) {
        if (f.constantPool()) {
            in.readLong();
            return;
        }
        t.skipValue(in);
    }

    /** Skips one inline value of this type. */
    void skipValue(ChunkInput in) {
        switch (kind) {
            case BOOLEAN, BYTE -> in.pos++;
            case VARINT -> in.readLong();
            case FLOAT -> in.pos += 4;
            case DOUBLE -> in.pos += 8;
            case STRING -> in.skipString();
            case STRUCT -> {
                for (int i = 0; i < fields.size(); i++) {
                    skipField(in, i);
                }
            }
        }
    }

    /**
     * Decodes one inline value of this type: a Long, Boolean, Float, Double, String, or for a
     * struct an Object[] by field index, in which a constant-pool field is its key (a Long) and an
     * array field an Object[].
     */
    Object decodeValue(ChunkInput in, ConstantPools pools) {
        return switch (kind) {
            case BOOLEAN -> in.readByte() != 0;
            case BYTE -> (long) in.readByte();
            case VARINT -> in.readLong();
            case FLOAT -> {
                int bits = (in.readByte() & 0xFF) << 24 | (in.readByte() & 0xFF) << 16 | (in.readByte() & 0xFF) << 8 | in.readByte() & 0xFF;
                yield Float.intBitsToFloat(bits);
            }
            case DOUBLE -> {
                long bits = 0;
                for (int k = 0; k < 8; k++) {
                    bits = bits << 8 | in.readByte() & 0xFF;
                }
                yield Double.longBitsToDouble(bits);
            }
            case STRING -> in.readString(pools);
            case STRUCT -> {
                Object[] values = new Object[fields.size()];
                for (int i = 0; i < values.length; i++) {
                    Field f = fields.get(i);
                    if (f.array()) {
                        Object[] items = new Object[in.count(in.readLong(), 1)];
                        for (int k = 0; k < items.length; k++) {
                            items[k] = f.constantPool() ? (Object) in.readLong() : fieldTypes[i].decodeValue(in, pools);
                        }
                        values[i] = items;
                    } else {
                        values[i] = f.constantPool() ? (Object) in.readLong() : fieldTypes[i].decodeValue(in, pools);
                    }
                }
                yield values;
            }
        };
    }
}
