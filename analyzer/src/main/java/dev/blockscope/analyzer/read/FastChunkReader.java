package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one chunk without the JDK's RecordingFile: the metadata event gives the field layout of
 * every type, checkpoint events are indexed (not decoded), and then each event is either decoded
 * straight into the slots its {@link EventTable.Spec} asks for, or skipped by its size
 * prefix. Only events the analysis maps are decoded; all are counted by type.
 *
 * <p>The chunk's events are found by walking their size prefixes ({@link ChunkWalk}), not by the
 * header's offsets, which are only checked against the walk: so a chunk cut short, never finished
 * or with damaged offsets yields its events up to the damage, each resolved by the pools written
 * before it. An event that cannot be decoded within its own size, or whose times cannot be true,
 * is left out and counted; what was wrong comes back in {@link Outcome#damage()}.
 *
 * <p>Throws {@link UnsupportedRecordingException} for what it does not understand in an otherwise
 * sound chunk (a field type it cannot decode where it needs the value, uncompressed integers);
 * {@link ChunkDamageException} when nothing of the chunk can be read.
 */
final class FastChunkReader {
    private static final int HEADER_SIZE = ChunkHeader.SIZE;
    /**
     * Largest chunk read into memory (the JDK writes chunks of about 12 MB by default; a larger
     * one goes to RecordingFile, which pages through it).
     */
    static final long MAX_CHUNK = 256L << 20;
    /**
     * System property: chunks larger than this many bytes are mapped from the file instead of read
     * into the heap (0 maps every chunk). By default a sixteenth of the heap: a 256 MiB heap holds
     * an agent's 8 MB chunks and the JDK's 12 MB ones, and maps a 77 MB one, which held twice (read
     * ahead, and decoded again while delivered) would take most of it.
     */
    static final String MAP_PROPERTY = "blockscope.readerMapAbove";
    /** How far the chunk's metadata and checkpoints may lie outside its header's time span before the clock is called damaged. */
    private static final long CLOCK_SLACK = 1_000_000_000L;
    /** How late a loaded JVM's last checkpoint may come after twice the chunk's length, and not be damage. */
    private static final long LATE_CHECKPOINT = 5_000_000_000L;

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
    /**
     * How an event type is decoded. {@code skippable}: its first field is its start time in ticks,
     * and every record made of it is timed at that start or later (blockscope.Suspend: the wait
     * at its end, its wake-up between), so an event starting after a preview's end can be left
     * undecoded ({@link Decoder#skipFrom}). Not every type is so: a CarrierIdle's times are
     * fields of their own, earlier than its start time.
     */
    private record Plan(JfrType type, int[] action, int[] slot, EventTable.Spec spec, boolean skippable) {}

    /**
     * Events read (of all types, decoded or skipped), those of them left out as damaged, what was
     * wrong with the chunk, and what in it could not be resolved (limits of the input, not damage
     * of their own: references into constant pools lost to a cut), in words (empty when nothing).
     */
    record Outcome(long read, long leftOut, java.util.List<String> damage, java.util.List<String> limits) {}

    private FastChunkReader() {}

    /**
     * Reads {@code chunk} of {@code file}, adding its mapped events to {@code out} in file order
     * and its event counts to {@code counts}.
     */
    static Outcome read(Path file, Chunk chunk, StackTable stacks, List<TraceEvent> out, Map<String, long[]> counts) throws IOException {
        Decoder d = open(file, chunk, stacks, null);
        while (d.next(out)) {
            // every event of the chunk, in file order
        }
        d.carriers().nameAll(out);
        return d.outcome(counts);
    }

    /**
     * Opens {@code chunk} for decoding one event at a time. {@code carriers}, when given, are the
     * carriers a previous decoding of the same chunk named (so refs come out named at once, as
     * {@link CarrierRefs#nameAll} would have made them); {@code stacks} may be that decoding's
     * table, so stack ids come out the same.
     */
    static Decoder open(Path file, Chunk chunk, StackTable stacks, CarrierRefs carriers) throws IOException {
        Layout layout = layout(file, chunk);
        ChunkHeader h = layout.header();
        List<String> damage = new ArrayList<>(layout.damage());
        boolean sound = chunk.sound() && damage.isEmpty();
        try {
            if (!h.compressedIntegers()) {
                throw new UnsupportedRecordingException("uncompressed integers (a JDK 9 option)");
            }
            return new Decoder(layout.in(), h, chunk, layout.walk(), damage, stacks, carriers);
        } catch (UnsupportedRecordingException unknown) {
            if (sound) {
                throw unknown;
            }
            // The JDK's reader is given only sound chunks: on others it can wait forever.
            throw new ChunkDamageException("it has " + unknown.getMessage() + ", which only the JDK's reader handles, and that"
                    + " reader is not given a damaged chunk" + (damage.isEmpty() ? "" : " (" + String.join("; ", damage) + ")"));
        }
    }

    /**
     * Whether the JDK's reader may be given {@code chunk}: its layout and its metadata (the types'
     * inline nesting included) passed the checks the fast reader makes before it decodes an event,
     * so that what goes wrong in the JDK's reader is not something these checks know as damage.
     * A chunk too large for these checks is given to it (bounded in time by the caller).
     */
    static boolean checkedForJdkReader(Path file, Chunk chunk) throws IOException {
        Layout layout;
        try {
            layout = layout(file, chunk);
        } catch (UnsupportedRecordingException tooLarge) {
            return true;
        }
        if (!layout.damage().isEmpty()) {
            return false;
        }
        try {
            metadata(layout.in(), layout.walk(), chunk);
        } catch (UnsupportedRecordingException unknown) {
            return true; // what the fast reader does not handle is the JDK reader's to try
        }
        return true;
    }

    /** Chunks larger than this are mapped: {@link #MAP_PROPERTY}, else a sixteenth of the heap. */
    static long mapAbove() {
        String v = System.getProperty(MAP_PROPERTY);
        if (v != null && !v.isBlank()) {
            try {
                return Math.max(0, Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + MAP_PROPERTY + "=" + v + ": expected a number of bytes");
            }
        }
        return Runtime.getRuntime().maxMemory() / 16;
    }

    /** A chunk's bytes, header and walk, and what in its layout is damaged (empty when nothing). */
    record Layout(ChunkInput in, ChunkHeader header, ChunkWalk walk, List<String> damage) {}

    /**
     * Loads {@code chunk} and checks its layout: the walk of its events, and for a chunk whose
     * header is sound, that the header's offsets and the checkpoints' chain of deltas agree with
     * the walk. The JDK's reader is given a chunk only when this finds nothing.
     */
    static Layout layout(Path file, Chunk chunk) throws IOException {
        if (chunk.size() > MAX_CHUNK) {
            throw new UnsupportedRecordingException("a chunk of " + chunk.size() + " bytes (the fast reader holds at most "
                    + MAX_CHUNK + " bytes of a chunk)");
        }
        ChunkInput in;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (chunk.size() > mapAbove()) {
                if (chunk.offset() + chunk.size() > ch.size()) {
                    throw new ChunkDamageException("the file ends inside the chunk");
                }
                in = new ChunkInput(ch.map(FileChannel.MapMode.READ_ONLY, chunk.offset(), chunk.size()));
            } else {
                byte[] bytes = new byte[(int) chunk.size()];
                ByteBuffer target = ByteBuffer.wrap(bytes);
                while (target.hasRemaining()) {
                    if (ch.read(target, chunk.offset() + target.position()) < 0) {
                        throw new ChunkDamageException("the file ends inside the chunk");
                    }
                }
                in = new ChunkInput(bytes);
            }
        }
        ChunkHeader h = new ChunkHeader(in.buffer());
        if (h.unsupportedVersion() != null) {
            throw new ChunkDamageException(h.unsupportedVersion());
        }
        List<String> damage = new ArrayList<>();
        ChunkWalk walk = ChunkWalk.of(in, chunk.offset());
        if (walk.stop != null) {
            damage.add(walk.stop);
        }
        if (chunk.sound()) {
            if (!walk.isCheckpoint(h.constantPools)) {
                damage.add("its header's constant pool offset " + h.constantPools + " (byte " + (chunk.offset() + ChunkHeader.CONSTANT_POOLS_AT)
                        + ") is not a checkpoint event; the " + walk.checkpoints.length + " found by walking the chunk were read");
            } else {
                String chain = checkpointChain(in, walk, h.constantPools);
                if (chain != null) {
                    damage.add(chain);
                }
            }
            if (!walk.isMetadata(h.metadata)) {
                damage.add("its header's metadata offset " + h.metadata + " (byte " + (chunk.offset() + ChunkHeader.METADATA_AT)
                        + ") is not a metadata event; the last one found by walking the chunk was read");
            }
        }
        return new Layout(in, h, walk, List.copyOf(damage));
    }

    /**
     * One chunk being decoded, an event at a time ({@link #next}): what a chunk's reading needs
     * between events (its bytes, pools, plans and counts), so that a chunk too large to hold as
     * records can be decoded again and delivered as it is decoded.
     */
    static final class Decoder {
        private final ChunkInput in;
        private final ChunkClock clock;
        /** Events that start at or after this time (epoch nanos, the file's clock) are skipped undecoded: {@link #skipFrom}. */
        private long skipFrom = Long.MAX_VALUE;
        private final Chunk chunk;
        private final ChunkWalk walk;
        private final List<String> damage;
        private final JfrMetadata metadata;
        private final EventTimes times;
        private final ChunkObjects objects;
        private final DecodedFields values;
        private final Map<Long, Plan> plans = new HashMap<>();
        private final Map<Long, long[]> byType = new HashMap<>();
        private final Plan[] planById;
        private final long[][] countById;
        /** The plans and counts of type ids beyond the arrays (blockscope's own chunks declare ids far above the JVM's). */
        private final dev.blockscope.analyzer.model.LongMap<Plan> farPlans = new dev.blockscope.analyzer.model.LongMap<>();
        private final dev.blockscope.analyzer.model.LongMap<long[]> farCounts = new dev.blockscope.analyzer.model.LongMap<>();
        private final int maxId;
        private final int end;
        private int pos = HEADER_SIZE;
        private long read;
        private long undecodable;
        private long untimely;
        private long unknownType;

        private Decoder(ChunkInput in, ChunkHeader h, Chunk chunk, ChunkWalk walk, List<String> damage, StackTable stacks,
                        CarrierRefs carriers) {
            this.in = in;
            this.chunk = chunk;
            this.walk = walk;
            this.damage = damage;
            this.metadata = metadata(in, walk, chunk);
            ConstantPools pools = new ConstantPools(metadata, in, walk.checkpoints);
            damage.addAll(pools.damage);
            ChunkClock clock = new ChunkClock(h.startNanos, h.startTicks, h.ticksPerSecond, chunk.clockShift());
            this.clock = clock;
            this.times = clock(clock, h, walk, chunk, damage);
            this.objects = new ChunkObjects(pools, stacks);
            this.values = new DecodedFields(objects, pools, clock, carriers == null ? new CarrierRefs() : carriers);
            for (JfrType t : metadata.types()) {
                if (t.isEvent()) {
                    if (t.id >= EventTable.AGENT_TYPE_IDS) {
                        values.agentChunk();
                    }
                    byType.put(t.id, new long[1]);
                    EventTable.Spec spec = EventTable.spec(EventNames.canonical(t.name));
                    if (spec != null) {
                        plans.put(t.id, plan(t, spec));
                    }
                }
            }
            // Two small arrays indexed by type id make the per-event dispatch a load, not a hash lookup.
            int highest = 0;
            for (Long id : byType.keySet()) {
                if (id >= 0 && id < 1 << 16) {
                    highest = Math.max(highest, id.intValue());
                }
            }
            this.maxId = highest;
            this.planById = new Plan[maxId + 1];
            this.countById = new long[maxId + 1][];
            plans.forEach((id, p) -> {
                if (id >= 0 && id <= maxId) {
                    planById[id.intValue()] = p;
                } else {
                    farPlans.put(id, p);
                }
            });
            byType.forEach((id, c) -> {
                if (id >= 0 && id <= maxId) {
                    countById[id.intValue()] = c;
                } else {
                    farCounts.put(id, c);
                }
            });
            this.end = walk.end;
            if (carriers == null) {
                nameCarriersFirst();
            }
        }

        /**
         * Decodes the chunk's {@code blockscope.Carrier} events before the rest. The agent writes
         * them at the chunk's end, after the events that name carriers by id: decoded in file order,
         * every such event would be made again once its carriers were named ({@link CarrierRefs#nameAll},
         * a second record for each wait of the chunk). Skipping from event to event by their sizes
         * costs a few nanoseconds an event.
         */
        private void nameCarriersFirst() {
            Plan carrier = null;
            long carrierType = 0;
            for (JfrType t : metadata.types()) {
                if (t.isEvent() && "blockscope.Carrier".equals(EventNames.canonical(t.name))) {
                    carrierType = t.id;
                    carrier = carrierType >= 0 && carrierType <= maxId ? planById[(int) carrierType] : farPlans.get(carrierType);
                }
            }
            if (carrier == null) {
                return;
            }
            List<TraceEvent> none = new ArrayList<>(0);
            for (int at = HEADER_SIZE; at < end; ) {
                in.pos = at;
                int size = in.readInt();
                if (size <= 0) {
                    break; // damage: the decoding proper says so
                }
                if (in.readLong() == carrierType) {
                    try {
                        decode(in, carrier, values, none);
                    } catch (RuntimeException damaged) {
                        // counted when the decoding proper meets it
                    }
                }
                at += size;
            }
        }

        /** The chunk's carriers as named so far (all of them once {@link #next} returned false). */
        CarrierRefs carriers() {
            return values.carriers();
        }

        /** Chunk offset of the event {@link #next} decodes next. */
        int position() {
            return pos;
        }

        /**
         * Decodes the event at chunk offset {@code at} (one {@link #position} gave), adding its
         * records to {@code out}; returns the offset of the event after it, or -1 when {@code at}
         * is the chunk's end. A streamed chunk decodes its runs each from its own offset.
         */
        int decodeAt(int at, List<TraceEvent> out) {
            pos = at;
            return next(out) ? pos : -1;
        }

        /** Decodes the next event of the chunk, adding its records (none, one or two) to {@code out}; false at the end. */
        boolean next(List<TraceEvent> out) {
            if (pos >= end) {
                return false;
            }
            in.pos = pos;
            int eventSize = in.readInt();
            long typeId = in.readLong();
            if (typeId > 1) {
                long[] count = typeId >= 0 && typeId <= maxId ? countById[(int) typeId] : farCounts.get(typeId);
                if (count == null) {
                    unknownType++;
                } else {
                    count[0]++;
                    read++;
                    Plan plan = typeId >= 0 && typeId <= maxId ? planById[(int) typeId] : farPlans.get(typeId);
                    if (plan != null && skipFrom != Long.MAX_VALUE && plan.skippable && startsFrom(skipFrom)) {
                        plan = null; // after a preview's end: its time is later still, so it would be dropped
                    }
                    if (plan != null) {
                        int outAt = out.size();
                        try {
                            decode(in, plan, values, out);
                            if (in.pos > pos + eventSize) {
                                throw new ChunkDamageException("decoded past its end");
                            }
                            untimely += times.keepPlausible(out, outAt);
                        } catch (RuntimeException damaged) {
                            undecodable++;
                            while (out.size() > outAt) {
                                out.removeLast();
                            }
                        }
                    }
                }
            }
            pos += eventSize;
            return true;
        }

        /**
         * From now on, the events of the types that allow it ({@code Plan.skippable}, the bulk of
         * blockscope's chunks) whose start time is {@code epochNanos} or later are counted but not
         * decoded: a preview ending there would drop them, and most of a chunk can lie past a
         * preview's end.
         */
        void skipFrom(long epochNanos) {
            skipFrom = epochNanos;
        }

        /** Whether the event at the input (its start time next) starts at or after {@code time}; the input is left where it was. */
        private boolean startsFrom(long time) {
            int at = in.pos;
            try {
                return clock.nanos(in.readLong()) >= time;
            } catch (RuntimeException damaged) {
                return false; // decoded, and judged, as any other
            } finally {
                in.pos = at;
            }
        }

        /** After the last event: the chunk's counts added to {@code counts}, and what was read and wrong. */
        Outcome outcome(Map<String, long[]> counts) {
            byType.forEach((id, c) -> {
                if (c[0] > 0) {
                    counts.computeIfAbsent(metadata.type(id).name, k -> new long[1])[0] += c[0];
                }
            });
            List<String> damage = new ArrayList<>(this.damage);
            if (undecodable > 0) {
                damage.add(undecodable + " event(s) could not be decoded within their own size (damaged values), left out");
            }
            if (untimely > 0) {
                damage.add(untimely + " event(s) had times outside the chunk's (damaged values), left out");
            }
            // In a chunk cut short, what the lost end would have resolved is a limit of the input; in a
            // sound one, an undeclared type is damage. A sound chunk's references to no pool entry are
            // the JVM's own doing (a few in any JDK 17 recording, more in a crash dump): null, as the
            // JDK's reader has them, and not worth a word.
            boolean cut = walk.cut || !chunk.sound();
            List<String> limits = new ArrayList<>();
            if (unknownType > 0) {
                (cut ? limits : damage).add(chunk.where() + ": " + unknownType + " event(s) of types its metadata does not declare"
                        + (cut ? " (declared in metadata written after the cut)" : "") + " were skipped");
            }
            if (cut && objects.unresolvedThreads + objects.unresolvedStacks > 0) {
                limits.add(chunk.where() + ": " + objects.unresolvedThreads + " reference(s) to threads and " + objects.unresolvedStacks
                        + " to stacks could not be resolved (their constant pools were written after the cut): those waits are"
                        + " left out, or kept without their stack");
            }
            return new Outcome(read, undecodable + untimely, List.copyOf(damage), List.copyOf(limits));
        }
    }

    /**
     * Follows the checkpoints' chain of deltas from the header's last one, as the JDK's reader
     * does (it has no other way to find them): each must land on a checkpoint the walk found, and
     * none twice. Null when it does; a chain that loops would keep the JDK's reader forever.
     */
    private static String checkpointChain(ChunkInput in, ChunkWalk walk, long last) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long offset = last;
        while (true) {
            if (!walk.isCheckpoint(offset)) {
                return "its checkpoints' chain of deltas leads to chunk offset " + offset + ", where no checkpoint is";
            }
            if (!seen.add(offset)) {
                return "its checkpoints' chain of deltas loops back to chunk offset " + offset;
            }
            in.pos = (int) offset;
            in.readLong(); // size
            in.readLong(); // type 1
            in.readLong(); // start
            in.readLong(); // duration
            long delta = in.readLong();
            if (delta == 0) {
                return null;
            }
            offset += delta;
        }
    }

    /** The last metadata event of the walk that can be read (the JDK repeats the whole metadata when it grows). */
    private static JfrMetadata metadata(ChunkInput in, ChunkWalk walk, Chunk chunk) {
        RuntimeException last = null;
        for (int i = walk.metadata.length - 1; i >= 0; i--) {
            try {
                return JfrMetadata.read(in, walk.metadata[i]);
            } catch (UnsupportedRecordingException unsupported) {
                throw unsupported;
            } catch (RuntimeException damaged) {
                last = damaged;
            }
        }
        throw new ChunkDamageException(walk.metadata.length == 0
                ? "no metadata event before " + (walk.stop == null ? "its end" : walk.stop) + " (the JVM writes it at the chunk's"
                + " start and at its end; without it no event can be decoded)"
                : "its metadata could not be read (" + last.getMessage() + ")");
    }

    /**
     * Checks the header's clock against the chunk's own metadata and checkpoint events, which the
     * JVM writes while the chunk is open, and returns the bounds for its events' times. A metadata
     * event before the chunk's start (the JVM writes one as the chunk opens) means its start ticks
     * (or tick rate) are damaged: then no event time can be trusted beyond the header's own span,
     * and events outside it are left out. Checkpoints say nothing about the start: the JDK ends a
     * chunk with checkpoints stamped when their thread's entry was made, long before it began
     * (found in a soak's plain JFR recording, up to 14 s before). Checkpoints far after its end, or
     * all within a small part of it, mean a damaged duration or tick rate: the checkpoints' span
     * is used. A loaded JVM may write a chunk's last checkpoint a second or more after the end its
     * header gives, so only more than twice its length (and 5 s) after is damage. Either way it is
     * damage, said with the bytes concerned.
     */
    private static EventTimes clock(ChunkClock clock, ChunkHeader h, ChunkWalk walk, Chunk chunk, List<String> damage) {
        long d = Math.max(0, h.durationNanos);
        long start = h.startNanos + chunk.clockShift();
        if (walk.firstSpecialTicks == Long.MAX_VALUE) {
            return new EventTimes(start, start + d);
        }
        long last = clock.nanos(walk.lastSpecialTicks) - start;
        if (walk.firstMetadataTicks != Long.MAX_VALUE) {
            long opened = clock.nanos(walk.firstMetadataTicks) - start;
            if (opened < -CLOCK_SLACK) {
                damage.add("its clock is damaged: by its start ticks (byte " + (chunk.offset() + ChunkHeader.START_TICKS_AT)
                        + ") and tick rate (byte " + (chunk.offset() + ChunkHeader.TICKS_PER_SECOND_AT) + ") its metadata, written"
                        + " as it opened, lies " + seconds(opened) + " from its start; events outside the " + seconds(d)
                        + " its header says it lasted are left out");
                return EventTimes.within(start, start + d);
            }
        }
        // async-profiler stamps its metadata and checkpoints with its chunk's start ticks, though it
        // writes them at the end: checkpoints all at the very start say nothing against its duration
        boolean allAtStart = walk.firstSpecialTicks == h.startTicks && walk.lastSpecialTicks == h.startTicks;
        if (h.finished() && d > 0 && (last > 2 * d + LATE_CHECKPOINT || d > 4 * CLOCK_SLACK && last < d / 4 && !allAtStart)) {
            damage.add("its clock is damaged: by its tick rate (byte " + (chunk.offset() + ChunkHeader.TICKS_PER_SECOND_AT)
                    + ") or duration (byte " + (chunk.offset() + ChunkHeader.DURATION_AT) + ") its own checkpoints end "
                    + seconds(last) + " from its start, but its header says it lasted " + seconds(d)
                    + "; its times are kept as its tick rate gives them");
            return new EventTimes(start, start + Math.max(0, last));
        }
        return new EventTimes(start, start + Math.max(d, last));
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    private static Plan plan(JfrType type, EventTable.Spec spec) {
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
        boolean skippable = "blockscope.Suspend".equals(EventNames.canonical(type.name)) && n > 0
                && "startTime".equals(type.fields.get(0).name()) && !type.fields.get(0).array()
                && !type.fields.get(0).constantPool() && type.fieldTypes[0].kind == JfrType.Kind.VARINT;
        return new Plan(type, action, slot, spec, skippable);
    }

    private static void decode(ChunkInput in, Plan plan, DecodedFields v, List<TraceEvent> out) {
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
        plan.spec.map(v, out);
    }
}
