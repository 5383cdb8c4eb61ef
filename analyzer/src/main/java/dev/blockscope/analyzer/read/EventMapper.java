package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;

/**
 * One chunk's mapper (its caches hold the JDK's objects of that chunk only).
 * The one table from JFR event name to the factory that maps a {@code RecordedEvent} to a
 * {@link TraceEvent}. Events not in the table are counted by the reader but not used.
 */
final class EventMapper {
    /** The log category a flight recorder's trigger ({@code blockscope.FlightTrigger}) is read as. */
    static final String FLIGHT_TRIGGER = "blockscope.flight-trigger";

    private final Map<String, Function<RecordedEvent, TraceEvent>> table = new HashMap<>();
    private final Map<RecordedThread, ThreadRef> threads = new IdentityHashMap<>();
    private final StackTable stacks;
    /** The chunk's wakers by id (one mapper per chunk). */
    private final java.util.Map<Long, ThreadRef> wakers = new java.util.HashMap<>();
    private final Map<RecordedStackTrace, Integer> stackCache = new IdentityHashMap<>();
    private final CarrierRefs carriers = new CarrierRefs();
    /** A wake-up read from the Suspend just mapped, to be delivered before it (see {@link #takeWake}). */
    private TraceEvent.Unparked wake;

    EventMapper(StackTable stacks) {
        this.stacks = stacks;
        table.put("blockscope.TaskStart", e -> new TraceEvent.TaskStarted(
                nanos(e.getStartTime()), thread(threadAt(e, "eventThread")), e.getLong("parentId"), carrier(e, "carrierId", "carrier"), true));
        // agents from 0.2 on: a duration event of the carrier itself; before: JFR's thread, the carrier in fields
        table.put("blockscope.CarrierIdle", e -> e.hasField("carrier")
                ? carrierIdle(thread(threadAt(e, "carrier")), e.getLong("startNanos"), e.getLong("endNanos"))
                : carrierIdle(thread(threadAt(e, "eventThread")), nanos(e.getStartTime()), nanos(e.getEndTime())));
        table.put("blockscope.Carrier", e -> {
            carriers.name(thread(threadAt(e, "carrier")));
            return null;
        });
        table.put("blockscope.TaskEnd", e -> new TraceEvent.TaskEnded(nanos(e.getStartTime()), thread(threadAt(e, "eventThread")), true,
                e.hasField("endedAfterNanos") ? e.getLong("endedAfterNanos") : 0));
        table.put("blockscope.TaskLabel", e -> new TraceEvent.TaskLabeled(
                nanos(e.getStartTime()), thread(threadAt(e, "eventThread")), str(e, "taskName"), str(e, "group")));
        table.put("blockscope.Suspend", e -> suspend(e, thread(threadAt(e, "eventThread"))));
        // measured before the agent's recording ran, committed by the agent's thread: the task is in fields
        // an EarlySuspend's stack is a text field, not JFR's stackTrace
        table.put("blockscope.EarlySuspend", e -> suspend(e, earlyTask(e))
                .withStack(e.hasField("stackFrames") ? stacks.internText(str(e, "stackFrames")) : -1));
        // the agent's copy of a Suspend with a stack, in the chunks it cuts for live listeners
        table.put("blockscope.LiveSuspend", e -> suspend(e, earlyTask(e))
                .withStack(e.hasField("stackFrames") ? stacks.internText(str(e, "stackFrames")) : -1));
        table.put("blockscope.EarlyTaskStart", e -> new TraceEvent.TaskStarted(
                nanos(e.getStartTime()), earlyTask(e), e.getLong("parentId"), carriers.ref(e.getLong("carrierId")), true));
        table.put("blockscope.EarlyTaskEnd", e -> new TraceEvent.TaskEnded(nanos(e.getStartTime()), earlyTask(e), true));
        table.put("blockscope.Unpark", e -> new TraceEvent.Unparked(nanos(e.getStartTime()), thread(threadAt(e, "eventThread")), e.getLong("targetId")));
        table.put("blockscope.SchedulerState", e -> new TraceEvent.SchedulerSampled(nanos(e.getStartTime()),
                e.getInt("parallelism"), e.getInt("poolSize"), e.getInt("active"), e.getLong("queued")));
        table.put("blockscope.ThreadContextSwitches", e -> new TraceEvent.ContextSwitchesSampled(nanos(e.getStartTime()),
                e.getLong("osThreadId"), str(e, "osThreadName"), e.getLong("voluntary"), e.getLong("involuntary")));
        table.put("blockscope.AgentStats", e -> new TraceEvent.AgentStatsSampled(nanos(e.getStartTime()),
                e.getLong("suspends"), e.getLong("unparks"), e.getLong("taskEvents"), e.getLong("belowThreshold"),
                e.getLong("stacks"), e.getLong("errors"), e.getLong("startupNanos"), e.getLong("bytes"),
                e.hasField("dropped") ? e.getLong("dropped") : 0,
                e.hasField("recordingSince") ? epochMillis(e.getLong("recordingSince")) : 0,
                e.hasField("chunksDropped") ? e.getLong("chunksDropped") : 0,
                e.hasField("bytesDropped") ? e.getLong("bytesDropped") : 0,
                e.hasField("droppedUntil") ? epochMillis(e.getLong("droppedUntil")) : 0,
                e.hasField("stopReason") ? e.getString("stopReason") : null));
        table.put("blockscope.TaskSnapshot", e -> new TraceEvent.WaitingAtStart(nanos(e.getStartTime()),
                new ThreadRef(e.getLong("taskId"), str(e, "taskName"), e.getBoolean("taskVirtual")), str(e, "state"),
                str(e, "reason"), stringOrNull(e, "blockerClass")));
        table.put("blockscope.ProbeStatus", e -> new TraceEvent.ProbeReported(nanos(e.getStartTime()),
                str(e, "probe"), e.getBoolean("live"), str(e, "detail")));

        table.put("blockscope.Region", e -> new TraceEvent.RegionRecorded(nanos(e.getStartTime()), nanos(e.getEndTime()),
                thread(threadAt(e, "eventThread")), str(e, "regionName"), e.getLong("runtimeTaskId")));
        table.put("blockscope.Log", e -> new TraceEvent.LogRecorded(nanos(e.getStartTime()), thread(threadAt(e, "eventThread")),
                str(e, "category"), str(e, "message"), e.getLong("runtimeTaskId")));
        table.put("blockscope.FlightTrigger", e -> new TraceEvent.LogRecorded(nanos(e.getStartTime()), e.getLong("taskId") == 0
                ? thread(threadAt(e, "eventThread")) : earlyTask(e), FLIGHT_TRIGGER, str(e, "trigger") + ": " + str(e, "detail"), 0));

        table.put("blockscope.OpenSuspend", e -> {
            boolean pinned = e.getBoolean("pinned");
            return new TraceEvent.WaitOpen(nanos(e.getStartTime()), new ThreadRef(e.getLong("taskId"), null, e.getBoolean("taskVirtual")),
                    orOther(str(e, "reason")), pinned, pinned ? str(e, "pinReason") : null, carrier(e, "carrierId", "carrier"),
                    e.getLong("startNanos"));
        });
        table.put("jdk.ExecutionSample", e -> new TraceEvent.ThreadSampled(nanos(e.getStartTime()),
                thread(threadAt(e, "sampledThread")), "jdk.ExecutionSample", threadState(e), 1, sampleStack(e)));
        table.put("profiler.WallClockSample", e -> new TraceEvent.ThreadSampled(nanos(e.getStartTime()),
                thread(threadAt(e, "sampledThread")), "profiler.WallClockSample", threadState(e),
                e.hasField("samples") ? e.getInt("samples") : 1, sampleStack(e)));
        table.put("jdk.ActiveSetting", e -> ProfilerSettings.of(nanos(e.getStartTime()), str(e, "name"), str(e, "value")));
        table.put("jdk.ThreadContextSwitchRate", e -> new TraceEvent.OsSwitchRateSampled(nanos(e.getStartTime()), e.getFloat("switchRate")));

        table.put("jdk.ThreadStart", e -> new TraceEvent.TaskStarted(nanos(e.getStartTime()), thread(threadAt(e, "thread")),
                e.hasField("parentThread") ? ThreadRef.idOf(thread(threadAt(e, "parentThread"))) : ThreadRef.NONE, null, false));
        table.put("jdk.ThreadEnd", e -> new TraceEvent.TaskEnded(nanos(e.getStartTime()), thread(threadAt(e, "thread")), false));
        table.put("jdk.VirtualThreadStart", e -> new TraceEvent.TaskStarted(nanos(e.getStartTime()), thread(threadAt(e, "eventThread")), ThreadRef.NONE, null, false));
        table.put("jdk.VirtualThreadEnd", e -> new TraceEvent.TaskEnded(nanos(e.getStartTime()), thread(threadAt(e, "eventThread")), false));
        table.put("jdk.ThreadSleep", e -> jdkBlocked(e, "sleep", false, null));
        table.put("jdk.ThreadPark", e -> {
            String parked = className(e, "parkedClass");
            return jdkBlocked(e, BlockerReasons.ofParkBlocker(parked), false, null, parked);
        });
        table.put("jdk.JavaMonitorEnter", e -> jdkBlocked(e, "monitor.enter", false, null, className(e, "monitorClass")));
        table.put("jdk.JavaMonitorWait", e -> {
            String monitor = className(e, "monitorClass");
            String reason = BlockerReasons.ofMonitorWait(monitor);
            return jdkBlocked(e, reason, false, null, reason.equals("class.init") ? null : monitor);
        });
        table.put("jdk.SocketRead", e -> jdkBlocked(e, "socket.read", false, null));
        table.put("jdk.SocketWrite", e -> jdkBlocked(e, "socket.write", false, null));
        table.put("jdk.FileRead", e -> jdkBlocked(e, "file.read", false, null));
        table.put("jdk.FileWrite", e -> jdkBlocked(e, "file.write", false, null));
        table.put("jdk.VirtualThreadPinned", e -> jdkBlocked(e,
                BlockerReasons.ofPinned(stringOrNull(e, "blockingOperation"), stringOrNull(e, "pinnedReason")), true,
                orDefault(stringOrNull(e, "pinnedReason"), "pinned (reason not recorded before JDK 24)"),
                BlockerReasons.initializedClass(stringOrNull(e, "pinnedReason"))));
        table.put("jdk.JVMInformation", e -> new TraceEvent.JvmDescribed(nanos(e.getStartTime()), JvmVersions.of(str(e, "jvmVersion")), 0));
        table.put("jdk.CPUInformation", e -> new TraceEvent.JvmDescribed(nanos(e.getStartTime()), null, e.getInt("hwThreads")));
    }

    private int sampleStack(RecordedEvent e) {
        return e.hasField("stackTrace") && e.getValue("stackTrace") instanceof RecordedStackTrace t ? stacks.intern(t, stackCache) : -1;
    }

    /** The event names mapped (the fast reader's table must map the same ones). */
    java.util.Set<String> names() {
        return java.util.Set.copyOf(table.keySet());
    }

    /** The factory for {@code eventName}, or null when the analysis does not use that event. */
    Function<RecordedEvent, TraceEvent> factory(String eventName) {
        return table.get(eventName);
    }

    private static ThreadRef earlyTask(RecordedEvent e) {
        return new ThreadRef(e.getLong("taskId"), str(e, "taskName"), e.getBoolean("taskVirtual"));
    }

    private TraceEvent.Blocked suspend(RecordedEvent e, ThreadRef task) {
        boolean pinned = (Boolean) e.getValue("pinned");
        long start = nanos(e.getStartTime());
        long end = nanos(e.getEndTime());
        // newer agents: carriers as ids, and the wake-up inside the Suspend (no blockscope.Unpark)
        boolean ids = e.hasField("carrierId");
        if (ids && e.hasField("readyNanos")) {
            wake = Wakeups.of(start, end, task, (Long) e.getValue("wakerId"), (Long) e.getValue("readyNanos"), wakers);
        }
        // The pin reason is read only for pinned waits: one field lookup less for most events.
        return new TraceEvent.Blocked(start, end, task,
                orOther(str(e, "reason")), pinned, pinned ? str(e, "pinReason") : null,
                ids ? carriers.ref((Long) e.getValue("carrierId")) : thread(threadAt(e, "carrier")),
                ids ? carriers.ref((Long) e.getValue("resumeCarrierId")) : thread(threadAt(e, "resumeCarrier")),
                e.hasField("stackTrace") ? stacks.intern((RecordedStackTrace) e.getValue("stackTrace"), stackCache) : -1, true,
                (Long) e.getValue("timeout"), className(e, "blockerClass"));
    }

    /**
     * The wake-up carried by the Suspend just mapped, or null; the caller delivers it before
     * that Suspend, where an older agent's blockscope.Unpark came.
     */
    TraceEvent.Unparked takeWake() {
        TraceEvent.Unparked w = wake;
        wake = null;
        return w;
    }

    /** Names the chunk's carriers in its mapped events, once the whole chunk is read. */
    void nameCarriers(java.util.List<TraceEvent> batch) {
        carriers.nameAll(batch);
    }

    /**
     * A carrier's own idle wait (blockscope.CarrierIdle): read as the carrier thread's Suspend with
     * reason carrier.idle.
     */
    static TraceEvent carrierIdle(ThreadRef carrier, long startNanos, long endNanos) {
        if (carrier == null || endNanos < startNanos) {
            return null;
        }
        return new TraceEvent.Blocked(startNanos, endNanos, carrier, "carrier.idle", false, null, null, null, -1, true, -1);
    }

    /** A carrier as a Java thread id ({@code idField}, newer agents) or a Thread ({@code threadField}, older ones). */
    private ThreadRef carrier(RecordedEvent e, String idField, String threadField) {
        return e.hasField(idField) ? carriers.ref((Long) e.getValue(idField)) : thread(threadAt(e, threadField));
    }

    private TraceEvent jdkBlocked(RecordedEvent e, String reason, boolean pinned, String pinReason) {
        return jdkBlocked(e, reason, pinned, pinReason, null);
    }

    private TraceEvent jdkBlocked(RecordedEvent e, String reason, boolean pinned, String pinReason, String blocker) {
        ThreadRef task = thread(threadAt(e, "eventThread"));
        if (task == null) {
            return null;
        }
        return new TraceEvent.Blocked(nanos(e.getStartTime()), nanos(e.getEndTime()), task, reason, pinned, pinReason,
                null, null, stacks.intern((RecordedStackTrace) e.getValue("stackTrace"), stackCache), false, -1, blocker);
    }

    private ThreadRef thread(RecordedThread t) {
        if (t == null) {
            return null;
        }
        ThreadRef ref = threads.get(t);
        if (ref == null) {
            String name = t.getJavaName();
            ref = new ThreadRef(t.getJavaThreadId(), name == null ? t.getOSName() : name, t.isVirtual());
            threads.put(t, ref);
        }
        return ref;
    }

    // RecordedObject's typed getters (getThread, getString, getStackTrace) look a field up by name
    // twice; getValue looks it up once, which matters at millions of events.
    private static RecordedThread threadAt(RecordedEvent e, String field) {
        return (RecordedThread) e.getValue(field);
    }

    private static String str(RecordedEvent e, String field) {
        return (String) e.getValue(field);
    }

    static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static String className(RecordedEvent e, String field) {
        if (!e.hasField(field)) {
            return null;
        }
        RecordedClass c = e.getClass(field);
        return c == null ? null : c.getName();
    }

    // jdk.types.ThreadState is a constant with one field, its name; the JDK hands it out as that
    // string or as an object holding it, depending on how the type was declared.
    private static String threadState(RecordedEvent e) {
        if (!e.hasField("state")) {
            return null;
        }
        Object v = e.getValue("state");
        if (v instanceof jdk.jfr.consumer.RecordedObject o) {
            return o.hasField("name") ? o.getString("name") : null;
        }
        return (String) v;
    }

    /** Epoch milliseconds (a JFR timestamp field) as epoch nanos; 0 stays 0 (not said), and an absurd value is 0 too. */
    static long epochMillis(long millis) {
        return millis <= 0 || millis > Long.MAX_VALUE / 1_000_000 ? 0 : millis * 1_000_000;
    }

    private static String stringOrNull(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getString(field) : null;
    }

    private static String orOther(String reason) {
        return reason == null || reason.isBlank() ? "other" : reason;
    }

    private static String orDefault(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
