package dev.blockscope.runtime;

import dev.blockscope.event.LogEvent;
import dev.blockscope.event.TaskHints;
import dev.blockscope.event.RegionEvent;

/**
 * User annotations in the spirit of Go's {@code runtime/trace}: regions (named intervals of a
 * task) and log messages, recorded as {@code blockscope.Region} and {@code blockscope.Log} with
 * the calling thread's runtime task id (0 outside a runtime task). Tasks themselves are
 * {@link Task#go} and {@link Task#adopt}. Annotations are always recorded by the runtime, with or
 * without the agent, and cost next to nothing when no recording enables them.
 *
 * <pre>{@code
 * try (var r = Trace.region("parse")) {
 *     parse(input);
 * }
 * Trace.log("cache", "miss for " + key);
 * }</pre>
 */
public final class Trace {
    private Trace() {}

    /** An open region; closing it records it. Close it on the thread that opened it. */
    public static final class Region implements AutoCloseable {
        private final RegionEvent event;

        private Region(String name) {
            TaskHints.awaitRecording();
            event = new RegionEvent();
            event.regionName = name;
            event.runtimeTaskId = Task.currentId();
            event.begin();
        }

        @Override
        public void close() {
            if (event.shouldCommit()) {
                event.commit();
            }
        }
    }

    /** Opens a region named {@code name} (Go's {@code trace.StartRegion}). */
    public static Region region(String name) {
        return new Region(name);
    }

    /** Runs {@code body} inside a region named {@code name} (Go's {@code trace.WithRegion}). */
    public static void region(String name, Runnable body) {
        try (Region r = region(name)) {
            body.run();
        }
    }

    /** Records {@code message} under {@code category} for the calling task (Go's {@code trace.Log}). */
    public static void log(String category, String message) {
        TaskHints.awaitRecording();
        LogEvent e = new LogEvent();
        if (e.shouldCommit()) {
            e.category = category;
            e.message = message;
            e.runtimeTaskId = Task.currentId();
            e.commit();
        }
    }
}
