package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * Interns stacks: each distinct stack gets a small index, so memory grows with distinct stacks,
 * not with events. Frames are "pkg.Class.method:line", top frame first, at most {@link #MAX_DEPTH}.
 */
public final class StackTable {
    /** Frames kept per stack; deeper frames add little to a blocking profile and cost memory. */
    public static final int MAX_DEPTH = 48;
    private static final String AGENT_PACKAGE = "dev.blockscope.agent.";

    private final Map<List<String>, Integer> index = new HashMap<>();
    private final List<List<String>> stacks = new ArrayList<>();
    /**
     * Index of {@code trace}, or {@link TraceEvent#NO_STACK} when the event has none. {@code chunkCache} belongs to the
     * caller's chunk: the JDK resolves one RecordedStackTrace per constant-pool entry and chunk,
     * so within a chunk the same object comes back for the same stack, and frames are built once.
     */
    public int intern(RecordedStackTrace trace, Map<RecordedStackTrace, Integer> chunkCache) {
        if (trace == null) {
            return TraceEvent.NO_STACK;
        }
        Integer cached = chunkCache.get(trace);
        if (cached != null) {
            return cached;
        }
        Frames names = new Frames();
        for (RecordedFrame frame : trace.getFrames()) {
            if (names.full()) {
                break;
            }
            RecordedMethod method = frame.getMethod();
            String type = method == null || method.getType() == null ? "?" : method.getType().getName();
            names.add(type, method == null ? "?" : method.getName(), frame.getLineNumber());
        }
        int id = intern(List.copyOf(names.names));
        chunkCache.put(trace, id);
        return id;
    }

    /**
     * One stack's frame names as this table keeps them, whichever reader decoded the frames: top
     * first, the agent's own frames above the blocking call dropped, at most {@link #MAX_DEPTH}.
     */
    static final class Frames {
        final List<String> names = new ArrayList<>();

        boolean full() {
            return names.size() == MAX_DEPTH;
        }

        void add(String type, String method, int line) {
            add(line > 0 ? type + "." + method + ":" + line : type + "." + method);
        }

        /** A frame already named "pkg.Class.method:line". */
        void add(String frame) {
            if (names.isEmpty() && frame.startsWith(AGENT_PACKAGE)) {
                return; // the agent's own frames above the blocking call say nothing about the application
            }
            names.add(frame);
        }
    }

    /**
     * Index of a stack given as text, one frame per line, top first, as the agent writes the
     * stacks it takes before its recording runs (blockscope.EarlySuspend {@code stackFrames});
     * {@link TraceEvent#NO_STACK} for null or empty.
     */
    public int internText(String text) {
        if (text == null || text.isEmpty()) {
            return TraceEvent.NO_STACK;
        }
        Frames names = new Frames();
        for (String frame : text.split("\n")) {
            if (names.full()) {
                break;
            }
            names.add(frame);
        }
        return names.names.isEmpty() ? TraceEvent.NO_STACK : intern(List.copyOf(names.names));
    }

    /** Index of the stack with these frames (top first). Chunks are read in parallel, hence synchronized. */
    public synchronized int intern(List<String> frames) {
        return index.computeIfAbsent(frames, f -> {
            stacks.add(f);
            return stacks.size() - 1;
        });
    }

    /** Frames of stack {@code id}. */
    public synchronized List<String> frames(int id) {
        return stacks.get(id);
    }

    /** Number of stacks interned. */
    public synchronized int size() {
        return stacks.size();
    }

    /** All stacks, by index. */
    public synchronized List<List<String>> all() {
        return List.copyOf(stacks);
    }
}
