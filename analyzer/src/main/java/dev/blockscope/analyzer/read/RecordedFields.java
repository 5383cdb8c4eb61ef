package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import jdk.jfr.EventType;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * The JDK reader's backend of {@link EventFields}: the fields of one {@code RecordedEvent},
 * looked up by the names its {@link EventTable} entry lists. One instance per chunk (its caches
 * hold the JDK's objects of that chunk only), bound to each event in turn.
 */
final class RecordedFields implements EventFields {
    private final StackTable stacks;
    private final Map<RecordedThread, ThreadRef> threads = new IdentityHashMap<>();
    private final Map<RecordedStackTrace, Integer> stackCache = new IdentityHashMap<>();
    /** Per event type (one object per type in a chunk): which of a spec's fields it has. */
    private final Map<EventType, boolean[]> fieldsOf = new IdentityHashMap<>();
    private final CarrierRefs carriers = new CarrierRefs();
    private final dev.blockscope.analyzer.model.LongMap<ThreadRef> wakers = new dev.blockscope.analyzer.model.LongMap<>();
    private RecordedEvent event;
    private String[] names;
    private boolean[] has;

    private final long shift;

    RecordedFields(StackTable stacks) {
        this(stacks, 0);
    }

    /** Reads events of a chunk whose times are moved by {@code shift} onto the file's clock ({@link Chunk#clockShift()}). */
    RecordedFields(StackTable stacks, long shift) {
        this.stacks = stacks;
        this.shift = shift;
    }

    /** Reads {@code e}'s fields by {@code spec}'s slots from now on. */
    RecordedFields bind(RecordedEvent e, EventTable.Spec spec) {
        event = e;
        names = spec.fields();
        has = fieldsOf.computeIfAbsent(e.getEventType(), t -> {
            boolean[] h = new boolean[names.length];
            for (int i = 0; i < names.length; i++) {
                h[i] = t.getField(names[i]) != null;
            }
            return h;
        });
        return this;
    }

    // RecordedObject's typed getters (getThread, getString, getStackTrace) look a field up by name
    // twice; getValue looks it up once, which matters at millions of events.
    private Object value(int slot) {
        return has[slot] ? event.getValue(names[slot]) : null;
    }

    @Override
    public long start() {
        return nanos(event.getStartTime()) + shift;
    }

    @Override
    public long end() {
        return nanos(event.getEndTime()) + shift;
    }

    @Override
    public long epoch(int slot) {
        // written on the agent's pairing of ticks and epoch time: its own chunks' headers carry it,
        // the JDK's do not (see DecodedFields#epoch)
        long nanos = lng(slot);
        return nanos == 0 || event.getEventType().getId() < EventTable.AGENT_TYPE_IDS ? nanos : nanos + shift;
    }

    @Override
    public boolean present(int slot) {
        return has[slot];
    }

    @Override
    public long lng(int slot) {
        return value(slot) instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public boolean bool(int slot) {
        return Boolean.TRUE.equals(value(slot));
    }

    @Override
    public String string(int slot) {
        return value(slot) instanceof String s ? s : null;
    }

    @Override
    public double flt(int slot) {
        return value(slot) instanceof Number n ? n.doubleValue() : 0;
    }

    // jdk.types.ThreadState is a constant with one field, its name; the JDK hands it out as that
    // string or as an object holding it, depending on how the type was declared.
    @Override
    public String threadState(int slot) {
        Object v = value(slot);
        if (v instanceof RecordedObject o) {
            return o.hasField("name") ? o.getString("name") : null;
        }
        return v instanceof String s ? s : null;
    }

    @Override
    public ThreadRef thread(int slot) {
        if (!(value(slot) instanceof RecordedThread t)) {
            return null;
        }
        ThreadRef ref = threads.get(t);
        if (ref == null) {
            String name = t.getJavaName();
            jdk.jfr.consumer.RecordedThreadGroup group = t.hasField("group") ? t.getThreadGroup() : null;
            ref = new ThreadRef(t.getJavaThreadId(), name == null ? t.getOSName() : name, t.isVirtual(),
                    group == null ? null : group.getName());
            threads.put(t, ref);
        }
        return ref;
    }

    @Override
    public int stack(int slot) {
        return value(slot) instanceof RecordedStackTrace t ? stacks.intern(t, stackCache) : TraceEvent.NO_STACK;
    }

    @Override
    public int stackText(int slot) {
        return stacks.internText(string(slot));
    }

    @Override
    public String className(int slot) {
        return value(slot) instanceof RecordedClass c ? c.getName() : null;
    }

    @Override
    public CarrierRefs carriers() {
        return carriers;
    }

    @Override
    public dev.blockscope.analyzer.model.LongMap<ThreadRef> wakers() {
        return wakers;
    }

    static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
