package dev.blockscope.analyzer.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What kind of wait a reason code is: the one table of reason to family. The analysis JSON carries
 * it ({@code reasonFamilies}), so the web UI colours waits by it and never matches reason names
 * itself (its own patterns named reasons that do not exist, {@code channel} and {@code wait.group},
 * and drew channel waits as "other"); the family profiles, {@code check --max-blocked} and the
 * summarizers read it here. A reason the table does not name (one a newer agent may add) is
 * {@link #OTHER}, and is listed in the JSON's table like any other, so the page need not guess.
 *
 * <p>{@link #profile} groups families as Go's trace tool groups its blocking profiles: {@code sync}
 * (locks, monitors and hand-offs: Go's mutex and channel waits), {@code net} and {@code file}
 * (Go's syscall profile, for what blocks a Java thread in the OS); scheduler latency, Go's
 * {@code sched} profile, is the RUNNABLE time and not a family.
 */
public enum ReasonFamily {
    /** {@code Thread.sleep}. */
    SLEEP("sleep", "sleep", null),
    /** Locks and monitors, conditions, latches, semaphores: waiting for another task to release or signal. */
    LOCK("lock", "lock / monitor", "sync"),
    /** Queues, futures, joins, channels, WaitGroups: waiting for another task to hand something over. */
    HANDOFF("handoff", "hand-off", "sync"),
    /** Sockets and selectors. */
    NET("net", "network", "net"),
    /** File reads and writes. */
    FILE("file", "file", "file"),
    /** Waiting for a child process. */
    PROCESS("process", "process", "file"),
    /** A carrier thread waiting for work in its pool: idle time, not a task waiting. */
    IDLE("idle", "carrier idle", null),
    /** Waiting for the agent's recording to start: the recorder's own doing. */
    AGENT("agent", "recorder start-up", null),
    /** Yields, class initialization, unclassified parks, and any reason not in the table. */
    OTHER("other", "other", null);

    /** The reason codes of blockscope's event schema (dev.blockscope.event.Reason) and their families. */
    private static final Map<String, ReasonFamily> TABLE = table();

    private final String id;
    private final String label;
    private final String profile;

    ReasonFamily(String id, String label, String profile) {
        this.id = id;
        this.label = label;
        this.profile = profile;
    }

    private static Map<String, ReasonFamily> table() {
        Map<String, ReasonFamily> t = new LinkedHashMap<>();
        t.put("sleep", SLEEP);
        for (String r : List.of("park.lock", "park.condition", "park.latch", "park.semaphore", "monitor.enter", "monitor.wait")) {
            t.put(r, LOCK);
        }
        for (String r : List.of("park.queue", "park.future", "join", "chan.send", "chan.recv", "chan.select", "waitgroup")) {
            t.put(r, HANDOFF);
        }
        for (String r : List.of("socket.read", "socket.write", "socket.accept", "socket.connect", "selector")) {
            t.put(r, NET);
        }
        t.put("file.read", FILE);
        t.put("file.write", FILE);
        t.put("process.wait", PROCESS);
        t.put("carrier.idle", IDLE);
        t.put("agent.start", AGENT);
        for (String r : List.of("yield", "class.init", "park.other", "other")) {
            t.put(r, OTHER);
        }
        return Collections.unmodifiableMap(t);
    }

    /** The family of {@code reason}; {@link #OTHER} for null or a reason the table does not name. */
    public static ReasonFamily of(String reason) {
        ReasonFamily f = reason == null ? null : TABLE.get(reason);
        return f == null ? OTHER : f;
    }

    /** The family with JSON id {@code id}, or null. */
    public static ReasonFamily byId(String id) {
        for (ReasonFamily f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        return null;
    }

    /** Every reason code the table names, in its order. */
    public static Collection<String> knownReasons() {
        return TABLE.keySet();
    }

    /** The family's id in the JSON and on the command line ({@code lock}, {@code net}...). */
    public String id() {
        return id;
    }

    /** The family's name for people ({@code lock / monitor}). */
    public String label() {
        return label;
    }

    /** The family profile it belongs to ({@code sync}, {@code net}, {@code file}), or null. */
    public String profile() {
        return profile;
    }

    /** The family profiles, in their order: {@code sync}, {@code net}, {@code file}. */
    public static List<String> profiles() {
        List<String> out = new ArrayList<>();
        for (ReasonFamily f : values()) {
            if (f.profile != null && !out.contains(f.profile)) {
                out.add(f.profile);
            }
        }
        return out;
    }

    /**
     * The family id of every reason the table names, in its order, then of every other reason in
     * {@code seen} (those are {@code other}): the JSON's {@code reasonFamilies.reasons}.
     */
    public static Map<String, String> ids(Collection<String> seen) {
        Map<String, String> reasons = new LinkedHashMap<>();
        TABLE.forEach((r, f) -> reasons.put(r, f.id));
        for (String r : new TreeSet<>(seen)) {
            reasons.putIfAbsent(r, of(r).id);
        }
        return reasons;
    }
}
