package dev.blockscope.analyzer;

import dev.blockscope.analyzer.read.RecordingReader;
import dev.blockscope.analyzer.read.StackTable;
import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.WindowedAnalysis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An analysis that follows a live stream ({@code serve --attach}): chunks come one at a time,
 * each read once into one pass that never ends, and {@link #window(long)} gives the last part of
 * it without ending the pass. A window is what a one-shot {@link RecordingAnalyzer} analysis of
 * every chunk since the first would show, narrowed to it by {@link WindowedAnalysis}: a task waiting
 * since before the window waits from the window's start, with its reason, which an analysis of the
 * window's chunks alone cannot know.
 *
 * <p>Memory: the state of each task alive (its timeline's pass), the intervals that end in the
 * window (at most the timeline's budget: past it the oldest go and the window starts later,
 * {@link View#shortened()}), the rows of the virtual threads that ended in it, a bit per ended task
 * id (so a late event of one does not start a new task), and the distinct stacks; what ended
 * before the window is dropped at each {@link #window(long)}. Not thread-safe: one thread feeds
 * it and asks for windows.
 *
 * <pre>{@code
 * LiveAnalyzer live = new LiveAnalyzer("process 42 (live)", AnalysisOptions.DEFAULT);
 * live.add(chunk);                       // each second's chunk, as it comes
 * LiveAnalyzer.View v = live.window(60_000_000_000L);
 * }</pre>
 */
public final class LiveAnalyzer {
    private static final int MAX_SKIPPED = 100;

    private final String name;
    private final AnalysisOptions options;
    private final StackTable stacks = new StackTable();
    private RecordingAnalyzer pass;
    private long events;
    private final Map<String, Long> eventsByType = new TreeMap<>();
    private final List<RecordingReader.Skipped> skipped = new ArrayList<>();
    /** The clock the chunks are read on: one for the stream, as a one-shot analysis of them joined reads them. */
    private final dev.blockscope.analyzer.read.ChunkScanner.FileClock clock = new dev.blockscope.analyzer.read.ChunkScanner.FileClock();
    private final Set<String> limits = new LinkedHashSet<>();
    private int chunks;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    /**
     * A window: the analysis narrowed to [{@code fromNanos}, {@code toNanos}] (nanos from the
     * pass' origin, the first chunk's start, which every time in it is relative to), and whether
     * the timeline's budget made it start later than asked.
     */
    public record View(Analysis analysis, long fromNanos, long toNanos, boolean shortened) {}

    /** A pass whose analyses name their source {@code name}. */
    public LiveAnalyzer(String name, AnalysisOptions options) {
        this.name = name;
        this.options = options;
    }

    /**
     * Reads one chunk (a standalone JFR chunk, as the agent's live stream sends them, the next in
     * time) into the pass; how many events it read.
     *
     * @throws dev.blockscope.analyzer.read.RecordingException when nothing in it can be read
     */
    public long add(Path chunk) throws IOException {
        try (RecordingReader reader = RecordingReader.open(chunk, clock)) {
            long start = reader.headerStartNanos();
            // the pass' origin, as a one-shot analysis takes it: the first chunk's start, or its first event if earlier
            RecordingReader.Result r = reader.read(stacks, e -> {
                if (pass == null) {
                    long origin = start > 0 ? Math.min(start, e.time()) : e.time();
                    pass = RecordingAnalyzer.live(options, origin, start, stacks);
                }
                pass.accept(e);
            }, RecordingReader.Progress.NONE);
            if (pass == null && start > 0) {
                pass = RecordingAnalyzer.live(options, start, start, stacks);
            }
            events += r.events();
            r.eventsByType().forEach((k, v) -> eventsByType.merge(k, v, Long::sum));
            for (RecordingReader.Skipped s : r.skipped()) {
                if (skipped.size() < MAX_SKIPPED) {
                    skipped.add(s);
                }
            }
            limits.addAll(r.limits());
            chunks += r.chunks();
            first = Math.min(first, r.firstNanos());
            last = Math.max(last, r.lastNanos());
            return r.events();
        }
    }

    /** Whether a chunk with a start or an event was read: before that there is no window. */
    public boolean started() {
        return pass != null;
    }

    /**
     * The last {@code windowNanos} up to the latest event read (or the latest chunk's end), as the
     * one-shot analysis of everything read so far narrowed to it; then drops what ended before it.
     */
    public View window(long windowNanos) {
        if (pass == null) {
            throw new IllegalStateException("no chunk with events read yet");
        }
        Analysis whole = pass.liveView(name, new RecordingReader.Result(events, Map.copyOf(eventsByType), List.copyOf(skipped),
                chunks, first, last, List.copyOf(limits)));
        long origin = pass.origin();
        long to = whole.window().durationNanos();
        long from = Math.max(0, to - windowNanos);
        boolean shortened = false;
        long dropped = pass.droppedUntil();
        if (dropped != Long.MIN_VALUE && dropped - origin > from) {
            from = Math.min(to, dropped - origin);
            shortened = true;
        }
        Analysis narrowed = WindowedAnalysis.of(whole, new WindowedAnalysis.Filter(from, Long.MAX_VALUE, null));
        pass.forgetBefore(origin + from);
        return new View(narrowed, from, to, shortened);
    }

    /** Tasks the pass holds: alive, or ended in the last window (for the memory bound's tests). */
    public int tasksHeld() {
        return pass == null ? 0 : pass.tasksHeld();
    }

    /** Intervals the pass keeps for its window (for the memory bound's tests). */
    public int intervalsHeld() {
        return pass == null ? 0 : pass.intervalsHeld();
    }
}
