package dev.blockscope.event;

/**
 * What the bundled runtime and the agent share at run time. When the agent is attached it loads
 * this class (with the event classes) from the bootstrap class path, so an application's copy of
 * the runtime sees the same static state.
 *
 * <p>A runtime operation that is about to block calls {@link #setReason} so the agent's probe
 * that records the underlying park uses the runtime's reason ({@code chan.recv} rather than
 * {@code park.other}); when no agent is attached the runtime records the suspension itself.
 * Either way it is recorded once.
 */
public final class TaskHints {
    private TaskHints() {}

    private static volatile boolean agentActive;
    private static final ThreadLocal<String[]> REASON = ThreadLocal.withInitial(() -> new String[1]);
    /** Set once any reason was ever set: lets {@link #reason} skip the thread-local lookup on every park. */
    private static volatile boolean reasonsUsed;

    /** Set by the agent while its probes record but its recording does not run yet; else null. */
    private static volatile Runnable recordingGate;

    /**
     * Called by the runtime before it makes one of its own events (task label, region, log):
     * while the agent's recording is still starting ({@code startup=now}), waits until it runs,
     * so the event is recorded (an event made before JFR is up would be lost). Returns at once
     * otherwise. The agent records this wait as a suspension of the task, reason {@code agent.start}.
     */
    public static void awaitRecording() {
        Runnable gate = recordingGate;
        if (gate != null) {
            gate.run();
        }
    }

    /** Called by the agent: the gate {@link #awaitRecording} runs, or null once the recording runs. */
    public static void setRecordingGate(Runnable gate) {
        recordingGate = gate;
    }

    /** True when the blockscope agent records suspensions in this JVM. */
    public static boolean agentActive() {
        return agentActive;
    }

    /** Called by the agent once its probes are installed. */
    public static void markAgentActive(boolean active) {
        agentActive = active;
    }

    /** Sets the reason for the current thread's next suspension; returns the previous one. */
    public static String setReason(String reason) {
        reasonsUsed = true;
        String[] slot = REASON.get();
        String previous = slot[0];
        slot[0] = reason;
        return previous;
    }

    /** The reason set by {@link #setReason}, or null. */
    public static String reason() {
        if (!reasonsUsed) {
            return null;
        }
        return REASON.get()[0];
    }
}
