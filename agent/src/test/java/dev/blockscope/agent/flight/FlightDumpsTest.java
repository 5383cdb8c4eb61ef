package dev.blockscope.agent.flight;

import dev.blockscope.agent.bridge.ChunkRecorder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The flight recorder's thread while nothing triggers. */
class FlightDumpsTest {
    @TempDir
    Path dir;

    /**
     * With a size window there is no rotation period: the thread once parked for 0 ns in a loop,
     * a core spinning while nothing happened. It waits a second between looks.
     */
    @Test
    void aSizeWindowDoesNotSpinWhileNothingTriggers() throws Exception {
        ChunkRecorder chunks = ChunkRecorder.start(dir.resolve("chunks"), 0);
        FlightOptions options = new FlightOptions(0, 64L << 20, List.of(new FlightOptions.Rule("pinned>20ms", "pinned", null, 20_000_000L)));
        FlightDumps flight = new FlightDumps(options, dir.resolve("out.jfr"), chunks, p -> { }, () -> { }, 0, m -> { }, m -> { });
        try {
            flight.start();
            Thread t = Thread.getAllStackTraces().keySet().stream().filter(x -> x.getName().equals("blockscope flight")).findFirst()
                    .orElseThrow();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long before = mx.getThreadCpuTime(t.threadId());
            Thread.sleep(1_500);
            long used = mx.getThreadCpuTime(t.threadId()) - before;
            assertThat(used).as("CPU ns of the flight thread in 1.5 s").isLessThan(100_000_000L);
        } finally {
            flight.stop();
            chunks.finish();
        }
    }
}
