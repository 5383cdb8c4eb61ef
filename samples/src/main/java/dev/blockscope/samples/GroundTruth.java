package dev.blockscope.samples;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one machine-readable line each sample prints: {@code GROUND-TRUTH sample=<name> key=value ...}.
 * Keys are lowercase words joined by dots or underscores; values never contain spaces (text is
 * written with underscores in place of spaces); numbers are plain decimals, durations in
 * nanoseconds ({@code _ns}) or milliseconds ({@code _ms}) as their key says, sizes in bytes.
 * Tests and the analyzer's checks parse it with {@link #parse}.
 */
public final class GroundTruth {
    /** Prefix of the line. */
    public static final String PREFIX = "GROUND-TRUTH ";

    private final Map<String, String> values = new LinkedHashMap<>();

    private GroundTruth(String sample) {
        values.put("sample", sample);
    }

    /** Starts the line of sample {@code sample}. */
    public static GroundTruth of(String sample) {
        return new GroundTruth(sample);
    }

    /** Adds {@code key=value}; doubles are written with three decimals. */
    public GroundTruth put(String key, Object value) {
        String text;
        if (value instanceof Double d) {
            text = String.format(Locale.ROOT, "%.3f", d);
        } else {
            text = String.valueOf(value).replace(' ', '_');
        }
        values.put(key, text);
        return this;
    }

    /** The line, with its prefix. */
    public String line() {
        StringBuilder b = new StringBuilder(PREFIX.strip());
        values.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** Prints the line on standard output. */
    public void print() {
        System.out.println(line());
        System.out.flush();
    }

    /** Reads the key/value pairs of a line printed by {@link #print()}. */
    public static Map<String, String> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a ground-truth line: " + line);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : line.substring(PREFIX.length()).trim().split(" +")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed pair '" + pair + "' in: " + line);
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }
}
