package dev.blockscope.agent.bridge;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata event of blockscope's own chunks: the type descriptions that let any JFR reader
 * (the JDK's {@code jfr} and {@code RecordingFile}, JMC, blockscope's analyzer) decode them. It
 * declares the primitive and constant-pool types the events use, with the names and fields the
 * JDK gives them ({@code java.lang.Thread}, {@code java.lang.Class}, ...), the annotations shown
 * as labels, and the events of {@link ChunkSchema}, whose labels, descriptions and field types
 * come from their Java event classes. Built once; every chunk repeats it (a few kilobytes).
 *
 * <p>Layout (JFR's): a string table, then a tree of elements, each a name, attributes (pairs of
 * string-table indexes) and children: {@code root} holds {@code metadata} (one {@code class}
 * element per type, with {@code field} and {@code annotation} children) and {@code region}.
 */
final class ChunkMetadata {
    private ChunkMetadata() {}

    private record Element(String name, Map<String, String> attributes, List<Element> children) {
        Element(String name) {
            this(name, new LinkedHashMap<>(), new ArrayList<>());
        }

        Element attr(String key, Object value) {
            attributes.put(key, String.valueOf(value));
            return this;
        }

        Element child(Element e) {
            children.add(e);
            return e;
        }
    }

    /**
     * The string table and the tree, the same in every chunk of the process: built once. Each
     * chunk's close wrote them anew before, about a millisecond of the writer's CPU that the
     * application's threads lost to it at once (the schema walks every event class by reflection).
     */
    private static volatile byte[] tree;

    /** The metadata event's body (type id 0 onwards), without its size. */
    static ChunkBytes body(long startTicks) {
        byte[] t = tree;
        if (t == null) {
            ChunkBytes built = tree();
            t = java.util.Arrays.copyOf(built.array(), built.size());
            tree = t;
        }
        ChunkBytes out = new ChunkBytes(t.length + 32);
        out.putLong(0); // type id: metadata
        out.putLong(startTicks);
        out.putLong(0); // duration
        out.putLong(ChunkSchema.METADATA_ID);
        return out.putBytes(t, 0, t.length);
    }

    private static ChunkBytes tree() {
        Element root = new Element("root");
        Element metadata = root.child(new Element("metadata"));
        primitive(metadata, "boolean", ChunkSchema.BOOLEAN);
        primitive(metadata, "int", ChunkSchema.INT);
        primitive(metadata, "long", ChunkSchema.LONG);
        primitive(metadata, "java.lang.String", ChunkSchema.STRING);
        for (String[] a : new String[][] {{"jdk.jfr.Label", "" + ChunkSchema.LABEL}, {"jdk.jfr.Description", "" + ChunkSchema.DESCRIPTION},
                {"jdk.jfr.Timestamp", "" + ChunkSchema.TIMESTAMP}, {"jdk.jfr.Timespan", "" + ChunkSchema.TIMESPAN}}) {
            Element t = metadata.child(type(a[0], Long.parseLong(a[1]), "java.lang.annotation.Annotation"));
            t.child(field("value", ChunkSchema.STRING, false, false));
        }
        Element category = metadata.child(type("jdk.jfr.Category", ChunkSchema.CATEGORY, "java.lang.annotation.Annotation"));
        category.child(field("value", ChunkSchema.STRING, false, true));

        Element thread = metadata.child(type("java.lang.Thread", ChunkSchema.THREAD, null));
        label(thread, "Thread");
        labelled(thread, field("osName", ChunkSchema.STRING, false, false), "OS Thread Name");
        labelled(thread, field("osThreadId", ChunkSchema.LONG, false, false), "OS Thread Id");
        labelled(thread, field("javaName", ChunkSchema.STRING, false, false), "Java Thread Name");
        labelled(thread, field("javaThreadId", ChunkSchema.LONG, false, false), "Java Thread Id");
        labelled(thread, field("virtual", ChunkSchema.BOOLEAN, false, false), "Virtual Thread");

        Element symbol = metadata.child(type("jdk.types.Symbol", ChunkSchema.SYMBOL, null).attr("simpleType", true));
        label(symbol, "Symbol");
        labelled(symbol, field("string", ChunkSchema.STRING, false, false), "String");
        Element loader = metadata.child(type("jdk.types.ClassLoader", ChunkSchema.CLASS_LOADER, null));
        label(loader, "Java Class Loader");
        labelled(loader, field("type", ChunkSchema.CLASS, true, false), "Type");
        labelled(loader, field("name", ChunkSchema.SYMBOL, true, false), "Name");
        Element pkg = metadata.child(type("jdk.types.Package", ChunkSchema.PACKAGE, null));
        label(pkg, "Package");
        labelled(pkg, field("name", ChunkSchema.SYMBOL, true, false), "Name");
        Element cls = metadata.child(type("java.lang.Class", ChunkSchema.CLASS, null));
        label(cls, "Java Class");
        labelled(cls, field("classLoader", ChunkSchema.CLASS_LOADER, true, false), "Class Loader");
        labelled(cls, field("name", ChunkSchema.SYMBOL, true, false), "Name");
        labelled(cls, field("package", ChunkSchema.PACKAGE, true, false), "Package");
        labelled(cls, field("modifiers", ChunkSchema.INT, false, false), "Access Modifiers");
        labelled(cls, field("hidden", ChunkSchema.BOOLEAN, false, false), "Hidden");

        for (ChunkSchema.EventType e : ChunkSchema.EVENTS) {
            metadata.child(event(e));
        }
        Element region = root.child(new Element("region"));
        region.attr("locale", "en_US").attr("gmtOffset", java.util.TimeZone.getDefault().getRawOffset()).attr("dst", 0);

        // the string table, then the tree
        Map<String, Integer> strings = new LinkedHashMap<>();
        collect(root, strings);
        ChunkBytes out = new ChunkBytes(8192);
        out.putLong(strings.size());
        for (String s : strings.keySet()) {
            out.putString(s);
        }
        write(out, root, strings);
        return out;
    }

    private static Element event(ChunkSchema.EventType e) {
        Class<?> c = e.schema();
        jdk.jfr.Name name = c.getAnnotation(jdk.jfr.Name.class);
        Element t = type(name.value(), e.id(), "jdk.jfr.Event");
        labelled(t, field("startTime", ChunkSchema.LONG, false, false), "Start Time")
                .child(annotation(ChunkSchema.TIMESTAMP, "TICKS"));
        labelled(t, field("duration", ChunkSchema.LONG, false, false), "Duration")
                .child(annotation(ChunkSchema.TIMESPAN, "TICKS"));
        labelled(t, field("eventThread", ChunkSchema.THREAD, true, false), "Event Thread");
        for (String f : e.fields()) {
            Field jf = javaField(c, f);
            Class<?> jt = jf.getType();
            long key = jt == boolean.class ? ChunkSchema.BOOLEAN : jt == int.class ? ChunkSchema.INT : jt == long.class ? ChunkSchema.LONG
                    : jt == String.class ? ChunkSchema.STRING : jt == Thread.class ? ChunkSchema.THREAD : jt == Class.class ? ChunkSchema.CLASS : -1;
            if (key < 0) {
                throw new IllegalStateException(c.getName() + "." + f + ": no chunk type for " + jt);
            }
            Element fe = t.child(field(f, key, key == ChunkSchema.THREAD || key == ChunkSchema.CLASS, false));
            annotate(fe, jf.getAnnotation(jdk.jfr.Label.class), jf.getAnnotation(jdk.jfr.Description.class));
            jdk.jfr.Timespan span = jf.getAnnotation(jdk.jfr.Timespan.class);
            if (span != null) {
                fe.child(annotation(ChunkSchema.TIMESPAN, span.value()));
            }
        }
        annotate(t, c.getAnnotation(jdk.jfr.Label.class), c.getAnnotation(jdk.jfr.Description.class));
        jdk.jfr.Category category = c.getAnnotation(jdk.jfr.Category.class);
        if (category != null) {
            Element a = t.child(new Element("annotation").attr("class", ChunkSchema.CATEGORY));
            String[] values = category.value();
            for (int i = 0; i < values.length; i++) {
                a.attr("value-" + i, values[i]);
            }
        }
        return t;
    }

    /** A field of {@code c} or of a superclass (the Suspend fields are on its abstract parent). */
    static Field javaField(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // up the hierarchy
            }
        }
        throw new IllegalStateException(c.getName() + " has no field " + name);
    }

    private static void annotate(Element e, jdk.jfr.Label label, jdk.jfr.Description description) {
        if (label != null) {
            e.child(annotation(ChunkSchema.LABEL, label.value()));
        }
        if (description != null) {
            e.child(annotation(ChunkSchema.DESCRIPTION, description.value()));
        }
    }

    private static void primitive(Element metadata, String name, long id) {
        metadata.child(type(name, id, null));
    }

    private static Element type(String name, long id, String superType) {
        Element t = new Element("class").attr("name", name);
        if (superType != null) {
            t.attr("superType", superType);
        }
        return t.attr("id", id);
    }

    private static Element field(String name, long typeId, boolean constantPool, boolean array) {
        Element f = new Element("field").attr("name", name).attr("class", typeId);
        if (array) {
            f.attr("dimension", 1);
        }
        if (constantPool) {
            f.attr("constantPool", true);
        }
        return f;
    }

    private static Element label(Element e, String label) {
        e.child(annotation(ChunkSchema.LABEL, label));
        return e;
    }

    private static Element labelled(Element type, Element field, String label) {
        type.child(field);
        return label(field, label);
    }

    private static Element annotation(long typeId, String value) {
        return new Element("annotation").attr("class", typeId).attr("value", value);
    }

    private static void collect(Element e, Map<String, Integer> strings) {
        strings.putIfAbsent(e.name(), strings.size());
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            strings.putIfAbsent(a.getKey(), strings.size());
            strings.putIfAbsent(a.getValue(), strings.size());
        }
        for (Element c : e.children()) {
            collect(c, strings);
        }
    }

    private static void write(ChunkBytes out, Element e, Map<String, Integer> strings) {
        out.putLong(strings.get(e.name()));
        out.putLong(e.attributes().size());
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            out.putLong(strings.get(a.getKey()));
            out.putLong(strings.get(a.getValue()));
        }
        out.putLong(e.children().size());
        for (Element c : e.children()) {
            write(out, c, strings);
        }
    }
}
