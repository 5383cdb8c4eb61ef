package dev.blockscope.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The timeline's integer columns taken out of the analysis JSON and written as a compact binary
 * stream, so a large report's page does not make the browser parse millions of numbers as JSON
 * text (that was most of the time a million-suspension report took to open).
 *
 * <p>{@link #split(byte[])} scans the JSON once: outside the top-level {@code timeline} object it
 * copies bytes as they are; inside it, the arrays {@code task, start, end, state, reason, carrier,
 * stack, waker} and, when present, {@code blocker} (schema 0.3) are read into longs and replaced
 * by {@code []}. On the way it notes the timeline's state names and the ids of tasks marked
 * {@code "carrier": true}, which {@link TimelineOverview} needs. The binary form is, column by
 * column in that order (the page gets the list of names), one zigzag LEB128 varint per interval:
 * the difference from the previous value of the same column, except {@code end}, which is
 * written as {@code end - start}. The page (columns.js, {@code decodeColumns}) reverses it.
 * Anything unexpected (no timeline, a non-integer, columns of different lengths) returns null
 * and the caller embeds the JSON unchanged.
 */
final class TimelineColumns {

    static final List<String> NAMES = List.of("task", "start", "end", "state", "reason", "carrier", "stack", "waker");

    /** Columns taken out when present (added to the schema later), written after the others. */
    static final List<String> OPTIONAL = List.of("blocker");

    private static final List<String> ALL = java.util.stream.Stream.concat(NAMES.stream(), OPTIONAL.stream()).toList();

    /**
     * The JSON without the column values, the columns (an optional one null when absent), the
     * timeline's state names (null when the timeline has no {@code states} list of plain
     * strings), and the ids of the carrier threads' own tasks ({@code tasks[].carrier} true).
     */
    record Split(byte[] json, long[][] columns, int count, List<String> states, java.util.Set<Long> carrierTasks) {

        long[] column(String name) {
            return columns[ALL.indexOf(name)];
        }

        /** The names of the columns in the binary stream, in its order. */
        List<String> present() {
            return ALL.stream().filter(name -> column(name) != null).toList();
        }

        /** Writes the varint stream described on the class. */
        void writeBinary(OutputStream out) throws IOException {
            byte[] buffer = new byte[1 << 16];
            int at = 0;
            long[] start = column("start");
            for (String name : present()) {
                long[] column = column(name);
                boolean isEnd = name.equals("end");
                long previous = 0;
                for (int i = 0; i < count; i++) {
                    long value = isEnd ? column[i] - start[i] : column[i] - previous;
                    previous = column[i];
                    long zigzag = (value << 1) ^ (value >> 63);
                    if (at > buffer.length - 10) {
                        out.write(buffer, 0, at);
                        at = 0;
                    }
                    while ((zigzag & ~0x7FL) != 0) {
                        buffer[at++] = (byte) ((zigzag & 0x7F) | 0x80);
                        zigzag >>>= 7;
                    }
                    buffer[at++] = (byte) zigzag;
                }
            }
            out.write(buffer, 0, at);
        }
    }

    private final byte[] json;
    private int pos;

    private TimelineColumns(byte[] json) {
        this.json = json;
    }

    /** Splits the analysis, or returns null when it does not have the expected shape. */
    static Split split(byte[] json) {
        try {
            return new TimelineColumns(json).run();
        } catch (RuntimeException malformed) {
            return null; // not ours to judge: the page reports what JSON.parse says about it
        }
    }

    private Split run() {
        ByteArrayOutputStream rest = new ByteArrayOutputStream(1 << 16);
        long[][] columns = new long[ALL.size()][];
        java.util.Set<Long> carrierTasks = new java.util.HashSet<>();
        boolean inTasks = false;
        long taskId = Long.MIN_VALUE;
        boolean taskIsCarrier = false;
        int depth = 0;
        int copiedUpTo = 0;
        boolean inTimeline = false;
        int timelineDepth = -1;
        String lastKey = null;
        List<String> states = null;
        while (pos < json.length) {
            byte b = json[pos];
            if (b == '"') {
                int from = pos;
                skipString();
                int save = pos;
                skipWhitespace();
                if (pos < json.length && json[pos] == ':') {
                    lastKey = new String(json, from + 1, save - from - 2, java.nio.charset.StandardCharsets.UTF_8);
                    pos++;
                    skipWhitespace();
                    if (depth == 1 && lastKey.equals("tasks") && pos < json.length && json[pos] == '[') {
                        inTasks = true;
                    } else if (inTasks && depth == 3 && lastKey.equals("id")) {
                        taskId = peekInteger();
                    } else if (inTasks && depth == 3 && lastKey.equals("carrier")) {
                        taskIsCarrier = pos + 4 <= json.length && json[pos] == 't' && json[pos + 1] == 'r' && json[pos + 2] == 'u' && json[pos + 3] == 'e';
                    } else if (depth == 1 && lastKey.equals("timeline") && pos < json.length && json[pos] == '{') {
                        inTimeline = true;
                        timelineDepth = depth + 1;
                    } else if (inTimeline && depth == timelineDepth && ALL.contains(lastKey) && json[pos] == '[') {
                        rest.write(json, copiedUpTo, pos - copiedUpTo);
                        columns[ALL.indexOf(lastKey)] = readIntegers();
                        rest.write('[');
                        rest.write(']');
                        copiedUpTo = pos;
                    } else if (inTimeline && depth == timelineDepth && lastKey.equals("states") && json[pos] == '[') {
                        states = readPlainStrings();
                        continue;
                    }
                } else {
                    pos = save;
                }
                continue;
            }
            if (b == '{' || b == '[') {
                depth++;
                if (inTasks && depth == 3) {
                    taskId = Long.MIN_VALUE;
                    taskIsCarrier = false;
                }
            } else if (b == '}' || b == ']') {
                if (inTimeline && depth == timelineDepth) {
                    inTimeline = false;
                }
                if (inTasks && depth == 3 && taskIsCarrier && taskId != Long.MIN_VALUE) {
                    carrierTasks.add(taskId);
                }
                if (inTasks && depth == 2) {
                    inTasks = false;
                }
                depth--;
            }
            pos++;
        }
        rest.write(json, copiedUpTo, json.length - copiedUpTo);
        int count = -1;
        for (int c = 0; c < columns.length; c++) {
            long[] column = columns[c];
            if (column == null && OPTIONAL.contains(ALL.get(c))) {
                continue;
            }
            if (column == null || (count >= 0 && column.length != count)) {
                return null;
            }
            count = column.length;
        }
        return new Split(rest.toByteArray(), columns, count, states, carrierTasks);
    }

    private long[] readIntegers() {
        long[] values = new long[1024];
        int n = 0;
        pos++; // '['
        while (true) {
            skipWhitespace();
            byte b = json[pos];
            if (b == ']') {
                pos++;
                return Arrays.copyOf(values, n);
            }
            if (b == ',') {
                pos++;
                continue;
            }
            boolean negative = b == '-';
            if (negative) pos++;
            long value = 0;
            int digits = 0;
            while (pos < json.length && json[pos] >= '0' && json[pos] <= '9') {
                value = Math.multiplyExact(value, 10) + (json[pos++] - '0');
                digits++;
            }
            if (digits == 0) {
                throw new IllegalArgumentException("not an integer at byte " + pos);
            }
            if (n == values.length) values = Arrays.copyOf(values, n * 2);
            values[n++] = negative ? -value : value;
        }
    }

    /**
     * Reads a list of strings without escapes (state names are plain ASCII words); anything else
     * gives null, and the overview then falls back to the schema's default state order. The
     * bytes are not consumed, so the caller's scan copies and counts them as usual.
     */
    private List<String> readPlainStrings() {
        int at = pos + 1;
        List<String> out = new java.util.ArrayList<>();
        while (at < json.length) {
            byte b = json[at];
            if (b == ']') {
                return out;
            } else if (b == '"') {
                int from = ++at;
                while (at < json.length && json[at] != '"') {
                    if (json[at] == '\\') return null;
                    at++;
                }
                out.add(new String(json, from, at - from, java.nio.charset.StandardCharsets.UTF_8));
                at++;
            } else if (b == ',' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                at++;
            } else {
                return null;
            }
        }
        return null;
    }

    /** The integer at pos, without consuming it; Long.MIN_VALUE when there is none. */
    private long peekInteger() {
        int at = pos;
        boolean negative = at < json.length && json[at] == '-';
        if (negative) at++;
        long value = 0;
        int digits = 0;
        while (at < json.length && json[at] >= '0' && json[at] <= '9' && digits < 18) {
            value = value * 10 + (json[at++] - '0');
            digits++;
        }
        return digits == 0 ? Long.MIN_VALUE : negative ? -value : value;
    }

    private void skipString() {
        pos++; // opening quote
        while (json[pos] != '"') {
            pos += json[pos] == '\\' ? 2 : 1;
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < json.length && (json[pos] == ' ' || json[pos] == '\n' || json[pos] == '\r' || json[pos] == '\t')) {
            pos++;
        }
    }
}
