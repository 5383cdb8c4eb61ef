package dev.blockscope.agent.flight;

import dev.blockscope.agent.bridge.ChunkRecorder;
import dev.blockscope.agent.bridge.FlightTriggers;
import dev.blockscope.event.FlightTriggerEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The flight recorder's thread ({@code blockscope flight}): waits for a trigger
 * ({@link FlightTriggers}) or a request ({@code attach --dump}), lets a little time pass so the
 * dump also holds what followed, and writes one complete .jfr next to the output, numbered
 * ({@code app.jfr} gives {@code app-1.jfr}, {@code app-2.jfr}, ...): JFR's part of the window
 * (the recording keeps only the window, {@code maxAge}/{@code maxSize}), a
 * {@code blockscope.FlightTrigger} naming why, then the agent's chunks of the window. At most one
 * dump per window: triggers in between are dropped (and said at debug level by the caller's log).
 */
public final class FlightDumps {
    private final FlightOptions options;
    private final Path output;
    private final ChunkRecorder chunks;
    /** Writes JFR's part of the window to the given file (the recording's dump). */
    private final Consumer<Path> jfrDump;
    /** Makes JFR start a new chunk, so its window is dropped chunk by chunk as the agent's is. */
    private final Runnable jfrRotate;
    private final long rotateNanos;
    /** Lines the user sees by default (log=error and up): each dump written, or why not. */
    private final Consumer<String> notice;
    private final Consumer<String> debug;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile String requested;
    /** When the trigger of the last dump was seen ({@code System.nanoTime()}): the rate limit counts from there. */
    private long lastTrigger = Long.MIN_VALUE;
    private int dumps;

    public FlightDumps(FlightOptions options, Path output, ChunkRecorder chunks, Consumer<Path> jfrDump, Runnable jfrRotate,
                       long rotateNanos, Consumer<String> notice, Consumer<String> debug) {
        this.jfrRotate = jfrRotate;
        this.rotateNanos = rotateNanos;
        this.options = options;
        this.output = output;
        this.chunks = chunks;
        this.jfrDump = jfrDump;
        this.notice = notice;
        this.debug = debug;
        this.thread = new Thread(this::run, "blockscope flight");
        thread.setDaemon(true);
    }

    /** Arms the triggers and starts the thread. */
    public void start() {
        int n = options.rules().size();
        String[] names = new String[n];
        String[] kinds = new String[n];
        String[] reasons = new String[n];
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            FlightOptions.Rule r = options.rules().get(i);
            names[i] = r.text();
            kinds[i] = r.kind();
            reasons[i] = r.reason();
            nanos[i] = r.nanos();
        }
        thread.start();
        FlightTriggers.arm(names, kinds, reasons, nanos, thread);
    }

    /** {@code attach --dump}: a dump now (not rate-limited), named after {@code why}. */
    public void request(String why) {
        requested = why;
        LockSupport.unpark(thread);
    }

    /** Disarms the triggers and ends the thread (a dump under way finishes first). */
    public void stop() {
        FlightTriggers.disarm();
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The file of dump {@code n}: {@code app.jfr} gives {@code app-n.jfr}. */
    static Path numbered(Path output, int n) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot > 0 ? name.substring(0, dot) + "-" + n + name.substring(dot) : name + "-" + n;
        return output.resolveSibling(numbered);
    }

    private void run() {
        long rotated = System.nanoTime();
        while (!stopping) {
            LockSupport.parkNanos(rotateNanos > 0 ? Math.min(1_000_000_000L, rotateNanos) : 1_000_000_000L); // 0: a size window
            if (rotateNanos > 0 && System.nanoTime() - rotated >= rotateNanos) {
                rotated = System.nanoTime();
                try {
                    jfrRotate.run();
                } catch (RuntimeException e) {
                    debug.accept("flight: JFR did not start a new chunk (" + e + ")");
                }
            }
            String manual = requested;
            String[] trigger = FlightTriggers.take();
            if (manual != null) {
                requested = null;
                dump(new String[] {manual, manual, "0", null, "false", "0", Long.toString(System.nanoTime())});
            } else if (trigger != null) {
                if (lastTrigger != Long.MIN_VALUE && Long.parseLong(trigger[6]) - lastTrigger < options.gapNanos()) {
                    debug.accept("flight: trigger " + trigger[0] + " (" + trigger[1] + ") within a window of the last dump: no dump");
                    continue;
                }
                dump(trigger);
            }
        }
    }

    /** {@code t}: trigger, detail, task id, task name, task virtual, wait nanos, when it was seen. */
    private void dump(String[] t) {
        lastTrigger = Long.parseLong(t[6]);
        int n = ++dumps;
        FlightTriggerEvent e = new FlightTriggerEvent();
        e.trigger = t[0];
        e.detail = t[1];
        e.taskId = Long.parseLong(t[2]);
        e.taskName = t[3];
        e.taskVirtual = Boolean.parseBoolean(t[4]);
        e.waitNanos = Long.parseLong(t[5]);
        e.dump = n;
        e.commit();
        long after = options.afterNanos();
        long until = System.nanoTime() + after;
        while (!stopping && System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
        Path file = numbered(output, n);
        try {
            Files.deleteIfExists(file);
            jfrDump.accept(file);
            String problem = chunks.appendWindowTo(file, 30_000);
            if (problem != null) {
                notice.accept("flight: dump " + file + " has JFR's part only: " + problem);
            }
            if (!Files.exists(file) || Files.size(file) == 0) {
                // JFR's recording ended under it (the JVM exiting): no empty file is left behind
                Files.deleteIfExists(file);
                notice.accept("flight: dump " + file + " of " + t[0] + " could not be written: the recording ended first");
                return;
            }
            notice.accept("flight recorder dump " + file + " (" + t[0] + ": " + t[1] + ")");
        } catch (IOException | RuntimeException ex) {
            notice.accept("flight: could not write " + file + " (" + ex + ")");
        }
    }
}
