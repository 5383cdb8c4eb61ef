package dev.blockscope.ui;

/**
 * Where {@link UiServer} gets its data: the analyzer implements this over one analyzed recording.
 *
 * <p>Every method returns UTF-8 JSON. {@link #summaryJson()} is the whole analysis object
 * (schema {@code blockscope.analysis/1}, see docs/analysis-json.md); its {@code timeline} may be
 * empty or {@code truncated}, because the page asks for the intervals it needs with
 * {@link #windowJson(long, long, int)} as the user zooms and pans.
 *
 * <p>Implementations are called from the server's request threads, possibly concurrently.
 */
public interface AnalysisSource {

    /** The analysis object without (or with a reduced) timeline; called once per page load. */
    byte[] summaryJson();

    /**
     * The intervals that overlap {@code [startNanos, endNanos]} (recording-relative nanoseconds),
     * as one object of the same shape as the analysis JSON's {@code timeline} (columnar arrays
     * {@code task, start, end, state, reason, carrier, stack, waker} with their own {@code states}
     * and {@code reasons} name tables; {@code stack} indexes the summary's {@code stacks} unless
     * the object carries its own {@code stacks}). At most {@code maxIntervals} intervals; when
     * there are more, the implementation either merges neighbours of one task or sets
     * {@code truncated: true}.
     */
    byte[] windowJson(long startNanos, long endNanos, int maxIntervals);

    /**
     * The selection panels of {@code [startNanos, endNanos]}, computed from every interval the
     * source holds, never from a merged window: {@link RangeSummary#json} over the timeline, with
     * its {@code partial} set when that timeline does not hold every interval of the recording.
     */
    byte[] rangeJson(long startNanos, long endNanos);

    /**
     * {@code /api/task?id=}: task {@code id}'s whole row of the analysis JSON's {@code tasks} (its
     * longest waits with it), or null when the analysis has no row for it (the server answers
     * 404). A source whose summary leaves part of its rows out (serve FILE: the longest waits, most
     * of a summary's bytes when there are thousands of tasks) answers the rest here; the default,
     * for a summary with whole rows, answers none.
     */
    default byte[] taskJson(long id) {
        return null;
    }

    /**
     * The preview this source showed before its whole analysis ({@code serve FILE --preview}), or
     * null. A page that opened on it asks it with {@code of=preview} for as long as it is open,
     * also once the whole is ready: the preview's windows and panels index the preview's stacks,
     * and its tasks are the preview's.
     */
    default AnalysisSource preview() {
        return null;
    }

    /**
     * For a source that follows a running JVM ({@code serve --attach}): one object
     * {@code {"live": {...}, "analysis": {...}}}, the window's bounds and state with the analysis
     * of that window (its timeline included), so the page never mixes two analyses whose times
     * start at different instants. Null (the default) for a recording, and the server answers 404.
     */
    default byte[] liveJson() {
        return null;
    }

    /**
     * Whether the analysis can be served yet. {@code serve FILE} listens before its analysis is
     * done; until then the server answers {@code /api/summary}, {@code /api/window} and
     * {@code /api/range} with 503, {@link #statusJson()} as the body and {@code Retry-After}, rather
     * than holding the request for minutes. Once true it stays true.
     */
    default boolean ready() {
        return true;
    }

    /**
     * {@code /api/status}: {@code {"state": "analyzing" | "ready" | "failed", ...}}, with the
     * progress while analyzing ({@code bytesRead}, {@code bytesTotal}, {@code percent},
     * {@code elapsedMillis}, {@code phase}) and the one-line {@code error} when it failed. The page
     * polls it before it loads the summary.
     */
    default byte[] statusJson() {
        return "{\"state\":\"ready\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
