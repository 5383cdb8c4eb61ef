package dev.blockscope.ui;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The columns taken out of the JSON and their varint stream decode back to the same numbers. */
class TimelineColumnsTest {

    static final String JSON = """
            {"schema":"blockscope.analysis/1","tasks":[{"name":"a \\"timeline\\": [1,2]","id":1}],
             "timeline":{"states":["RUNNING","RUNNABLE"],"reasons":["sleep"],
               "task":[1, 1, 2], "start":[0,5000,1795000000000000000], "end":[5000,9000,1795000000000000123],
               "state":[0,1,0],"reason":[-1,0,-1],"carrier":[21,-1,22],"stack":[-1,3,-1],"waker":[-1,2,-1],
               "truncated":false},
             "stacks":[["x:1"]],"other":{"task":[9,9]}}""";

    @Test
    void columnsAreReplacedByEmptyArraysAndTheRestIsKept() {
        TimelineColumns.Split split = TimelineColumns.split(JSON.getBytes(StandardCharsets.UTF_8));
        assertThat(split).isNotNull();
        assertThat(split.count()).isEqualTo(3);
        String rest = new String(split.json(), StandardCharsets.UTF_8);
        assertThat(rest).contains("\"task\":[], \"start\":[], \"end\":[]", "\"state\":[],\"reason\":[],\"carrier\":[],\"stack\":[],\"waker\":[]",
                "\"truncated\":false", "\"name\":\"a \\\"timeline\\\": [1,2]\"", "\"other\":{\"task\":[9,9]}");
        assertThat(split.columns()[TimelineColumns.NAMES.indexOf("end")]).containsExactly(5000, 9000, 1795000000000000123L);
    }

    @Test
    void varintStreamDecodesToTheColumns() throws Exception {
        TimelineColumns.Split split = TimelineColumns.split(JSON.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        split.writeBinary(out);
        byte[] bytes = out.toByteArray();
        int at = 0;
        long[] start = null;
        for (String name : TimelineColumns.NAMES) {
            long previous = 0;
            long[] decoded = new long[split.count()];
            for (int i = 0; i < split.count(); i++) {
                long v = 0;
                int shift = 0;
                byte b;
                do { b = bytes[at++]; v |= (long) (b & 0x7F) << shift; shift += 7; } while ((b & 0x80) != 0);
                long delta = (v >>> 1) ^ -(v & 1);
                previous = name.equals("end") ? start[i] + delta : previous + delta;
                decoded[i] = previous;
            }
            if (name.equals("start")) start = decoded;
            assertThat(decoded).as(name).containsExactly(split.columns()[TimelineColumns.NAMES.indexOf(name)]);
        }
        assertThat(at).isEqualTo(bytes.length);
    }

    @Test
    void anythingUnexpectedFallsBackToPlainJson() {
        assertThat(TimelineColumns.split("{\"tasks\":[]}".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(TimelineColumns.split(JSON.replace("[0,5000,", "[0.5,5000,").getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(TimelineColumns.split(JSON.replace("\"waker\":[-1,2,-1]", "\"waker\":[-1,2]").getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(TimelineColumns.split(JSON.substring(0, 200).getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
