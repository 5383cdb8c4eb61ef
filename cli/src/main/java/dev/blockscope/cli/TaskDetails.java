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
 * <p>A fresh analysis' rows are kept as they are and written to JSON when asked for (or saved to
 * the cache): writing 10,000 of them took 0.3 s of a cold preview's summary, for rows the page
 * asks for one at a time. A reopened cache entry's are its JSON bytes, one array for all. Both
 * give the same bytes, written by {@link AnalysisJson}.
 */
final class TaskDetails {
    private static final int MAGIC = 0x42535444; // "BSTD"

    private final long[] ids;
    /** A fresh analysis' rows, in the order of {@link #ids}; null for rows read back as JSON. */
    private final Analysis.TaskRow[] rows;
    /** Rows read back: where each starts in {@link #json}; null with {@link #rows}. */
    private final int[] from;
    private final byte[] json;

    private TaskDetails(long[] ids, Analysis.TaskRow[] rows, int[] from, byte[] json) {
        this.ids = ids;
        this.rows = rows;
        this.from = from;
        this.json = json;
    }

    /** The whole rows of {@code tasks}, one per task id. */
    static TaskDetails of(List<Analysis.TaskRow> tasks) {
        Analysis.TaskRow[] sorted = tasks.toArray(Analysis.TaskRow[]::new);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.id(), b.id()));
        long[] ids = new long[sorted.length];
        Analysis.TaskRow[] rows = new Analysis.TaskRow[sorted.length];
        int n = 0;
        for (Analysis.TaskRow row : sorted) {
            if (n > 0 && ids[n - 1] == row.id()) {
                continue; // one row per task; the analysis never makes two
            }
            ids[n] = row.id();
            rows[n++] = row;
        }
        return new TaskDetails(Arrays.copyOf(ids, n), Arrays.copyOf(rows, n), null, null);
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
        return i < 0 ? null : row(i);
    }

    private byte[] row(int i) {
        return rows != null ? AnalysisJson.bytes(rows[i]) : Arrays.copyOfRange(json, from[i], from[i + 1]);
    }

    int size() {
        return ids.length;
    }

    /** The rows as {@link #read} reads them back (serve's cache). */
    byte[] toBytes() {
        ByteArrayOutputStream rowsJson = new ByteArrayOutputStream(ids.length * 256 + 16);
        int[] ends = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            rowsJson.writeBytes(row(i));
            ends[i] = rowsJson.size();
        }
        ByteBuffer b = ByteBuffer.allocate(8 + ids.length * 12 + 4 + rowsJson.size());
        b.putInt(MAGIC).putInt(ids.length);
        for (long id : ids) {
            b.putLong(id);
        }
        for (int end : ends) {
            b.putInt(end);
        }
        b.putInt(rowsJson.size()).put(rowsJson.toByteArray());
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
            return new TaskDetails(ids, null, from, json);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IOException("the file of task rows is cut short", e);
        }
    }
}
