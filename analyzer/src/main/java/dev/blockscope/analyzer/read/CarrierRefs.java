package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import dev.blockscope.analyzer.model.LongMap;
import java.util.List;

/**
 * One chunk's carriers, named by id. Newer agents record a carrier as its Java thread id
 * ({@code carrierId}, {@code resumeCarrierId}) and name it with a {@code blockscope.Carrier}
 * event, once when first seen and again at every chunk start; older ones wrote a Thread field.
 * Within a chunk the naming event may come after events that use the id (JFR interleaves the
 * threads' buffers), so refs made before it are named afterwards by {@link #nameAll}.
 */
final class CarrierRefs {
    private final LongMap<ThreadRef> refs = new LongMap<>();
    private boolean renamed;
    // the last carrier asked for: a wait's two carriers, and the next wait's, are most often one thread
    private ThreadRef last;

    /** The carrier with Java thread id {@code id}, or null for 0 (none). */
    ThreadRef ref(long id) {
        if (id == 0) {
            return null;
        }
        ThreadRef ref = last;
        if (ref != null && ref.id() == id) {
            return ref;
        }
        ref = refs.get(id);
        if (ref == null) {
            ref = new ThreadRef(id, null, false);
            refs.put(id, ref);
        }
        last = ref;
        return ref;
    }

    /** A blockscope.Carrier event named {@code carrier}. */
    void name(ThreadRef carrier) {
        if (carrier == null || carrier.name() == null) {
            return;
        }
        last = null;
        ThreadRef old = refs.put(carrier.id(), carrier);
        if (old != null && old.name() == null) {
            renamed = true;
        }
    }

    /**
     * Replaces, in the chunk's mapped events, carrier refs made before their carrier was named
     * by the named ones (usually nothing to do: the agent names a carrier before using it).
     */
    void nameAll(List<TraceEvent> batch) {
        if (!renamed) {
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            TraceEvent e = batch.get(i);
            TraceEvent named = switch (e) {
                case TraceEvent.Blocked b when unnamed(b.carrier()) || unnamed(b.resumeCarrier()) ->
                        b.withCarriers(named(b.carrier()), named(b.resumeCarrier()));
                case TraceEvent.TaskStarted t when unnamed(t.carrier()) ->
                        new TraceEvent.TaskStarted(t.time(), t.task(), t.parent(), named(t.carrier()), t.complete());
                case TraceEvent.WaitOpen w when unnamed(w.carrier()) ->
                        new TraceEvent.WaitOpen(w.time(), w.task(), w.reason(), w.pinned(), w.pinReason(), named(w.carrier()),
                                w.since());
                default -> e;
            };
            if (named != e) {
                batch.set(i, named);
            }
        }
    }

    private boolean unnamed(ThreadRef ref) {
        return ref != null && ref.name() == null && refs.get(ref.id()) != ref;
    }

    private ThreadRef named(ThreadRef ref) {
        if (ref == null) {
            return null;
        }
        ThreadRef named = refs.get(ref.id());
        return named == null ? ref : named;
    }
}
