package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one table from JFR event name to the fields the analysis reads and the factory that maps
 * them to a {@link TraceEvent}. Both readers use it: the fast reader decodes the listed fields
 * into slots ({@link DecodedFields}), the JDK's reader looks them up by name
 * ({@link RecordedFields}). Events not in the table are counted but not used.
 *
 * <p>Slots: 0 is {@code startTime}, 1 {@code duration}, then the listed fields from 2 on.
 */
final class EventTable {
    /** Builds one record from the fields of one event; null when the event says nothing usable. */
    @FunctionalInterface
    interface Factory {
        TraceEvent map(EventFields v);
    }

    /**
     * The fields an event type needs, by slot, its factory, and {@code before}: a second record the
     * same event carries, delivered before it (a Suspend's wake-up, where an older agent wrote a
     * blockscope.Unpark), or null.
     */
    record Spec(String[] fields, Factory factory, Factory before) {
        /** The records of one event, in delivery order, into {@code out}. */
        void map(EventFields v, List<TraceEvent> out) {
            if (before != null) {
                TraceEvent b = before.map(v);
                if (b != null) {
                    out.add(b);
                }
            }
            TraceEvent e = factory.map(v);
            if (e != null) {
                out.add(e);
            }
        }
    }

    /** The log category a flight recorder's trigger ({@code blockscope.FlightTrigger}) is read as. */
    static final String FLIGHT_TRIGGER = "blockscope.flight-trigger";

    /**
     * The lowest type id of the events blockscope's agent writes in its own chunks. The JDK numbers
     * its types from 1 up (JDK 25's recordings end near 2,100); the agent's lie far above, so an
     * event type at or above this one is the agent's.
     */
    static final long AGENT_TYPE_IDS = 0x1F_FF00L;

    /** Slots per event at most (blockscope.EarlySuspend has the most: 19). */
    static final int MAX_SLOTS = 24;

    private static final Map<String, Spec> TABLE = new HashMap<>();

    /** The fields of blockscope.Suspend (slots 2 to 14); EarlySuspend and LiveSuspend add their task's after them. */
    private static final String[] SUSPEND_FIELDS = {"eventThread", "reason", "pinned", "pinReason", "carrier", "resumeCarrier",
        "stackTrace", "timeout", "blockerClass", "carrierId", "resumeCarrierId", "wakerId", "readyNanos"};

    private static void put(String name, Factory f, String... fields) {
        put(name, f, null, fields);
    }

    private static void put(String name, Factory f, Factory before, String... fields) {
        if (fields.length + 2 > MAX_SLOTS) {
            throw new IllegalArgumentException(name + ": more fields than slots");
        }
        String[] all = new String[fields.length + 2];
        all[0] = "startTime";
        all[1] = "duration";
        System.arraycopy(fields, 0, all, 2, fields.length);
        TABLE.put(name, new Spec(all, f, before));
    }

    static {
        put("blockscope.TaskStart", v -> new TraceEvent.TaskStarted(v.start(), v.thread(2), v.lng(3), v.carrier(5, 4), true),
                "eventThread", "parentId", "carrier", "carrierId");
        // agents from 0.2 on: a duration event of the carrier itself; before: JFR's thread, the carrier in fields
        put("blockscope.CarrierIdle", v -> v.present(2) ? carrierIdle(v.thread(2), v.epoch(3), v.epoch(4))
                : carrierIdle(v.thread(5), v.start(), v.end()), "carrier", "startNanos", "endNanos", "eventThread");
        put("blockscope.Carrier", v -> {
            v.carriers().name(v.thread(2));
            return null;
        }, "carrier");
        put("blockscope.TaskEnd", v -> new TraceEvent.TaskEnded(v.start(), v.thread(2), true, v.epoch(3)),
                "eventThread", "endedAfterNanos");
        put("blockscope.TaskLabel", v -> new TraceEvent.TaskLabeled(v.start(), v.thread(2), v.string(3), v.string(4)),
                "eventThread", "taskName", "group");
        put("blockscope.Suspend", v -> suspend(v, v.thread(2)), v -> wake(v, v.thread(2)), SUSPEND_FIELDS);
        // measured before the agent's recording ran, committed by the agent's thread: the task is in
        // fields, and the stack is a text field, not JFR's stackTrace
        put("blockscope.EarlySuspend", v -> suspend(v, taskInFields(v, 15)).withStack(v.stackText(18)),
                v -> wake(v, taskInFields(v, 15)), with(SUSPEND_FIELDS, "taskId", "taskName", "taskVirtual", "stackFrames"));
        // the agent's copy of a Suspend with a stack, in the chunks it cuts for live listeners: the same fields
        put("blockscope.LiveSuspend", v -> suspend(v, taskInFields(v, 15)).withStack(v.stackText(18)),
                v -> wake(v, taskInFields(v, 15)), with(SUSPEND_FIELDS, "taskId", "taskName", "taskVirtual", "stackFrames"));
        put("blockscope.EarlyTaskStart", v -> new TraceEvent.TaskStarted(v.start(), taskInFields(v, 2), v.lng(5), v.carrier(6, 7), true),
                "taskId", "taskName", "taskVirtual", "parentId", "carrierId", "carrier");
        put("blockscope.EarlyTaskEnd", v -> new TraceEvent.TaskEnded(v.start(), taskInFields(v, 2), true),
                "taskId", "taskName", "taskVirtual");
        put("blockscope.Unpark", v -> new TraceEvent.Unparked(v.start(), v.thread(2), v.lng(3)), "eventThread", "targetId");
        put("blockscope.SchedulerState", v -> new TraceEvent.SchedulerSampled(v.start(), (int) v.lng(2), (int) v.lng(3),
                (int) v.lng(4), v.lng(5)), "parallelism", "poolSize", "active", "queued");
        put("blockscope.ThreadContextSwitches", v -> new TraceEvent.ContextSwitchesSampled(v.start(), v.lng(2), v.string(3),
                v.lng(4), v.lng(5)), "osThreadId", "osThreadName", "voluntary", "involuntary");
        put("blockscope.AgentStats", v -> new TraceEvent.AgentStatsSampled(v.start(), v.lng(2), v.lng(3), v.lng(4), v.lng(5),
                v.lng(6), v.lng(7), v.lng(8), v.lng(9), v.lng(10), epochMillis(v.lng(11)), v.lng(12), v.lng(13),
                epochMillis(v.lng(14)), v.string(15)),
                "suspends", "unparks", "taskEvents", "belowThreshold", "stacks", "errors", "startupNanos", "bytes", "dropped",
                "recordingSince", "chunksDropped", "bytesDropped", "droppedUntil", "stopReason");
        put("blockscope.TaskSnapshot", v -> new TraceEvent.WaitingAtStart(v.start(), taskInFields(v, 2),
                v.string(5), v.string(6), v.string(7)), "taskId", "taskName", "taskVirtual", "state", "reason", "blockerClass");
        put("blockscope.ProbeStatus", v -> new TraceEvent.ProbeReported(v.start(), v.string(2), v.bool(3), v.string(4)),
                "probe", "live", "detail");

        put("blockscope.Region", v -> new TraceEvent.RegionRecorded(v.start(), v.end(), v.thread(2), v.string(3), v.lng(4)),
                "eventThread", "regionName", "runtimeTaskId");
        put("blockscope.Log", v -> new TraceEvent.LogRecorded(v.start(), v.thread(2), v.string(3), v.string(4), v.lng(5)),
                "eventThread", "category", "message", "runtimeTaskId");
        // the flight recorder's reason for a dump: a log of the task whose wait fired it, so the UI marks it on its lane
        put("blockscope.FlightTrigger", v -> new TraceEvent.LogRecorded(v.start(), v.lng(2) == 0 ? v.thread(7) : taskInFields(v, 2),
                FLIGHT_TRIGGER, v.string(5) + ": " + v.string(6), 0),
                "taskId", "taskName", "taskVirtual", "trigger", "detail", "eventThread");

        put("blockscope.OpenSuspend", v -> {
            boolean pinned = v.bool(5);
            return new TraceEvent.WaitOpen(v.start(), new ThreadRef(v.lng(2), null, v.bool(3)), orOther(v.string(4)), pinned,
                    pinned ? v.string(6) : null, v.carrier(9, 7), v.epoch(8));
        }, "taskId", "taskVirtual", "reason", "pinned", "pinReason", "carrier", "startNanos", "carrierId");
        put("jdk.ExecutionSample", v -> new TraceEvent.ThreadSampled(v.start(), v.thread(2), "jdk.ExecutionSample", v.threadState(3), 1,
                v.stack(4)), "sampledThread", "state", "stackTrace");
        put("profiler.WallClockSample", v -> new TraceEvent.ThreadSampled(v.start(), v.thread(2), "profiler.WallClockSample",
                v.threadState(3), v.present(4) ? (int) v.lng(4) : 1, v.stack(5)), "sampledThread", "state", "samples", "stackTrace");
        put("jdk.ActiveSetting", v -> ProfilerSettings.of(v.start(), v.string(2), v.string(3)), "name", "value");
        put("jdk.ThreadContextSwitchRate", v -> new TraceEvent.OsSwitchRateSampled(v.start(), v.flt(2)), "switchRate");

        put("jdk.ThreadStart", v -> new TraceEvent.TaskStarted(v.start(), v.thread(2), ThreadRef.idOf(v.thread(3)), null, false),
                "thread", "parentThread");
        put("jdk.ThreadEnd", v -> new TraceEvent.TaskEnded(v.start(), v.thread(2), false), "thread");
        put("jdk.VirtualThreadStart", v -> new TraceEvent.TaskStarted(v.start(), v.thread(2), ThreadRef.NONE, null, false), "eventThread");
        put("jdk.VirtualThreadEnd", v -> new TraceEvent.TaskEnded(v.start(), v.thread(2), false), "eventThread");
        put("jdk.ThreadSleep", v -> jdkBlocked(v, "sleep", false, null, null), "eventThread", "stackTrace");
        put("jdk.ThreadPark", v -> jdkBlocked(v, BlockerReasons.ofParkBlocker(v.className(4)), false, null, v.className(4)),
                "eventThread", "stackTrace", "parkedClass");
        put("jdk.JavaMonitorEnter", v -> jdkBlocked(v, "monitor.enter", false, null, v.className(4)), "eventThread", "stackTrace",
                "monitorClass");
        put("jdk.JavaMonitorWait", v -> {
            String monitor = v.className(4);
            String reason = BlockerReasons.ofMonitorWait(monitor);
            return jdkBlocked(v, reason, false, null, reason.equals("class.init") ? null : monitor);
        }, "eventThread", "stackTrace", "monitorClass");
        put("jdk.SocketRead", v -> jdkBlocked(v, "socket.read", false, null, null), "eventThread", "stackTrace");
        put("jdk.SocketWrite", v -> jdkBlocked(v, "socket.write", false, null, null), "eventThread", "stackTrace");
        put("jdk.FileRead", v -> jdkBlocked(v, "file.read", false, null, null), "eventThread", "stackTrace");
        put("jdk.FileWrite", v -> jdkBlocked(v, "file.write", false, null, null), "eventThread", "stackTrace");
        put("jdk.VirtualThreadPinned", v -> jdkBlocked(v, BlockerReasons.ofPinned(v.string(4), v.string(5)), true,
                orDefault(v.string(5), "pinned (reason not recorded before JDK 24)"), BlockerReasons.initializedClass(v.string(5))),
                "eventThread", "stackTrace", "blockingOperation", "pinnedReason");
        put("jdk.ThreadCPULoad", v -> v.thread(2) == null ? null : new TraceEvent.ThreadSeen(v.start(), v.thread(2)), "eventThread");
        put("jdk.JVMInformation", v -> new TraceEvent.JvmDescribed(v.start(), JvmVersions.of(v.string(2)), 0), "jvmVersion");
        put("jdk.CPUInformation", v -> new TraceEvent.JvmDescribed(v.start(), null, (int) v.lng(2)), "hwThreads");
    }

    private EventTable() {}

    /** The spec for {@code eventName}, or null when the analysis does not use that event. */
    static Spec spec(String eventName) {
        return TABLE.get(eventName);
    }

    /** The event names mapped. */
    static Set<String> names() {
        return Set.copyOf(TABLE.keySet());
    }

    private static String[] with(String[] fields, String... more) {
        String[] all = Arrays.copyOf(fields, fields.length + more.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        return all;
    }

    /** A task named by three fields from {@code slot} on: its id, name and whether it is virtual. */
    private static ThreadRef taskInFields(EventFields v, int slot) {
        return new ThreadRef(v.lng(slot), v.string(slot + 1), v.bool(slot + 2));
    }

    /** A blockscope.Suspend (or its Early and Live copies) of {@code task}, by the slots of {@link #SUSPEND_FIELDS}. */
    private static TraceEvent.Blocked suspend(EventFields v, ThreadRef task) {
        boolean pinned = v.bool(4);
        // newer agents: carriers as ids; older ones: Thread fields. The pin reason is read only for pinned waits.
        return new TraceEvent.Blocked(v.start(), v.end(), task, orOther(v.string(3)), pinned, pinned ? v.string(5) : null,
                v.carrier(11, 6), v.carrier(12, 7), v.stack(8), true, v.lng(9), v.className(10));
    }

    /** The wake-up that ended a Suspend, which newer agents write into it (no blockscope.Unpark), or null. */
    private static TraceEvent.Unparked wake(EventFields v, ThreadRef task) {
        if (!v.present(11) || !v.present(14)) {
            return null;
        }
        return Wakeups.of(v.start(), v.end(), task, v.lng(13), v.lng(14), v.wakers());
    }

    /**
     * A carrier's own idle wait (blockscope.CarrierIdle): read as the carrier thread's Suspend with
     * reason carrier.idle.
     */
    private static TraceEvent carrierIdle(ThreadRef carrier, long startNanos, long endNanos) {
        if (carrier == null || endNanos < startNanos) {
            return null;
        }
        return new TraceEvent.Blocked(startNanos, endNanos, carrier, "carrier.idle", false, null, null, null,
                TraceEvent.NO_STACK, true, TraceEvent.Blocked.NO_TIMEOUT);
    }

    private static TraceEvent jdkBlocked(EventFields v, String reason, boolean pinned, String pinReason, String blocker) {
        ThreadRef task = v.thread(2);
        if (task == null) {
            return null;
        }
        return new TraceEvent.Blocked(v.start(), v.end(), task, reason, pinned, pinReason, null, null, v.stack(3), false,
                TraceEvent.Blocked.NO_TIMEOUT, blocker);
    }

    /** Epoch milliseconds (a JFR timestamp field) as epoch nanos; 0 stays 0 (not said), and an absurd value is 0 too. */
    static long epochMillis(long millis) {
        return millis <= 0 || millis > Long.MAX_VALUE / 1_000_000 ? 0 : millis * 1_000_000;
    }

    private static String orOther(String reason) {
        return reason == null || reason.isBlank() ? "other" : reason;
    }

    private static String orDefault(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
