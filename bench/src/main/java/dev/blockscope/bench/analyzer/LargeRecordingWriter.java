package dev.blockscope.bench.analyzer;

import dev.blockscope.event.Reason;
import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.TaskEndEvent;
import dev.blockscope.event.TaskStartEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * Writes the benchmark's recording: 1000 virtual threads each commit Suspend-with-stack and Unpark pairs
 * until about {@code events} events exist, plus a TaskStart and TaskEnd each.
 */
final class LargeRecordingWriter {
    private LargeRecordingWriter() {}

    static void write(Path out, long events) throws Exception {
        int threads = 1000;
        long perThread = events / threads / 2;
        String[] reasons = {Reason.PARK_LOCK, Reason.SLEEP, Reason.SOCKET_READ, Reason.CHAN_RECV};
        try (Recording r = new Recording()) {
            r.enable("blockscope.TaskStart");
            r.enable("blockscope.TaskEnd");
            r.enable("blockscope.Suspend").withStackTrace().withThreshold(Duration.ZERO);
            r.enable("blockscope.Unpark");
            r.start();
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                all.add(Thread.ofVirtual().name("load-" + t).start(() -> {
                    new TaskStartEvent().commit();
                    long self = Thread.currentThread().threadId();
                    for (long i = 0; i < perThread; i++) {
                        SuspendEvent s = new SuspendEvent();
                        s.begin();
                        OldUnparkEvent u = new OldUnparkEvent(); // an older agent's wake-up event
                        u.targetId = self;
                        u.commit();
                        s.end();
                        s.reason = reasons[(int) ((i + n) % reasons.length)];
                        s.commit();
                        if (i % 64 == 0) {
                            Thread.yield();
                        }
                    }
                    new TaskEndEvent().commit();
                }));
            }
            for (Thread t : all) {
                t.join();
            }
            r.stop();
            r.dump(out);
        }
    }
}
