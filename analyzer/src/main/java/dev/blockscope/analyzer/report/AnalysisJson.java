package dev.blockscope.analyzer.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;

/** Writes an {@link Analysis} as the JSON of docs/analysis-json.md. */
public final class AnalysisJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, true)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("blockscope-rows")
                    .addSerializer(Analysis.TaskRow.class, new TaskRowSerializer())
                    .addSerializer(Analysis.WaitRow.class, new WaitRowSerializer()));

    /**
     * A task row written field by field, the very JSON the record's bean serializer writes. There
     * is one row per task, thousands in a large recording: Jackson's generic path (a property
     * writer per field, a map serializer per map) made serve's summary of 10,000 rows its slowest
     * JSON, and its C2 compilation the longest (0.5 s for the map serializer on a first run).
     */
    private static final class TaskRowSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Analysis.TaskRow> {
        TaskRowSerializer() {
            super(Analysis.TaskRow.class);
        }

        @Override
        public void serialize(Analysis.TaskRow t, JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
            g.writeStartObject(t);
            g.writeNumberField("id", t.id());
            g.writeStringField("name", t.name());
            g.writeBooleanField("virtual", t.virtual());
            g.writeBooleanField("carrier", t.carrier());
            g.writeBooleanField("service", t.service());
            number(g, "parent", t.parent());
            g.writeStringField("runtimeName", t.runtimeName());
            g.writeStringField("group", t.group());
            g.writeNumberField("start", t.start());
            number(g, "end", t.end());
            counts(g, "states", t.states());
            counts(g, "reasons", t.reasons());
            g.writeNumberField("suspensions", t.suspensions());
            g.writeFieldName("longest");
            if (t.longest() == null) {
                g.writeNull();
            } else {
                g.writeStartArray(t.longest(), t.longest().size());
                for (Analysis.WaitRow w : t.longest()) {
                    WaitRowSerializer.write(w, g);
                }
                g.writeEndArray();
            }
            counts(g, "samples", t.samples());
            g.writeEndObject();
        }
    }

    /** A task's wait, as {@link TaskRowSerializer} writes its row. */
    private static final class WaitRowSerializer extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Analysis.WaitRow> {
        WaitRowSerializer() {
            super(Analysis.WaitRow.class);
        }

        @Override
        public void serialize(Analysis.WaitRow w, JsonGenerator g, com.fasterxml.jackson.databind.SerializerProvider p) throws IOException {
            write(w, g);
        }

        static void write(Analysis.WaitRow w, JsonGenerator g) throws IOException {
            if (w == null) {
                g.writeNull();
                return;
            }
            g.writeStartObject(w);
            g.writeNumberField("start", w.start());
            g.writeNumberField("duration", w.duration());
            g.writeStringField("reason", w.reason());
            g.writeNumberField("stack", w.stack());
            number(g, "waker", w.waker());
            g.writeBooleanField("open", w.open());
            g.writeStringField("blocker", w.blocker());
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, String field, Long value) throws IOException {
        g.writeFieldName(field);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value.longValue());
        }
    }

    /** A map of counts in its own order, as Jackson's map serializer writes it (null keys are not made). */
    private static void counts(JsonGenerator g, String field, java.util.Map<String, Long> map) throws IOException {
        g.writeFieldName(field);
        if (map == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject(map);
        for (java.util.Map.Entry<String, Long> e : map.entrySet()) {
            number(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private AnalysisJson() {}

    /** The shared mapper (records serialize by component name). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes {@code value} (an Analysis or any of its parts) to {@code out}, compact or indented. */
    public static void write(Object value, OutputStream out, boolean pretty) throws IOException {
        (pretty ? MAPPER.writerWithDefaultPrettyPrinter() : MAPPER.writer()).writeValue(out, value);
    }

    /** Writes {@code value} as JSON to {@code out} followed by a newline, and flushes it. */
    public static void write(Object value, java.io.Writer out, boolean pretty) throws IOException {
        (pretty ? MAPPER.writerWithDefaultPrettyPrinter() : MAPPER.writer()).writeValue(out, value);
        out.write(System.lineSeparator());
        out.flush();
    }

    /** The JSON bytes of {@code value}. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the analysis", e);
        }
    }
}
