package dev.blockscope.analyzer.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The analysis as a pprof profile (gzipped profile.proto, read by {@code go tool pprof}, Grafana
 * Pyroscope, Parca...). One profile, six sample types, each sample filling its own pair:
 * <ul>
 *   <li>{@code contentions/count}, {@code delay/nanoseconds}: the blocking profile, as Go's block
 *       profile (default sample type: {@code delay});</li>
 *   <li>{@code sched_wakeups/count}, {@code sched_delay/nanoseconds}: the scheduler-latency
 *       profile (woken but waiting for a carrier, by the wait it was woken from);</li>
 *   <li>{@code samples/count}, {@code cpu/nanoseconds}: CPU samples per task (the nanoseconds
 *       only where the sampling interval is known), labelled {@code task} and {@code task_id}.</li>
 * </ul>
 * Every sample's root frame is its reason ({@code cpu} for CPU samples), as in the collapsed
 * export, and a {@code reason} label says it too; a {@code profile} label says which of the three
 * it belongs to ({@code block}, {@code sched}, {@code cpu}).
 */
public final class PprofExport {
    private final List<String> strings = new ArrayList<>();
    private final Map<String, Long> stringIds = new HashMap<>();
    private final Map<String, Long> functions = new HashMap<>();
    private final Map<String, Long> locations = new HashMap<>();
    private final ProtoWriter profile = new ProtoWriter();
    private final List<ProtoWriter> functionMessages = new ArrayList<>();
    private final List<ProtoWriter> locationMessages = new ArrayList<>();
    private final Analysis a;

    private PprofExport(Analysis a) {
        this.a = a;
        string("");
    }

    /** Writes {@code a} as a gzipped pprof profile to {@code out} (not closed). */
    public static void write(Analysis a, OutputStream out) throws IOException {
        byte[] bytes = new PprofExport(a).build();
        GZIPOutputStream gz = new GZIPOutputStream(out);
        gz.write(bytes);
        gz.finish();
        gz.flush();
    }

    private byte[] build() {
        String[][] types = {{"contentions", "count"}, {"delay", "nanoseconds"}, {"sched_wakeups", "count"},
            {"sched_delay", "nanoseconds"}, {"samples", "count"}, {"cpu", "nanoseconds"}};
        for (String[] t : types) {
            profile.message(1, new ProtoWriter().varint(1, string(t[0])).varint(2, string(t[1])));
        }
        for (Analysis.StackRow r : a.blocking().byStack()) {
            sample(r.stack(), r.reason(), new long[] {r.count(), r.total(), 0, 0, 0, 0}, "block", 0, null);
        }
        if (a.schedLatency() != null && a.schedLatency().byStack() != null) {
            for (Analysis.StackRow r : a.schedLatency().byStack()) {
                sample(r.stack(), r.reason(), new long[] {0, 0, r.count(), r.total(), 0, 0}, "sched", 0, null);
            }
        }
        Analysis.Cpu cpu = a.cpu();
        if (cpu != null) {
            Map<Long, String> names = new HashMap<>();
            a.tasks().forEach(t -> names.put(t.id(), t.name()));
            for (Analysis.CpuTask t : cpu.tasks()) {
                // a task summed into a task group (past --max-tasks) has no row, so no name here: not "(unnamed)"
                String label = names.containsKey(t.task()) ? TaskNames.label(names.get(t.task())) + " #" + t.task()
                        : "#" + t.task() + " (no row: summed into a task group)";
                for (Analysis.CpuStack s : t.stacks()) {
                    long nanos = cpu.intervalNanos() == null ? 0 : s.samples() * cpu.intervalNanos();
                    sample(s.stack(), "cpu", new long[] {0, 0, 0, 0, s.samples(), nanos}, "cpu", t.task(), label);
                }
            }
        }
        for (ProtoWriter l : locationMessages) {
            profile.message(4, l);
        }
        for (ProtoWriter f : functionMessages) {
            profile.message(5, f);
        }
        profile.varint(9, a.window().startEpochNanos());
        profile.varint(10, a.window().durationNanos());
        if (cpu != null && cpu.intervalNanos() != null) {
            profile.message(11, new ProtoWriter().varint(1, string("cpu")).varint(2, string("nanoseconds")));
            profile.varint(12, cpu.intervalNanos());
        } else {
            profile.message(11, new ProtoWriter().varint(1, string("contentions")).varint(2, string("count")));
            profile.varint(12, 1);
        }
        profile.varint(13, string("blockscope: " + a.source().file()));
        profile.varint(14, string("delay"));
        // the string table last: every index above is taken by now; written as field 6 wherever it stands
        for (String s : strings) {
            profile.string(6, s);
        }
        return profile.toByteArray();
    }

    private void sample(int stack, String reason, long[] values, String kind, long taskId, String taskLabel) {
        List<String> frames = stack >= 0 ? a.stacks().get(stack) : List.of();
        long[] ids = new long[frames.size() + 1];
        int n = 0;
        for (String frame : frames) {
            ids[n++] = location(frame);
        }
        ids[n++] = location("[" + reason + "]"); // the root: the reason, as in the collapsed export
        ProtoWriter s = new ProtoWriter().packed(1, ids, n).packed(2, values, values.length);
        s.message(3, new ProtoWriter().varint(1, string("profile")).varint(2, string(kind)));
        s.message(3, new ProtoWriter().varint(1, string("reason")).varint(2, string(reason)));
        if (taskLabel != null) {
            s.message(3, new ProtoWriter().varint(1, string("task")).varint(2, string(taskLabel)));
            s.message(3, new ProtoWriter().varint(1, string("task_id")).varint(3, taskId));
        }
        profile.message(2, s);
    }

    /** One location per distinct frame "pkg.Class.method:line": its function "pkg.Class.method" at that line. */
    private long location(String frame) {
        Long id = locations.get(frame);
        if (id != null) {
            return id;
        }
        int colon = frame.lastIndexOf(':');
        long line = 0;
        String function = frame;
        if (colon > 0 && colon < frame.length() - 1 && frame.substring(colon + 1).chars().allMatch(Character::isDigit)
                && frame.length() - colon <= 10) {
            line = Long.parseLong(frame.substring(colon + 1));
            function = frame.substring(0, colon);
        }
        Long fid = functions.get(function);
        if (fid == null) {
            fid = (long) functions.size() + 1;
            functions.put(function, fid);
            functionMessages.add(new ProtoWriter().varint(1, fid).varint(2, string(function)).varint(3, string(function)));
        }
        id = (long) locations.size() + 1;
        locations.put(frame, id);
        locationMessages.add(new ProtoWriter().varint(1, id).message(4, new ProtoWriter().varint(1, fid).varint(2, line)));
        return id;
    }

    private long string(String s) {
        Long id = stringIds.get(s);
        if (id == null) {
            id = (long) strings.size();
            strings.add(s);
            stringIds.put(s, id);
        }
        return id;
    }
}
