package dev.blockscope.cli;

import dev.blockscope.analyzer.report.Analysis;
import dev.blockscope.analyzer.report.AnalysisJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every task's whole row of the analysis JSON, for {@code /api/task?id=}, and the rows serve's
 * summary carries instead: the same without their five longest waits. Those waits were most of a
 * summary's bytes when a recording has thousands of tasks (6 of 10 MB for 10,000 virtual
 * threads), which the page fetched and parsed on every open, while it shows them only for the
 * task the user clicks. A task with a wait for the recorder to start (family {@code agent}) among
 * them keeps them in its summary row: the page's first view is cut by those.
 *
 * <p>The rows are kept as their JSON bytes, one array for all, looked up by id.
 */
final class TaskDetails {
    private static final int MAGIC = 0x42535444; // "BSTD"

    private final long[] ids;
    private final int[] from;
    private final byte[] json;

    private TaskDetails(long[] ids, int[] from, byte[] json) {
        this.ids = ids;
        this.from = from;
        this.json = json;
    }

    /** The whole rows of {@code tasks}. */
    static TaskDetails of(List<Analysis.TaskRow> tasks) {
        Analysis.TaskRow[] rows = tasks.toArray(Analysis.TaskRow[]::new);
        Arrays.sort(rows, (a, b) -> Long.compare(a.id(), b.id()));
        long[] ids = new long[rows.length];
        int[] from = new int[rows.length + 1];
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.length * 256 + 16);
        int n = 0;
        for (Analysis.TaskRow row : rows) {
            if (n > 0 && ids[n - 1] == row.id()) {
                continue; // one row per task; the analysis never makes two
            }
            ids[n] = row.id();
            from[n++] = out.size();
            out.writeBytes(AnalysisJson.bytes(row));
        }
        from[n] = out.size();
        return new TaskDetails(Arrays.copyOf(ids, n), Arrays.copyOf(from, n + 1), out.toByteArray());
    }

    /**
     * The analysis as serve's summary shows it: each task's row with {@code longest} null (left
     * out: {@code /api/task} has it), but for a task with a wait of family agent among them.
     */
    static Analysis summaryRows(Analysis a) {
        Map<String, String> families = a.reasonFamilies() == null ? Map.of() : a.reasonFamilies().reasons();
        List<Analysis.TaskRow> rows = new ArrayList<>(a.tasks().size());
        for (Analysis.TaskRow t : a.tasks()) {
            boolean keep = t.longest() == null || t.longest().stream().anyMatch(w -> "agent".equals(families.get(w.reason())));
            rows.add(keep ? t : new Analysis.TaskRow(t.id(), t.name(), t.virtual(), t.carrier(), t.service(), t.parent(),
                    t.runtimeName(), t.group(), t.start(), t.end(), t.states(), t.reasons(), t.suspensions(), null, t.samples()));
        }
        return a.withTasks(rows);
    }

    /** Task {@code id}'s whole row as JSON, or null when there is none. */
    byte[] row(long id) {
        int i = Arrays.binarySearch(ids, id);
        return i < 0 ? null : Arrays.copyOfRange(json, from[i], from[i + 1]);
    }

    int size() {
        return ids.length;
    }

    /** The rows as {@link #read} reads them back (serve's cache). */
    byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(8 + ids.length * 12 + 4 + json.length);
        b.putInt(MAGIC).putInt(ids.length);
        for (long id : ids) {
            b.putLong(id);
        }
        for (int i = 1; i <= ids.length; i++) {
            b.putInt(from[i]);
        }
        b.putInt(json.length).put(json);
        return b.array();
    }

    /** Reads what {@link #toBytes} wrote; an IOException for anything else. */
    static TaskDetails read(byte[] bytes) throws IOException {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.getInt() != MAGIC) {
                throw new IOException("not a file of task rows");
            }
            int n = b.getInt();
            if (n < 0 || n > b.remaining() / 12) {
                throw new IOException("task count " + n + " does not fit the file");
            }
            long[] ids = new long[n];
            int[] from = new int[n + 1];
            for (int i = 0; i < n; i++) {
                ids[i] = b.getLong();
                if (i > 0 && ids[i] <= ids[i - 1]) {
                    throw new IOException("task ids out of order");
                }
            }
            for (int i = 1; i <= n; i++) {
                from[i] = b.getInt();
                if (from[i] < from[i - 1]) {
                    throw new IOException("row offsets out of order");
                }
            }
            int length = b.getInt();
            if (length != b.remaining() || from[n] != length) {
                throw new IOException("rows of " + length + " bytes where " + b.remaining() + " remain");
            }
            byte[] json = new byte[length];
            b.get(json);
            return new TaskDetails(ids, from, json);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("the file of task rows is cut short", e);
        }
    }
}
