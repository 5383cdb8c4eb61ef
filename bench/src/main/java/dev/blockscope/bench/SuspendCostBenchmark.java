package dev.blockscope.bench;

import dev.blockscope.agent.bridge.ProbeBridge;
import dev.blockscope.event.SuspendNoStackEvent;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What one recorded suspension costs inside the bridge: a probe's entry and exit on a platform
 * thread (which commits a {@code blockscope.Suspend} every time) with a JFR recording running,
 * compared with committing the bare JFR event and with doing nothing. {@code stacks} is the
 * agent's stack policy: off, on, or the default (1 ms: these suspensions are shorter, no stack).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--sun-misc-unsafe-memory-access=allow")
public class SuspendCostBenchmark {
    @Param({"off", "default", "on"})
    public String stacks;

    private Recording recording;

    @Setup(Level.Trial)
    public void start() {
        recording = new Recording();
        recording.enable("blockscope.Suspend").withThreshold(Duration.ZERO);
        recording.setToDisk(true);
        recording.start();
        long stackMin = switch (stacks) {
            case "off" -> Long.MAX_VALUE;
            case "on" -> 0L;
            default -> 1_000_000L;
        };
        try {
            chunks = dev.blockscope.agent.bridge.ChunkRecorder.start(java.nio.file.Files.createTempDirectory("blockscope-jmh"), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ProbeBridge.configure(true, stackMin, 0, 0, -1);
    }

    private dev.blockscope.agent.bridge.ChunkRecorder chunks;

    @TearDown(Level.Trial)
    public void stop() {
        ProbeBridge.configure(false, Long.MAX_VALUE, 0, 0, -1);
        try {
            chunks.finish();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        chunks.discard();
        recording.stop();
        recording.close();
    }

    /** A probe's entry and exit: one Suspend committed through the bridge. */
    @Benchmark
    public void bridgeSuspend() {
        ProbeBridge.exit(ProbeBridge.enter("sleep", null, -1L, false));
    }

    /** The bare JFR event, no bridge: the floor. */
    @Benchmark
    public void bareEvent() {
        SuspendNoStackEvent e = new SuspendNoStackEvent();
        e.begin();
        e.reason = "sleep";
        e.commit();
    }
}
