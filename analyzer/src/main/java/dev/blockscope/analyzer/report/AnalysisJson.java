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
            .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, true);

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
