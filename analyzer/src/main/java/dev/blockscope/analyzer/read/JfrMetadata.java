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
        int count = in.readInt();
        String[] strings = new String[count];
        for (int i = 0; i < count; i++) {
            strings[i] = in.readString(null);
        }
        Element root = element(in, strings);
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
        return m;
    }

    private static Element element(ChunkInput in, String[] strings) {
        String name = strings[in.readInt()];
        int attributes = in.readInt();
        Map<String, String> attrs = new HashMap<>();
        for (int i = 0; i < attributes; i++) {
            String key = strings[in.readInt()];
            attrs.put(key, strings[in.readInt()]);
        }
        int count = in.readInt();
        List<Element> children = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            children.add(element(in, strings));
        }
        return new Element(name, attrs, children);
    }

    /** The type with {@code id}, or null. */
    JfrType type(long id) {
        return types.get(id);
    }

    /** The type named {@code name}, or null. */
    JfrType type(String name) {
        for (JfrType t : types.values()) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        return null;
    }

    Iterable<JfrType> types() {
        return types.values();
    }
}
