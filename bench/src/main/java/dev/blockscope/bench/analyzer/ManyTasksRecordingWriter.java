package dev.blockscope.bench.analyzer;

import dev.blockscope.event.Reason;
import dev.blockscope.event.SuspendEvent;
import dev.blockscope.event.TaskEndEvent;
import dev.blockscope.event.TaskStartEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;

/**
 * Writes a recording of a server that starts a virtual thread per request: {@code tasks} short
 * virtual threads (at most 10,000 at once), each a TaskStart, {@code waits} Suspends of a 20 µs
 * park and a TaskEnd, as the agent records them (without stacks, as most of the agent's waits).
 * What it must analyze to: {@code tasks} tasks and {@code tasks x waits} suspensions.
 */
final class ManyTasksRecordingWriter {
    private ManyTasksRecordingWriter() {}

    static void write(Path out, int tasks, int waits) throws Exception {
        Semaphore running = new Semaphore(10_000);
        try (Recording r = new Recording()) {
            r.enable("blockscope.TaskStart");
            r.enable("blockscope.TaskEnd");
            r.enable("blockscope.Suspend").withoutStackTrace().withThreshold(Duration.ZERO);
            r.start();
            for (int t = 0; t < tasks; t++) {
                running.acquire();
                Thread.ofVirtual().name("request-" + t).start(() -> {
                    try {
                        new TaskStartEvent().commit();
                        for (int w = 0; w < waits; w++) {
                            SuspendEvent s = new SuspendEvent();
                            s.begin();
                            LockSupport.parkNanos(20_000);
                            s.end();
                            s.reason = Reason.SOCKET_READ;
                            s.commit();
                        }
                        new TaskEndEvent().commit();
                    } finally {
                        running.release();
                    }
                });
            }
            running.acquire(10_000);
            r.stop();
            r.dump(out);
        }
    }
}
