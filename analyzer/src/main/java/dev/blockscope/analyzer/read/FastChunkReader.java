package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one complete chunk without the JDK's RecordingFile: the metadata event gives the field
 * layout of every type, checkpoint events are indexed (not decoded), and then each event is
 * either decoded straight into the slots its {@link FastEventMapper.Spec} asks for, or skipped by
 * its size prefix. Only events the analysis maps are decoded; all are counted by type.
 *
 * <p>Throws {@link UnsupportedRecordingException} for what it does not understand (a major
 * version other than 2, a field type it cannot decode where it needs the value); any other
 * exception means the chunk is damaged.
 */
final class FastChunkReader {
    private static final int HEADER_SIZE = ChunkScanner.HEADER_SIZE;
    /**
     * Largest chunk read into memory (the JDK writes chunks of about 12 MB by default; a larger
     * one goes to RecordingFile, which pages through it).
     */
    static final long MAX_CHUNK = 256L << 20;

    // Per-field actions of a plan: the negative ones skip the value, the others read it into the field's slot.
    private static final int SKIP_VARINT = -1;
    private static final int SKIP_BYTE = -2;
    private static final int SKIP_GENERIC = -3;
    private static final int READ_LONG = 0;
    private static final int READ_BOOLEAN = 1;
    private static final int READ_BYTE = 2;
    private static final int READ_STRING = 3;
    private static final int READ_FLOAT = 4;

    /** How one event type of the chunk is read: per field, what to do and into which slot. */
    private record Plan(JfrType type, int[] action, int[] slot, FastEventMapper.Spec spec) {}

    private FastChunkReader() {}

    /**
     * Reads {@code chunk} of {@code file}, adding its mapped events to {@code out} in file order
     * and its event counts to {@code counts}; returns the number of events read.
     */
    static long read(Path file, Chunk chunk, StackTable stacks, List<TraceEvent> out, Map<String, long[]> counts) throws IOException {
        if (chunk.size() > MAX_CHUNK) {
            throw new UnsupportedRecordingException("a chunk of " + chunk.size() + " bytes (the fast reader holds at most "
                    + MAX_CHUNK + " bytes of a chunk)");
        }
        byte[] bytes = new byte[(int) chunk.size()];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer target = ByteBuffer.wrap(bytes);
            while (target.hasRemaining()) {
                if (ch.read(target, chunk.offset() + target.position()) < 0) {
                    throw new IllegalStateException("file ends inside the chunk");
                }
            }
        }
        ChunkInput in = new ChunkInput(bytes);
        short major = in.rawShort(4);
        if (major != 2) {
            throw new UnsupportedRecordingException("JFR format version " + major + "." + in.rawShort(6));
        }
        long size = in.rawLong(8);
        long cpOffset = in.rawLong(16);
        long metaOffset = in.rawLong(24);
        if (size != chunk.size() || cpOffset < HEADER_SIZE || metaOffset < HEADER_SIZE || cpOffset >= size || metaOffset >= size) {
            throw new IllegalStateException("chunk header offsets out of range (size " + size + ", constant pools at "
                    + cpOffset + ", metadata at " + metaOffset + ")");
        }
        ChunkClock clock = new ChunkClock(in.rawLong(32), in.rawLong(48), in.rawLong(56));
        JfrMetadata metadata = JfrMetadata.read(in, (int) metaOffset);
        ConstantPools pools = new ConstantPools(metadata, in, (int) cpOffset);
        FastEventMapper.Values values = new FastEventMapper.Values(new ChunkObjects(pools, stacks), pools, clock);

        Map<Long, Plan> plans = new HashMap<>();
        Map<Long, long[]> byType = new HashMap<>();
        for (JfrType t : metadata.types()) {
            if (t.isEvent()) {
                byType.put(t.id, new long[1]);
                FastEventMapper.Spec spec = FastEventMapper.spec(t.name);
                if (spec != null) {
                    plans.put(t.id, plan(t, spec));
                }
            }
        }
        // Two small arrays indexed by type id make the per-event dispatch a load, not a hash lookup.
        int highest = 0;
        for (Long id : byType.keySet()) {
            if (id < 1 << 16) {
                highest = Math.max(highest, id.intValue());
            }
        }
        int maxId = highest;
        Plan[] planById = new Plan[maxId + 1];
        long[][] countById = new long[maxId + 1][];
        plans.forEach((id, p) -> {
            if (id <= maxId) {
                planById[id.intValue()] = p;
            }
        });
        byType.forEach((id, c) -> {
            if (id <= maxId) {
                countById[id.intValue()] = c;
            }
        });

        long read = 0;
        int end = (int) size;
        int pos = HEADER_SIZE;
        while (pos < end) {
            in.pos = pos;
            int eventSize = in.readInt();
            if (eventSize <= 0) {
                throw new IllegalStateException("event of size " + eventSize + " at chunk offset " + pos);
            }
            long typeId = in.readLong();
            if (typeId > 1) {
                long[] count = typeId <= maxId ? countById[(int) typeId] : byType.get(typeId);
                if (count != null) {
                    count[0]++;
                    read++;
                    Plan plan = typeId <= maxId ? planById[(int) typeId] : plans.get(typeId);
                    if (plan != null) {
                        TraceEvent e = decode(in, plan, values);
                        if (values.wake != null) {
                            out.add(values.wake);
                            values.wake = null;
                        }
                        if (e != null) {
                            out.add(e);
                        }
                    }
                }
            }
            pos += eventSize;
        }
        if (pos != end) {
            throw new IllegalStateException("last event runs past the chunk end (" + pos + " > " + end + ")");
        }
        values.carriers.nameAll(out);
        byType.forEach((id, c) -> {
            if (c[0] > 0) {
                counts.computeIfAbsent(metadata.type(id).name, k -> new long[1])[0] += c[0];
            }
        });
        return read;
    }

    private static Plan plan(JfrType type, FastEventMapper.Spec spec) {
        int n = type.fields.size();
        int[] action = new int[n];
        int[] slot = new int[n];
        for (int i = 0; i < n; i++) {
            JfrType.Field f = type.fields.get(i);
            JfrType ft = type.fieldTypes[i];
            int wanted = -1;
            for (int s = 0; s < spec.fields().length; s++) {
                if (spec.fields()[s].equals(f.name())) {
                    wanted = s;
                }
            }
            slot[i] = wanted;
            if (wanted < 0) {
                action[i] = f.array() ? SKIP_GENERIC : f.constantPool() || ft.kind == JfrType.Kind.VARINT ? SKIP_VARINT
                        : ft.kind == JfrType.Kind.BOOLEAN || ft.kind == JfrType.Kind.BYTE ? SKIP_BYTE : SKIP_GENERIC;
            } else if (f.array()) {
                throw new UnsupportedRecordingException("array field " + type.name + "." + f.name());
            } else if (f.constantPool() || ft.kind == JfrType.Kind.VARINT) {
                action[i] = READ_LONG;
            } else if (ft.kind == JfrType.Kind.BOOLEAN) {
                action[i] = READ_BOOLEAN;
            } else if (ft.kind == JfrType.Kind.BYTE) {
                action[i] = READ_BYTE;
            } else if (ft.kind == JfrType.Kind.STRING) {
                action[i] = READ_STRING;
            } else if (ft.kind == JfrType.Kind.FLOAT) {
                action[i] = READ_FLOAT;
            } else {
                throw new UnsupportedRecordingException("field " + type.name + "." + f.name() + " of type " + ft.name);
            }
        }
        return new Plan(type, action, slot, spec);
    }

    private static TraceEvent decode(ChunkInput in, Plan plan, FastEventMapper.Values v) {
        java.util.Arrays.fill(v.present, false);
        int[] action = plan.action;
        int[] slot = plan.slot;
        for (int i = 0; i < action.length; i++) {
            switch (action[i]) {
                case SKIP_VARINT -> in.readLong();
                case SKIP_BYTE -> in.pos++;
                case SKIP_GENERIC -> plan.type.skipField(in, i);
                case READ_LONG -> v.longs[slot[i]] = in.readLong();
                case READ_BOOLEAN -> v.longs[slot[i]] = in.readByte() != 0 ? 1 : 0;
                case READ_BYTE -> v.longs[slot[i]] = in.readByte();
                case READ_STRING -> v.strings[slot[i]] = in.readString(v.pools);
                case READ_FLOAT -> v.longs[slot[i]] = in.readRawInt();
                default -> throw new IllegalStateException("no such field action " + action[i]);
            }
            if (slot[i] >= 0) {
                v.present[slot[i]] = true;
            }
        }
        return plan.spec.factory().map(v);
    }
}
