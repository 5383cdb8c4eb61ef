package dev.blockscope.event;

/**
 * The reason codes carried by {@link SuspendEvent#reason}. They are plain strings in the
 * recording (JFR has no enum fields), lowercase, dot-separated from general to specific, and
 * part of the versioned event schema: add codes, never rename them.
 */
public final class Reason {
    private Reason() {}

    public static final String SLEEP = "sleep";
    public static final String PARK_LOCK = "park.lock";
    public static final String PARK_CONDITION = "park.condition";
    public static final String PARK_QUEUE = "park.queue";
    public static final String PARK_LATCH = "park.latch";
    public static final String PARK_FUTURE = "park.future";
    public static final String PARK_SEMAPHORE = "park.semaphore";
    public static final String PARK_OTHER = "park.other";
    public static final String MONITOR_ENTER = "monitor.enter";
    public static final String MONITOR_WAIT = "monitor.wait";
    public static final String JOIN = "join";
    public static final String SOCKET_READ = "socket.read";
    public static final String SOCKET_WRITE = "socket.write";
    public static final String SOCKET_ACCEPT = "socket.accept";
    public static final String SOCKET_CONNECT = "socket.connect";
    public static final String FILE_READ = "file.read";
    public static final String FILE_WRITE = "file.write";
    public static final String SELECTOR = "selector";
    public static final String PROCESS_WAIT = "process.wait";
    public static final String CHAN_SEND = "chan.send";
    public static final String CHAN_RECV = "chan.recv";
    public static final String CHAN_SELECT = "chan.select";
    public static final String WAITGROUP = "waitgroup";
    public static final String CLASS_INIT = "class.init";
    public static final String YIELD = "yield";
    /**
     * A carrier thread of the virtual-thread scheduler waiting for work (no virtual thread
     * mounted): its own idle time in the pool, recorded on the carrier thread itself.
     */
    public static final String CARRIER_IDLE = "carrier.idle";
    /**
     * The task waited for the agent's recording to start ({@code startup=now}): it made one of the
     * runtime's own events, or the JVM began to exit, before JFR was up. The agent's doing, shown
     * rather than hidden as running time.
     */
    public static final String AGENT_START = "agent.start";
    public static final String OTHER = "other";

    /** Every code above, in a stable order (used by tests and by the analyzer's tables). */
    public static final java.util.List<String> ALL = java.util.List.of(
            SLEEP, PARK_LOCK, PARK_CONDITION, PARK_QUEUE, PARK_LATCH, PARK_FUTURE, PARK_SEMAPHORE,
            PARK_OTHER, MONITOR_ENTER, MONITOR_WAIT, JOIN, SOCKET_READ, SOCKET_WRITE, SOCKET_ACCEPT,
            SOCKET_CONNECT, FILE_READ, FILE_WRITE, SELECTOR, PROCESS_WAIT, CHAN_SEND, CHAN_RECV,
            CHAN_SELECT, WAITGROUP, CLASS_INIT, YIELD, CARRIER_IDLE, AGENT_START, OTHER);
}
