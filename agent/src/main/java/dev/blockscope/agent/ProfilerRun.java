package dev.blockscope.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * async-profiler inside the agent ({@code profile=}): loaded through its Java API from the
 * agent jar, in a module layer of its own with native access ({@link ProfilerLibrary}; its
 * {@code AsyncProfiler.getInstance()} extracts the native library for this platform from the
 * jar, where shading left it under its own name), writing its samples as JFR
 * into a file beside the output, whose chunks the agent appends to the output after its own.
 *
 * <p>Not {@code jfrsync}: that mode starts a second JFR recording of its own, whose dump repeats
 * every chunk of the JDK's events the agent's recording already writes (each JDK event would be
 * in the file twice), and its own chunk keeps a clock of its own all the same (async-profiler's
 * monotonic ticks). The analyzer reads every chunk with its own clock, so appending the profiler's
 * chunks gives the one file without the repeat.
 *
 * <p>Nothing here throws: a profiler that cannot load or start is one line on stderr and a
 * {@code profiler} status that says why; the recording goes on without samples.
 */
final class ProfilerRun {
    private final ProfilerLibrary profiler;
    private final Path file;
    private final String description;

    private ProfilerRun(ProfilerLibrary profiler, Path file, String description) {
        this.profiler = profiler;
        this.file = file;
        this.description = description;
    }

    /** Where the profiler writes until the output is written: beside it, on its file system. */
    static Path fileFor(Path output) {
        return output.resolveSibling(output.getFileName() + ".profiler.jfr");
    }

    /**
     * Loads and starts async-profiler, or returns null after saying why in {@code status[0]}
     * (and on stderr). {@code status[0]} is the profiler's status line either way.
     */
    static ProfilerRun start(Set<ProfileMode> modes, long intervalNanos, Path output, AgentLog log, String[] status,
                             java.lang.instrument.Instrumentation inst) {
        String asked = asked(modes);
        ProfilerLibrary profiler;
        try {
            profiler = ProfilerLibrary.load(ProfilerLibrary.agentJar(), inst, log);
        } catch (Throwable e) { // UnsatisfiedLinkError, UnsupportedOperationException (platform), IllegalStateException
            status[0] = "off: async-profiler could not load on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + " (" + oneLine(e) + ")";
            log.error("profile=" + asked + " " + status[0] + "; recording without samples");
            return null;
        }
        Path file = fileFor(output);
        String note = "";
        String noPerfEvents = modes.contains(ProfileMode.CPU) ? perfEventsUnavailable(profiler) : null;
        String command = command(modes, intervalNanos, file, noPerfEvents != null);
        try {
            profiler.execute(command);
            if (noPerfEvents != null) {
                note = "; cpu fell back to itimer (" + noPerfEvents + ")";
                log.error("profile=" + asked + ": perf events not available (" + noPerfEvents + "); sampling the CPU with itimer");
            }
        } catch (Throwable first) {
            if (noPerfEvents != null) {
                status[0] = "off: async-profiler did not start (perf events: " + noPerfEvents + "; itimer: " + oneLine(first) + ")";
                log.error("profile=" + asked + " " + status[0] + "; recording without samples");
                return null;
            }
            if (!modes.contains(ProfileMode.CPU)) {
                status[0] = "off: async-profiler did not start (" + oneLine(first) + ")";
                log.error("profile=" + asked + " " + status[0] + "; recording without samples");
                return null;
            }
            // perf events passed the probe but the start on them failed (a per-thread limit, say): itimer needs none
            command = command(modes, intervalNanos, file, true);
            try {
                profiler.execute(command);
                note = "; cpu fell back to itimer (" + oneLine(first) + ")";
                log.error("profile=" + asked + ": the start on perf events failed (" + oneLine(first) + "); sampling the CPU with itimer");
            } catch (Throwable second) {
                status[0] = "off: async-profiler did not start (" + oneLine(first) + "; itimer: " + oneLine(second) + ")";
                log.error("profile=" + asked + " " + status[0] + "; recording without samples");
                return null;
            }
        }
        String version;
        try {
            version = profiler.version();
        } catch (Throwable e) {
            version = "?";
        }
        String description = "live: async-profiler " + version + ", " + command.substring("start,".length(), command.indexOf(",jfr,file="))
                + note;
        status[0] = description;
        log.debug("profiler " + description + ", writing " + file);
        return new ProfilerRun(profiler, file, description);
    }

    /**
     * Null when perf events can sample this JVM's threads, else why not. async-profiler 4.6 asked
     * for {@code event=cpu} without perf events (a seccomp profile such as Docker's default, a
     * {@code perf_event_paranoid} of 3) starts anyway, on another engine it picks itself and names
     * only in the recording's settings, so the fallback would go unsaid. A named perf event has no
     * such fallback: a start and stop of {@code cpu-clock} (no output, its own warning per thread
     * silenced) fails exactly where {@code cpu} would not get perf events.
     */
    static String perfEventsUnavailable(ProfilerLibrary profiler) {
        try {
            profiler.execute("start,event=cpu-clock,interval=1000000000,loglevel=none");
        } catch (Throwable e) {
            return oneLine(e);
        }
        try {
            profiler.execute("stop,loglevel=none");
        } catch (Throwable e) {
            return null; // it started: perf events work; the real start says whatever else is wrong
        }
        return null;
    }

    /** async-profiler's CPU sampling interval when {@code interval=} is not given (its own default). */
    static final long DEFAULT_CPU_INTERVAL_NANOS = 10_000_000L;

    /** async-profiler's start command for these modes. */
    static String command(Set<ProfileMode> modes, long intervalNanos, Path file, boolean itimerForCpu) {
        StringBuilder c = new StringBuilder("start");
        String interval = intervalNanos > 0 ? Long.toString(intervalNanos) : null;
        boolean cpu = modes.contains(ProfileMode.CPU) || modes.contains(ProfileMode.ITIMER);
        if (cpu) {
            // always said: async-profiler records the interval it was given (0 for its default), and the
            // analyzer turns samples into CPU time only with an interval the recording names
            c.append(",event=").append(modes.contains(ProfileMode.ITIMER) || itimerForCpu ? "itimer" : "cpu");
            c.append(",interval=").append(interval != null ? interval : Long.toString(DEFAULT_CPU_INTERVAL_NANOS));
            if (modes.contains(ProfileMode.WALL)) {
                c.append(",wall").append(interval != null ? "=" + interval : "");
            }
        } else if (modes.contains(ProfileMode.WALL)) {
            c.append(",event=wall").append(interval != null ? ",interval=" + interval : "");
        }
        if (modes.contains(ProfileMode.LOCK)) {
            c.append(",lock");
        }
        if (modes.contains(ProfileMode.ALLOC)) {
            c.append(",alloc");
        }
        return c.append(",jfr,file=").append(file).toString();
    }

    String description() {
        return description;
    }

    /** Stops the profiler (it writes its file) and appends that file's chunks to {@code output}; returns the bytes. */
    long stopAndAppendTo(Path output) throws IOException {
        try {
            profiler.execute("stop");
        } catch (Throwable e) {
            throw new IOException("async-profiler did not stop cleanly (" + oneLine(e) + ")", e);
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("async-profiler wrote no " + file);
        }
        long bytes = 0;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel target = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.APPEND)) {
            long size = in.size();
            while (bytes < size) {
                long n = in.transferTo(bytes, size - bytes, target);
                if (n <= 0) {
                    throw new IOException("could not copy " + file + " into " + output);
                }
                bytes += n;
            }
            target.force(false);
        }
        Files.deleteIfExists(file);
        return bytes;
    }

    private static String asked(Set<ProfileMode> modes) {
        StringBuilder b = new StringBuilder();
        for (ProfileMode m : modes) {
            b.append(b.length() == 0 ? "" : "+").append(m.optionName());
        }
        return b.toString();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        String text = e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
