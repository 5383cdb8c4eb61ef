package dev.blockscope.analyzer.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.AnalysisOptions;
import dev.blockscope.analyzer.RecordingAnalyzer;
import dev.blockscope.analyzer.event.ThreadRef;
import dev.blockscope.analyzer.model.Trace;
import dev.blockscope.event.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text reports print a recording's strings with control and bidirectional characters escaped:
 * a thread named with a right-to-left override read "live" for "evil", and one with an escape
 * sequence could recolour a terminal or forge a line.
 */
class PrintableTest {
    static final String EVIL = "\u202Eevil\u001B[31m\nfake line";

    @Test
    void escapesWhatWouldReorderOrHideText() {
        assertThat(Printable.of(EVIL)).isEqualTo("\\u202Eevil\\u001B[31m\\u000Afake line");
        assertThat(Printable.of("plain (ok) ünïcödé 名前")).isEqualTo("plain (ok) ünïcödé 名前");
        assertThat(Printable.of(null)).isNull();
    }

    @Test
    void summaryAndTasksPrintNamesAndFramesEscaped() {
        ThreadRef t = new ThreadRef(5, EVIL, false);
        Trace trace = new Trace().start(t, 0, null).suspend(t, 10, 90, Reason.SLEEP, null, null, 0).end(t, 100);
        Analysis a = RecordingAnalyzer.analyzeEvents("synthetic", trace.events(), List.of(List.of("app.\u202EEvil.run:1")), 0, 100,
                AnalysisOptions.DEFAULT);
        StringWriter summary = new StringWriter();
        SummaryText.write(a, new PrintWriter(summary));
        StringWriter tasks = new StringWriter();
        TaskTable.write(a, TaskTable.Sort.ID, 0, new PrintWriter(tasks));
        StringWriter one = new StringWriter();
        TaskTable.writeTask(a, 5, new PrintWriter(one));
        for (String out : List.of(summary.toString(), tasks.toString(), one.toString())) {
            assertThat(out).doesNotContain("\u202E").doesNotContain("\u001B").doesNotContain("fake line\n");
        }
        assertThat(summary.toString()).contains("by task 5 (\\u202Eevil\\u001B[31m\\u000Afake line)", "app.\\u202EEvil.run:1");
        assertThat(one.toString()).contains("\\u202Eevil");
    }
}
