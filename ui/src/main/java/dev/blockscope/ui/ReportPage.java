package dev.blockscope.ui;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes {@code report.html}: one self-contained HTML file with the whole UI (script and styles
 * inline) and the analysis inline, that opens from disk and fetches nothing from the network.
 *
 * <p>The analysis JSON goes in a {@code <script type="application/json">} block with every
 * {@code '<'} written as {@code \u003c}, so no string from a recording can end that block; the
 * page reads it with {@code JSON.parse} and shows every recording string as text. An analysis
 * over 4 MiB is written for a fast first frame instead: the JSON without the timeline's columns,
 * a {@link TimelineOverview} of the timeline before the page's script, and the exact columns
 * ({@link TimelineColumns}) after it, all binary blocks as gzip + base64 (docs/ui.md).
 */
public final class ReportPage {

    private ReportPage() {
    }

    /**
     * Writes the report page for one analysis.
     *
     * @param analysisJson UTF-8 JSON of schema {@code blockscope.analysis/1} (docs/analysis-json.md)
     * @param out          where the HTML goes; not closed
     * @throws IllegalArgumentException when {@code analysisJson} is not a JSON object
     * @throws IOException              when writing to {@code out} fails
     */
    public static void write(byte[] analysisJson, OutputStream out) throws IOException {
        Objects.requireNonNull(analysisJson, "analysisJson");
        Objects.requireNonNull(out, "out");
        if (!startsWithObject(analysisJson)) {
            throw new IllegalArgumentException("the analysis is not a JSON object (it must start with '{')");
        }
        PageTemplate.get().write(analysisJson, out);
    }

    private static boolean startsWithObject(byte[] json) {
        for (byte b : json) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{';
        }
        return false;
    }
}
