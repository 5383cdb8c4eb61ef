package dev.blockscope.analyzer.read;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small JFR chunk by hand, for formats no JDK here can record: JDK 9's format 1.0 (events
 * named {@code com.oracle.jdk.*}, types {@code com.oracle.jfr.types.*}) and headers of other
 * versions. Layout as the JDK writes a finished chunk: the 68-byte header, the events, one
 * checkpoint with every constant pool, the metadata. Integers are compressed (LEB128), sizes
 * padded to four bytes as the JDK pads them.
 */
final class ChunkBuilder {
    /** A field of a type: {@code cp} fields hold a key into their type's pool, {@code array} ones a count and values. */
    record Field(String name, long type, boolean cp, boolean array) {
        static Field of(String name, long type) {
            return new Field(name, type, false, false);
        }

        static Field pool(String name, long type) {
            return new Field(name, type, true, false);
        }
    }

    private record Type(long id, String name, String superType, List<Field> fields) {}

    private final short major;
    private final short minor;
    private final Map<Long, Type> types = new LinkedHashMap<>();
    private final Map<Long, List<byte[]>> pools = new LinkedHashMap<>();
    private final ByteArrayOutputStream events = new ByteArrayOutputStream();

    ChunkBuilder(int major, int minor) {
        this.major = (short) major;
        this.minor = (short) minor;
    }

    /** Declares a type; event types name {@code jdk.jfr.Event} as their super type. */
    ChunkBuilder type(long id, String name, String superType, Field... fields) {
        types.put(id, new Type(id, name, superType, List.of(fields)));
        return this;
    }

    /** An entry of the pool of {@code type}: its key, then its fields' values (see {@link #encode}). */
    ChunkBuilder constant(long type, long key, Object... values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varint(b, key);
        for (Object v : values) {
            encode(b, v);
        }
        pools.computeIfAbsent(type, k -> new ArrayList<>()).add(b.toByteArray());
        return this;
    }

    /** An event of {@code type} with its fields' values in declaration order. */
    ChunkBuilder event(long type, Object... values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        varint(body, type);
        for (Object v : values) {
            encode(body, v);
        }
        sized(events, body.toByteArray());
        return this;
    }

    /**
     * Values: a Long or Integer is a varint (also a pool key), a Boolean a byte, a String an
     * inline UTF-8 string (null: the null string), an Object[] an array (count, then each).
     */
    private static void encode(ByteArrayOutputStream b, Object v) {
        switch (v) {
            case null -> b.write(0);
            case Long l -> varint(b, l);
            case Integer i -> varint(b, i);
            case Boolean x -> b.write(x ? 1 : 0);
            case String s -> {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                b.write(3);
                varint(b, utf8.length);
                b.writeBytes(utf8);
            }
            case Object[] array -> {
                varint(b, array.length);
                for (Object o : array) {
                    encode(b, o);
                }
            }
            default -> throw new IllegalArgumentException("cannot encode " + v.getClass());
        }
    }

    /** The chunk: header, events, checkpoint, metadata. */
    byte[] build(long startNanos, long durationNanos, long startTicks, long ticksPerSecond) {
        return build(startNanos, durationNanos, startTicks, ticksPerSecond, false);
    }

    /**
     * As {@link #build(long, long, long, long)}; with {@code deltaLoop} an empty checkpoint comes
     * first and the two checkpoints' deltas point at each other: a chain of checkpoints that never
     * ends, which the JDK's reader follows forever.
     */
    byte[] build(long startNanos, long durationNanos, long startTicks, long ticksPerSecond, boolean deltaLoop) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[68]);
        out.writeBytes(events.toByteArray());
        long endTicks = startTicks + (long) (durationNanos * (ticksPerSecond / 1e9));

        int loopAt = out.size();
        int loopSize = 4 + 1 + 1 + 1 + 9 + 1 + 1; // size, type, start, duration, delta (nine bytes), type, pool count
        if (deltaLoop) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            varint(first, 1);
            varint(first, 0);
            varint(first, 0);
            varint9(first, loopSize); // to the next checkpoint, just after this one
            first.write(1);
            varint(first, 0);
            sized(out, first.toByteArray());
        }
        int checkpointAt = out.size();
        ByteArrayOutputStream cp = new ByteArrayOutputStream();
        varint(cp, 1);
        varint(cp, endTicks);
        varint(cp, 0);
        if (deltaLoop) {
            varint9(cp, loopAt - checkpointAt); // back to the first one: the chain never ends
        } else {
            varint(cp, 0); // delta to the previous checkpoint: none
        }
        cp.write(1); // flush (1.0) / checkpoint type (2.x)
        varint(cp, pools.size());
        pools.forEach((type, entries) -> {
            varint(cp, type);
            varint(cp, entries.size());
            entries.forEach(cp::writeBytes);
        });
        sized(out, cp.toByteArray());

        int metadataAt = out.size();
        sized(out, metadata(endTicks));

        ByteBuffer h = ByteBuffer.wrap(out.toByteArray());
        h.put(0, new byte[] {'F', 'L', 'R', 0});
        h.putShort(4, major).putShort(6, minor).putLong(8, h.capacity()).putLong(16, checkpointAt).putLong(24, metadataAt)
                .putLong(32, startNanos).putLong(40, durationNanos).putLong(48, startTicks).putLong(56, ticksPerSecond)
                .putInt(64, major == 1 ? 1 : 3); // 1.0: features (compressed ints); 2.x: state 0 (finished), flags
        return h.array();
    }

    private byte[] metadata(long ticks) {
        List<String> strings = new ArrayList<>();
        ByteArrayOutputStream tree = new ByteArrayOutputStream();
        // root { metadata { class* { field* } } region }
        element(tree, strings, "root", Map.of(), 2);
        element(tree, strings, "metadata", Map.of(), types.size());
        for (Type t : types.values()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("id", Long.toString(t.id()));
            attrs.put("name", t.name());
            if (t.superType() != null) {
                attrs.put("superType", t.superType());
            }
            if (t.name().endsWith(".Symbol")) {
                attrs.put("simpleType", "true"); // as the JDK writes it: readers reduce it to its one field
            }
            element(tree, strings, "class", attrs, t.fields().size());
            for (Field f : t.fields()) {
                Map<String, String> fa = new LinkedHashMap<>();
                fa.put("name", f.name());
                fa.put("class", Long.toString(f.type()));
                if (f.cp()) {
                    fa.put("constantPool", "true");
                }
                if (f.array()) {
                    fa.put("dimension", "1");
                }
                element(tree, strings, "field", fa, 0);
            }
        }
        element(tree, strings, "region", Map.of(), 0);
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        varint(m, 0);
        varint(m, ticks);
        varint(m, 0);
        varint(m, 1); // metadata id
        varint(m, strings.size());
        for (String s : strings) {
            encode(m, s);
        }
        m.writeBytes(tree.toByteArray());
        return m.toByteArray();
    }

    private static void element(ByteArrayOutputStream b, List<String> strings, String name, Map<String, String> attrs, int children) {
        varint(b, index(strings, name));
        varint(b, attrs.size());
        attrs.forEach((k, v) -> {
            varint(b, index(strings, k));
            varint(b, index(strings, v));
        });
        varint(b, children);
    }

    private static int index(List<String> strings, String s) {
        int i = strings.indexOf(s);
        if (i < 0) {
            strings.add(s);
            i = strings.size() - 1;
        }
        return i;
    }

    /** {@code body} with its size (itself included) in front, as a four-byte padded varint. */
    private static void sized(ByteArrayOutputStream out, byte[] body) {
        int size = body.length + 4;
        out.write(size & 0x7F | 0x80);
        out.write(size >>> 7 & 0x7F | 0x80);
        out.write(size >>> 14 & 0x7F | 0x80);
        out.write(size >>> 21 & 0x7F);
        out.writeBytes(body);
    }

    /** {@code v} as a varint of the full nine bytes, whatever its value. */
    static void varint9(ByteArrayOutputStream b, long v) {
        for (int i = 0; i < 8; i++) {
            b.write((int) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        b.write((int) (v & 0xFF));
    }

    static void varint(ByteArrayOutputStream b, long v) {
        for (int i = 0; i < 8; i++) {
            if ((v & ~0x7FL) == 0) {
                b.write((int) v);
                return;
            }
            b.write((int) (v & 0x7F | 0x80));
            v >>>= 7;
        }
        b.write((int) v);
    }

    /**
     * A JDK 9 recording in format 1.0 as Oracle JDK 9 wrote it (names from a real one): a thread
     * that sleeps twice, a monitor wait with its class, its start, and jdk.JVMInformation.
     * Stack traces are null references (key 0), as for events recorded without stacks. The clock
     * ticks at 2.4 GHz, the CPU clock of the machine that made a real one: not a whole number of
     * ticks per nanosecond.
     */
    static byte[] jdk9(long startNanos) {
        return sample(1, "com.oracle.jdk.", "com.oracle.jfr.types.", startNanos, false);
    }

    /** The same recording as JDK 11 and later write it: format 2.1, {@code jdk.*} names. */
    static byte[] jdk11(long startNanos) {
        return sample(2, "jdk.", "jdk.types.", startNanos, false);
    }

    /** {@link #jdk11} with checkpoints whose deltas point at each other (see {@link #build(long, long, long, long, boolean)}). */
    static byte[] jdk11WithCheckpointLoop(long startNanos) {
        return sample(2, "jdk.", "jdk.types.", startNanos, true);
    }

    private static byte[] sample(int major, String events, String types, long startNanos, boolean deltaLoop) {
        long tps = 2_400_000_000L;
        long ms = 2_400_000L; // ticks
        long t0 = 5 * ms;
        final long tLong = 10;
        final long tInt = 11;
        final long tBool = 12;
        final long tString = 13;
        final long tThread = 20;
        final long tClass = 21;
        final long tSymbol = 22;
        final long tStack = 23;
        ChunkBuilder b = new ChunkBuilder(major, major == 1 ? 0 : 1)
                .type(tLong, "long", null).type(tInt, "int", null).type(tBool, "boolean", null)
                .type(tString, "java.lang.String", null)
                .type(tThread, "java.lang.Thread", null, Field.of("osName", tString), Field.of("osThreadId", tLong),
                        Field.of("javaName", tString), Field.of("javaThreadId", tLong))
                .type(tSymbol, types + "Symbol", null, Field.of("string", tString))
                .type(tClass, "java.lang.Class", null, Field.pool("name", tSymbol), Field.of("modifiers", tInt))
                .type(tStack, types + "StackTrace", null, Field.of("truncated", tBool))
                .type(100, events + "ThreadSleep", "jdk.jfr.Event", Field.of("startTime", tLong), Field.of("duration", tLong),
                        Field.pool("eventThread", tThread), Field.pool("stackTrace", tStack), Field.of("time", tLong))
                .type(101, events + "JavaMonitorWait", "jdk.jfr.Event", Field.of("startTime", tLong),
                        Field.of("duration", tLong), Field.pool("eventThread", tThread), Field.pool("stackTrace", tStack),
                        Field.pool("monitorClass", tClass), Field.pool("notifier", tThread), Field.of("timeout", tLong),
                        Field.of("timedOut", tBool), Field.of("address", tLong))
                .type(102, events + "ThreadStart", "jdk.jfr.Event", Field.of("startTime", tLong),
                        Field.pool("eventThread", tThread), Field.pool("thread", tThread))
                .type(103, events + "JVMInformation", "jdk.jfr.Event", Field.of("startTime", tLong),
                        Field.of("jvmName", tString), Field.of("jvmVersion", tString))
                .constant(tThread, 1L, "main", 101L, "main", 1L)
                .constant(tThread, 2L, "worker", 102L, "worker", 12L)
                .constant(tSymbol, 1L, "java/lang/Object")
                .constant(tClass, 1L, 1L, 1)
                .event(103, t0, "Java HotSpot(TM) 64-Bit Server VM", "Java HotSpot(TM) 64-Bit Server VM (9+181) for linux-amd64 "
                        + "JRE (9+181), built on Aug  2 2017 21:10:28 by \"javare\" with gcc 4.8.2")
                .event(102, t0 + ms, 1L, 2L)
                .event(100, t0 + 2 * ms, 30 * ms, 2L, 0L, 30L)
                .event(100, t0 + 40 * ms, 30 * ms, 2L, 0L, 30L)
                .event(101, t0 + 10 * ms, 90 * ms, 1L, 0L, 1L, 0L, 100L, true, 0x7f00L);
        return b.build(startNanos, 200_000_000L, t0 - ms, tps, deltaLoop);
    }
}
