package dev.blockscope.analyzer.read;

import dev.blockscope.event.Reason;
import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.TaskEndEvent;
import dev.blockscope.event.TaskStartEvent;
import dev.blockscope.event.UnparkEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;

/**
 * Writes a large blockscope recording for throughput and heap measurements (not run by the test
 * suite): {@code THREADS} virtual threads each commit Suspend/Unpark pairs until about
 * {@code EVENTS} events exist. Usage: {@code java -cp <test classpath> dev.blockscope.analyzer.read.LargeRecording OUT.jfr [EVENTS]}.
 */
public final class LargeRecording {
    private LargeRecording() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long events = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
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
                        UnparkEvent u = new UnparkEvent();
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
