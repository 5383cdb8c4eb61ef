package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.event.TraceEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fast reader's table from JFR event name to the fields it reads and the factory that maps
 * them to a {@link TraceEvent}: the same mapping as {@link EventMapper}, field for field (the
 * differential test holds the two to it). The first two fields of every entry are startTime and
 * duration; a field the event type lacks reads as absent (null, false, 0).
 */
final class FastEventMapper {
    /** Builds one record from the decoded fields of one event. */
    @FunctionalInterface
    interface Factory {
        TraceEvent map(Values v);
    }

    /** The fields an event type needs, by slot, and its factory. */
    record Spec(String[] fields, Factory factory) {}

    private static final Map<String, Spec> TABLE = new HashMap<>();

    /** The fields of blockscope.Suspend (slots 2 to 14); EarlySuspend adds its task's after them. */
    private static final String[] SUSPEND_FIELDS = {"eventThread", "reason", "pinned", "pinReason", "carrier", "resumeCarrier",
        "stackTrace", "timeout", "blockerClass", "carrierId", "resumeCarrierId", "wakerId", "readyNanos"};

    /** Slots per event at most (blockscope.EarlySuspend has the most: 18). */
    static final int MAX_SLOTS = 24;

    private static void put(String name, Factory f, String... fields) {
        if (fields.length + 2 > MAX_SLOTS) {
            throw new IllegalArgumentException(name + ": more fields than slots");
        }
        String[] all = new String[fields.length + 2];
        all[0] = "startTime";
        all[1] = "duration";
        System.arraycopy(fields, 0, all, 2, fields.length);
        TABLE.put(name, new Spec(all, f));
    }

    // Slots: 0 startTime, 1 duration, then the listed fields from 2 on.
    static {
        put("blockscope.TaskStart", v -> new TraceEvent.TaskStarted(v.start(), v.thread(2), v.lng(3), v.carrier(5, 4), true),
                "eventThread", "parentId", "carrier", "carrierId");
        // agents from 0.2 on: a duration event of the carrier itself; before: JFR's thread, the carrier in fields
        put("blockscope.CarrierIdle", v -> v.present[2] ? EventMapper.carrierIdle(v.thread(2), v.lng(3), v.lng(4))
                : EventMapper.carrierIdle(v.thread(5), v.start(), v.end()), "carrier", "startNanos", "endNanos", "eventThread");
        put("blockscope.Carrier", v -> {
            v.carriers.name(v.thread(2));
            return null;
        }, "carrier");
        put("blockscope.TaskEnd", v -> new TraceEvent.TaskEnded(v.start(), v.thread(2), true, v.present[3] ? v.lng(3) : 0),
                "eventThread", "endedAfterNanos");
        put("blockscope.TaskLabel", v -> new TraceEvent.TaskLabeled(v.start(), v.thread(2), v.string(3), v.string(4)),
                "eventThread", "taskName", "group");
        put("blockscope.Suspend", v -> suspend(v, v.thread(2)), SUSPEND_FIELDS);
        // measured before the agent's recording ran, committed by the agent's thread: the task is in fields
        put("blockscope.EarlySuspend", v -> suspend(v, new ThreadRef(v.lng(15), v.string(16), v.bool(17))).withStack(v.stackText(18)),
                with(SUSPEND_FIELDS, "taskId", "taskName", "taskVirtual", "stackFrames"));
        // the agent's copy of a Suspend with a stack, in the chunks it cuts for live listeners: the same fields
        put("blockscope.LiveSuspend", v -> suspend(v, new ThreadRef(v.lng(15), v.string(16), v.bool(17))).withStack(v.stackText(18)),
                with(SUSPEND_FIELDS, "taskId", "taskName", "taskVirtual", "stackFrames"));
        put("blockscope.EarlyTaskStart", v -> new TraceEvent.TaskStarted(v.start(), new ThreadRef(v.lng(2), v.string(3), v.bool(4)),
                v.lng(5), v.carrier(6, 7), true), "taskId", "taskName", "taskVirtual", "parentId", "carrierId", "carrier");
        put("blockscope.EarlyTaskEnd", v -> new TraceEvent.TaskEnded(v.start(), new ThreadRef(v.lng(2), v.string(3), v.bool(4)), true),
                "taskId", "taskName", "taskVirtual");
        put("blockscope.Unpark", v -> new TraceEvent.Unparked(v.start(), v.thread(2), v.lng(3)), "eventThread", "targetId");
        put("blockscope.SchedulerState", v -> new TraceEvent.SchedulerSampled(v.start(), (int) v.lng(2), (int) v.lng(3),
                (int) v.lng(4), v.lng(5)), "parallelism", "poolSize", "active", "queued");
        put("blockscope.ThreadContextSwitches", v -> new TraceEvent.ContextSwitchesSampled(v.start(), v.lng(2), v.string(3),
                v.lng(4), v.lng(5)), "osThreadId", "osThreadName", "voluntary", "involuntary");
        put("blockscope.AgentStats", v -> new TraceEvent.AgentStatsSampled(v.start(), v.lng(2), v.lng(3), v.lng(4), v.lng(5),
                v.lng(6), v.lng(7), v.lng(8), v.lng(9), v.lng(10), EventMapper.epochMillis(v.lng(11)), v.lng(12), v.lng(13),
                EventMapper.epochMillis(v.lng(14)), v.string(15)),
                "suspends", "unparks", "taskEvents", "belowThreshold", "stacks", "errors", "startupNanos", "bytes", "dropped",
                "recordingSince", "chunksDropped", "bytesDropped", "droppedUntil", "stopReason");
        put("blockscope.TaskSnapshot", v -> new TraceEvent.WaitingAtStart(v.start(), new ThreadRef(v.lng(2), v.string(3), v.bool(4)),
                v.string(5), v.string(6), v.string(7)), "taskId", "taskName", "taskVirtual", "state", "reason", "blockerClass");
        put("blockscope.ProbeStatus", v -> new TraceEvent.ProbeReported(v.start(), v.string(2), v.bool(3), v.string(4)),
                "probe", "live", "detail");

        put("blockscope.Region", v -> new TraceEvent.RegionRecorded(v.start(), v.end(), v.thread(2), v.string(3), v.lng(4)),
                "eventThread", "regionName", "runtimeTaskId");
        put("blockscope.Log", v -> new TraceEvent.LogRecorded(v.start(), v.thread(2), v.string(3), v.string(4), v.lng(5)),
                "eventThread", "category", "message", "runtimeTaskId");
        // the flight recorder's reason for a dump: a log of the task whose wait fired it, so the UI marks it on its lane
        put("blockscope.FlightTrigger", v -> new TraceEvent.LogRecorded(v.start(), v.lng(2) == 0 ? v.thread(7)
                : new ThreadRef(v.lng(2), v.string(3), v.bool(4)), EventMapper.FLIGHT_TRIGGER, v.string(5) + ": " + v.string(6), 0),
                "taskId", "taskName", "taskVirtual", "trigger", "detail", "eventThread");

        put("blockscope.OpenSuspend", v -> {
            boolean pinned = v.bool(5);
            return new TraceEvent.WaitOpen(v.start(), new ThreadRef(v.lng(2), null, v.bool(3)), orOther(v.string(4)), pinned,
                    pinned ? v.string(6) : null, v.carrier(9, 7), v.lng(8));
        }, "taskId", "taskVirtual", "reason", "pinned", "pinReason", "carrier", "startNanos", "carrierId");
        put("jdk.ExecutionSample", v -> new TraceEvent.ThreadSampled(v.start(), v.thread(2), "jdk.ExecutionSample", v.threadState(3), 1,
                v.stack(4)), "sampledThread", "state", "stackTrace");
        put("profiler.WallClockSample", v -> new TraceEvent.ThreadSampled(v.start(), v.thread(2), "profiler.WallClockSample",
                v.threadState(3), v.present[4] ? (int) v.lng(4) : 1, v.stack(5)), "sampledThread", "state", "samples", "stackTrace");
        put("jdk.ActiveSetting", v -> ProfilerSettings.of(v.start(), v.string(2), v.string(3)), "name", "value");
        put("jdk.ThreadContextSwitchRate", v -> new TraceEvent.OsSwitchRateSampled(v.start(), v.flt(2)), "switchRate");

        put("jdk.ThreadStart", v -> new TraceEvent.TaskStarted(v.start(), v.thread(2), ThreadRef.idOf(v.thread(3)), null, false),
                "thread", "parentThread");
        put("jdk.ThreadEnd", v -> new TraceEvent.TaskEnded(v.start(), v.thread(2), false), "thread");
        put("jdk.VirtualThreadStart", v -> new TraceEvent.TaskStarted(v.start(), v.thread(2), ThreadRef.NONE, null, false), "eventThread");
        put("jdk.VirtualThreadEnd", v -> new TraceEvent.TaskEnded(v.start(), v.thread(2), false), "eventThread");
        put("jdk.ThreadSleep", v -> jdkBlocked(v, "sleep", false, null), "eventThread", "stackTrace");
        put("jdk.ThreadPark", v -> jdkBlocked(v, BlockerReasons.ofParkBlocker(v.className(4)), false, null, v.className(4)),
                "eventThread", "stackTrace", "parkedClass");
        put("jdk.JavaMonitorEnter", v -> jdkBlocked(v, "monitor.enter", false, null, v.className(4)), "eventThread", "stackTrace",
                "monitorClass");
        put("jdk.JavaMonitorWait", v -> {
            String monitor = v.className(4);
            String reason = BlockerReasons.ofMonitorWait(monitor);
            return jdkBlocked(v, reason, false, null, reason.equals("class.init") ? null : monitor);
        }, "eventThread", "stackTrace", "monitorClass");
        put("jdk.SocketRead", v -> jdkBlocked(v, "socket.read", false, null), "eventThread", "stackTrace");
        put("jdk.SocketWrite", v -> jdkBlocked(v, "socket.write", false, null), "eventThread", "stackTrace");
        put("jdk.FileRead", v -> jdkBlocked(v, "file.read", false, null), "eventThread", "stackTrace");
        put("jdk.FileWrite", v -> jdkBlocked(v, "file.write", false, null), "eventThread", "stackTrace");
        put("jdk.VirtualThreadPinned", v -> jdkBlocked(v, BlockerReasons.ofPinned(v.string(4), v.string(5)), true,
                orDefault(v.string(5), "pinned (reason not recorded before JDK 24)"), BlockerReasons.initializedClass(v.string(5))),
                "eventThread", "stackTrace", "blockingOperation", "pinnedReason");
        put("jdk.JVMInformation", v -> new TraceEvent.JvmDescribed(v.start(), JvmVersions.of(v.string(2)), 0), "jvmVersion");
        put("jdk.CPUInformation", v -> new TraceEvent.JvmDescribed(v.start(), null, (int) v.lng(2)), "hwThreads");
    }

    private FastEventMapper() {}

    private static String[] with(String[] fields, String... more) {
        String[] all = java.util.Arrays.copyOf(fields, fields.length + more.length);
        System.arraycopy(more, 0, all, fields.length, more.length);
        return all;
    }

    /** A blockscope.Suspend or EarlySuspend of {@code task}, by the slots of {@link #SUSPEND_FIELDS}. */
    private static TraceEvent.Blocked suspend(Values v, ThreadRef task) {
        boolean pinned = v.bool(4);
        long start = v.start();
        long end = v.end();
        // newer agents: carriers as ids, and the wake-up inside the Suspend (no blockscope.Unpark)
        if (v.present[11] && v.present[14]) {
            v.wake = Wakeups.of(start, end, task, v.lng(13), v.lng(14), v.wakers);
        }
        return new TraceEvent.Blocked(start, end, task, orOther(v.string(3)), pinned, pinned ? v.string(5) : null,
                v.carrier(11, 6), v.carrier(12, 7), v.stack(8), true, v.lng(9), v.className(10));
    }

    /** The spec for {@code eventName}, or null when the analysis does not use that event. */
    static Spec spec(String eventName) {
        return TABLE.get(eventName);
    }

    /** The event names mapped. */
    static Set<String> names() {
        return Set.copyOf(TABLE.keySet());
    }

    private static TraceEvent jdkBlocked(Values v, String reason, boolean pinned, String pinReason) {
        return jdkBlocked(v, reason, pinned, pinReason, null);
    }

    private static TraceEvent jdkBlocked(Values v, String reason, boolean pinned, String pinReason, String blocker) {
        ThreadRef task = v.thread(2);
        if (task == null) {
            return null;
        }
        return new TraceEvent.Blocked(v.start(), v.end(), task, reason, pinned, pinReason, null, null, v.stack(3), false, -1,
                blocker);
    }

    private static String orOther(String reason) {
        return reason == null || reason.isBlank() ? "other" : reason;
    }

    private static String orDefault(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }

    /**
     * The decoded fields of the event being read, by slot: numbers, booleans and constant-pool
     * keys in {@code longs}, inline strings in {@code strings}; references resolve through the
     * chunk's {@link ChunkObjects}. One instance per chunk, reused for every event.
     */
    static final class Values {
        final long[] longs = new long[MAX_SLOTS];
        final String[] strings = new String[MAX_SLOTS];
        final boolean[] present = new boolean[MAX_SLOTS];
        final ConstantPools pools;
        /** The chunk's carriers by id (newer agents' carrierId fields, named by blockscope.Carrier). */
        final CarrierRefs carriers = new CarrierRefs();
        /** The chunk's wakers by id (the tasks named by Suspends' wakerId). */
        final java.util.Map<Long, ThreadRef> wakers = new java.util.HashMap<>();
        /** A wake-up read from the Suspend just mapped, delivered before it (see FastChunkReader). */
        TraceEvent.Unparked wake;
        private final ChunkObjects objects;
        private final ChunkClock clock;

        Values(ChunkObjects objects, ConstantPools pools, ChunkClock clock) {
            this.objects = objects;
            this.pools = pools;
            this.clock = clock;
        }

        long start() {
            return clock.nanos(longs[0]);
        }

        long end() {
            return clock.nanos(longs[0] + (present[1] ? longs[1] : 0));
        }

        long lng(int slot) {
            return present[slot] ? longs[slot] : 0;
        }

        boolean bool(int slot) {
            return present[slot] && longs[slot] != 0;
        }

        String string(int slot) {
            return present[slot] ? strings[slot] : null;
        }

        /** A float field, read as its raw bits. */
        double flt(int slot) {
            return present[slot] ? Float.intBitsToFloat((int) longs[slot]) : 0;
        }

        /** The name of the jdk.types.ThreadState constant in {@code slot}, or null. */
        String threadState(int slot) {
            return present[slot] ? objects.threadState(longs[slot]) : null;
        }

        ThreadRef thread(int slot) {
            return present[slot] ? objects.thread(longs[slot]) : null;
        }

        /** A carrier: the id in {@code idSlot} (newer agents) or else the Thread in {@code threadSlot}. */
        ThreadRef carrier(int idSlot, int threadSlot) {
            return present[idSlot] ? carriers.ref(longs[idSlot]) : thread(threadSlot);
        }

        int stack(int slot) {
            return present[slot] ? objects.stack(longs[slot]) : -1;
        }

        int stackText(int slot) {
            return objects.stackText(string(slot));
        }

        String className(int slot) {
            return present[slot] ? objects.className(longs[slot]) : null;
        }
    }
}
