package dev.blockscope.analyzer.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The timeline in the Chrome trace-event JSON format, which chrome://tracing and
 * ui.perfetto.dev open. One track per task (process 1), one complete event per interval. With
 * {@code carriers}, also one track per carrier (process 2) showing the task it ran, and flow
 * arrows from each waker to the task it woke: the view Perfetto is best at.
 */
public final class TraceEventExport {
    private TraceEventExport() {}

    /** Writes {@code a}'s timeline to {@code out}. */
    public static void write(Analysis a, OutputStream out, boolean carriers) throws IOException {
        try (JsonGenerator g = AnalysisJson.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ms");
            g.writeArrayFieldStart("traceEvents");
            meta(g, "process_name", 1, 0, "tasks");
            for (Analysis.TaskRow t : a.tasks()) {
                meta(g, "thread_name", 1, t.id(), TaskNames.label(t.name()) + " #" + t.id());
            }
            Map<Long, String> carrierNames = new HashMap<>();
            if (carriers) {
                meta(g, "process_name", 2, 0, "carriers");
                for (Analysis.CarrierRow c : a.carriers()) {
                    meta(g, "thread_name", 2, c.id(), c.name() == null ? "carrier #" + c.id() : c.name());
                    carrierNames.put(c.id(), c.name());
                }
            }
            Analysis.Timeline tl = a.timeline();
            // On a carrier thread's own interval the carrier column names the virtual thread it
            // carried: the carrier track is drawn from the virtual threads' side only.
            java.util.Set<Long> carrierTasks = new java.util.HashSet<>();
            a.tasks().stream().filter(Analysis.TaskRow::carrier).forEach(t -> carrierTasks.add(t.id()));
            long flow = 0;
            for (int i = 0; i < tl.size(); i++) {
                String state = tl.states().get(tl.state()[i]);
                String reason = tl.reason()[i] >= 0 ? tl.reasons().get(tl.reason()[i]) : null;
                String name = reason == null || state.equals("RUNNABLE") ? state : state + " " + reason;
                if (carrierTasks.contains(tl.task()[i]) && tl.carrier()[i] >= 0) {
                    name = name + " carrying #" + tl.carrier()[i]; // a carrier's lane: which virtual thread it ran
                }
                complete(g, 1, tl.task()[i], name, tl.start()[i], tl.end()[i] - tl.start()[i], tl, i, a);
                if (carriers && tl.carrier()[i] >= 0 && !carrierTasks.contains(tl.task()[i])) {
                    complete(g, 2, tl.carrier()[i], "task #" + tl.task()[i] + (state.equals("RUNNING") ? "" : " " + name),
                            tl.start()[i], tl.end()[i] - tl.start()[i], tl, i, a);
                }
                if (carriers && tl.waker()[i] >= 0 && tl.waker()[i] != tl.task()[i]
                        && !state.equals("RUNNABLE") && !state.equals("RUNNING") && !state.equals("UNKNOWN")) {
                    // An arrow from the waker's track to the woken task, at the wake-up (the end of the wait proper).
                    flow++;
                    flowEvent(g, "s", flow, tl.waker()[i], tl.end()[i]);
                    flowEvent(g, "f", flow, tl.task()[i], tl.end()[i]);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void meta(JsonGenerator g, String what, long pid, long tid, String name) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "M");
        g.writeStringField("name", what);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        g.writeStringField("name", name);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void complete(JsonGenerator g, long pid, long tid, String name, long start, long duration,
                                 Analysis.Timeline tl, int i, Analysis a) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "X");
        g.writeStringField("name", name);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeNumberField("ts", start / 1000.0);
        g.writeNumberField("dur", duration / 1000.0);
        if (tl.stack()[i] >= 0 || tl.waker()[i] >= 0 || tl.blocker()[i] >= 0) {
            g.writeObjectFieldStart("args");
            if (tl.blocker()[i] >= 0) {
                g.writeStringField("blocker", tl.blockers().get(tl.blocker()[i]));
            }
            if (tl.waker()[i] >= 0) {
                g.writeNumberField("wokenBy", tl.waker()[i]);
            }
            if (tl.stack()[i] >= 0) {
                g.writeStringField("at", SummaryText.topFrame(a, tl.stack()[i]));
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void flowEvent(JsonGenerator g, String ph, long id, long tid, long at) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", ph);
        g.writeStringField("name", "wake");
        g.writeStringField("cat", "wake");
        g.writeNumberField("id", id);
        g.writeNumberField("pid", 1);
        g.writeNumberField("tid", tid);
        g.writeNumberField("ts", at / 1000.0);
        if (ph.equals("f")) {
            g.writeStringField("bp", "e");
        }
        g.writeEndObject();
    }
}
