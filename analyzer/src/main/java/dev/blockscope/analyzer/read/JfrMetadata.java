package dev.blockscope.analyzer.read;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk's metadata event: the type and field descriptors every event and constant pool of the
 * chunk is decoded with. Layout: size, type id 0, start, duration, metadata id, a string table,
 * then a tree of elements (name, attributes, children) whose "metadata" element holds one "class"
 * element per type with its "field" elements.
 */
final class JfrMetadata {
    private final Map<Long, JfrType> types = new HashMap<>();

    private record Element(String name, Map<String, String> attributes, List<Element> children) {}

    /** Nesting of the element tree: root, metadata, class, field, annotation; more is damage. */
    private static final int MAX_DEPTH = 16;
    /**
     * Types nested inline in one another (a struct field that is no constant-pool key): the JDK's
     * deepest is a stack trace's frames, two or three levels; more is damage. The bound keeps
     * every recursion over a value's fields (decoding, skipping, this check) shallow, so a
     * StackOverflowError is never the file's doing and is not taken for damage.
     */
    static final int MAX_INLINE_DEPTH = 32;

    /** Reads the metadata event at {@code offset} of the chunk. */
    static JfrMetadata read(ChunkInput in, int offset) {
        in.pos = offset;
        in.readInt(); // size
        long typeId = in.readLong();
        if (typeId != 0) {
            throw new UnsupportedRecordingException("no metadata event at chunk offset " + offset + " (type id " + typeId + ")");
        }
        in.readLong(); // start
        in.readLong(); // duration
        in.readLong(); // metadata id
        int count = in.count(in.readLong(), 1);
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            strings[i] = in.readString(null);
        }
        Element root = element(in, strings, 0);
        JfrMetadata m = new JfrMetadata();
        for (Element part : root.children()) {
            if (!part.name().equals("metadata")) {
                continue;
            }
            for (Element c : part.children()) {
                if (c.name().equals("class")) {
                    JfrType t = new JfrType(Long.parseLong(c.attributes().get("id")), c.attributes().get("name"), c.attributes().get("superType"));
                    for (Element f : c.children()) {
                        if (f.name().equals("field")) {
                            t.fields.add(new JfrType.Field(f.attributes().get("name"), Long.parseLong(f.attributes().get("class")),
                                    "true".equals(f.attributes().get("constantPool")), "1".equals(f.attributes().get("dimension"))));
                        }
                    }
                    m.types.put(t.id, t);
                }
            }
        }
        for (JfrType t : m.types.values()) {
            t.fieldTypes = new JfrType[t.fields.size()];
            for (int i = 0; i < t.fieldTypes.length; i++) {
                JfrType ft = m.types.get(t.fields.get(i).typeId());
                if (ft == null) {
                    throw new UnsupportedRecordingException("field " + t.name + "." + t.fields.get(i).name()
                            + " has undeclared type id " + t.fields.get(i).typeId());
                }
                t.fieldTypes[i] = ft;
            }
        }
        Map<Long, Integer> heights = new HashMap<>();
        for (JfrType t : m.types.values()) {
            inlineHeight(t, new java.util.LinkedHashSet<>(), heights);
        }
        return m;
    }

    /**
     * How many struct types deep a value of {@code t} nests inline, each type measured once. A
     * type whose inline fields contain the type itself would be decoded forever, and one nested
     * deeper than {@link #MAX_INLINE_DEPTH} is no type a JVM writes: both are damage. Fields
     * through a constant pool are keys and end the chain. The recursion is as deep as the bound
     * at most: the path is checked before each step down.
     */
    private static int inlineHeight(JfrType t, java.util.Set<Long> path, Map<Long, Integer> heights) {
        if (t.kind != JfrType.Kind.STRUCT) {
            return 0;
        }
        Integer known = heights.get(t.id);
        if (known != null) {
            return known;
        }
        if (!path.add(t.id)) {
            throw new ChunkDamageException("type " + t.name + " contains itself inline (metadata damaged)");
        }
        if (path.size() > MAX_INLINE_DEPTH) {
            throw new ChunkDamageException("types nested inline deeper than " + MAX_INLINE_DEPTH + " levels, at " + t.name
                    + " (metadata damaged)");
        }
        int below = 0;
        for (int i = 0; i < t.fieldTypes.length; i++) {
            if (!t.fields.get(i).constantPool()) {
                below = Math.max(below, inlineHeight(t.fieldTypes[i], path, heights));
            }
        }
        path.remove(t.id);
        int height = below + 1;
        if (height > MAX_INLINE_DEPTH) {
            throw new ChunkDamageException("types nested inline deeper than " + MAX_INLINE_DEPTH + " levels, at " + t.name
                    + " (metadata damaged)");
        }
        heights.put(t.id, height);
        return height;
    }

    private static Element element(ChunkInput in, String[] strings, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ChunkDamageException("metadata elements nested deeper than " + MAX_DEPTH + " at chunk offset " + in.pos);
        }
        String name = strings[in.readInt()];
        int attributes = in.count(in.readLong(), 2);
        Map<String, String> attrs = new HashMap<>();
        for (int i = 0; i < attributes; i++) {
            String key = strings[in.readInt()];
            attrs.put(key, strings[in.readInt()]);
        }
        int count = in.count(in.readLong(), 3);
        List<Element> children = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            children.add(element(in, strings, depth + 1));
        }
        return new Element(name, attrs, children);
    }

    /** The type with {@code id}, or null. */
    JfrType type(long id) {
        return types.get(id);
    }

    /**
     * The type named {@code name}, or null; a {@code jdk.types.*} name also finds the type JDK 9
     * and 10 named {@code com.oracle.jfr.types.*}.
     */
    JfrType type(String name) {
        for (JfrType t : types.values()) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        String old = EventNames.jdk9TypeName(name);
        return old == null ? null : type(old);
    }

    Iterable<JfrType> types() {
        return types.values();
    }
}
