package dev.blockscope.agent;

import dev.blockscope.agent.workload.PingPong;
import dev.blockscope.agent.workload.PlatformPingPong;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.blockscope.agent.VirtualThreadIT.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ping-pong between two tasks: every hand-off recorded, the waker links right, and the run
 * slices derived from the Suspend events never overlap on a carrier. Also run interpreted and
 * C1-only, where events committed in the wrong context were lost in a first prototype.
 */
class PingPongIT {
    @TempDir
    Path dir;

    private static final String[] ONE_CARRIER = {"-Djdk.virtualThreadScheduler.parallelism=1",
            "-Djdk.virtualThreadScheduler.maxPoolSize=1"};

    @Test
    void virtualThreadsOnOneCarrier() throws Exception {
        check(ForkedJvm.run(dir, PingPong.class, "", ONE_CARRIER), true);
    }

    @Test
    void virtualThreadsInterpretedLoseNothing() throws Exception {
        check(ForkedJvm.run(dir, PingPong.class, "", concat(ONE_CARRIER, "-Xint", "-Drounds=2000")), true);
    }

    @Test
    void virtualThreadsC1OnlyLoseNothing() throws Exception {
        check(ForkedJvm.run(dir, PingPong.class, "", concat(ONE_CARRIER, "-XX:TieredStopAtLevel=1", "-Drounds=2000")), true);
    }

    @Test
    void virtualThreadsOnTwoCarriersWithAllStacks() throws Exception {
        check(ForkedJvm.run(dir, PingPong.class, "stacks=on", "-Djdk.virtualThreadScheduler.parallelism=2",
                "-Drounds=3000"), false);
    }

    @Test
    void platformThreads() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, PlatformPingPong.class, "", "-Drounds=2000");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        long a = run.truth("a"), b = run.truth("b");
        // a platform thread's park cannot tell whether it blocked: every park() call is one Suspend
        assertThat(named(byThread.get(a), "blockscope.Suspend")).hasSize((int) run.truth("parksA"))
                .allMatch(e -> e.getString("reason").equals("park.other") && e.getThread("carrier") == null);
        assertThat(named(byThread.get(b), "blockscope.Suspend")).hasSize((int) run.truth("parksB"));
        checkUnparks(run, a, b);
    }

    private static void check(ForkedJvm.Run run, boolean exactSuspends) throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        long a = run.truth("a"), b = run.truth("b");
        List<RecordedEvent> suspendsA = named(byThread.get(a), "blockscope.Suspend");
        List<RecordedEvent> suspendsB = named(byThread.get(b), "blockscope.Suspend");
        if (exactSuspends) {
            // one carrier: a park suspends exactly when it returns with the turn already its own
            assertThat(suspendsA).hasSize((int) run.truth("wakeupsA"));
            assertThat(suspendsB).hasSize((int) run.truth("wakeupsB"));
        } else {
            // two carriers: a park may find the permit already given and return without suspending
            assertThat(suspendsA.size()).isBetween(1, (int) run.truth("parksA"));
            assertThat(suspendsB.size()).isBetween(1, (int) run.truth("parksB"));
            assertThat(suspendsA).allMatch(e -> e.getStackTrace() != null);
        }
        assertThat(suspendsA).allMatch(e -> e.getString("reason").equals("park.other"));
        checkUnparks(run, a, b);
        checkRunSlices(byThread.get(a), byThread.get(b));
    }

    private static void checkUnparks(ForkedJvm.Run run, long a, long b) throws Exception {
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        List<RecordedEvent> fromA = named(byThread.get(a), "blockscope.Unpark");
        List<RecordedEvent> fromB = named(byThread.get(b), "blockscope.Unpark");
        assertThat(fromA).hasSize((int) run.truth("unparksToB")).allMatch(e -> e.getLong("targetId") == b);
        assertThat(fromB).hasSize((int) run.truth("unparksToA")).allMatch(e -> e.getLong("targetId") == a);
    }

    /** A run slice: a virtual thread on a carrier from a Suspend's end (or its start) to the next Suspend's start. */
    record Slice(long task, long carrier, Instant from, Instant to) {}

    private static void checkRunSlices(List<RecordedEvent>... tasks) {
        Map<Long, List<Slice>> byCarrier = new HashMap<>();
        for (List<RecordedEvent> events : tasks) {
            List<RecordedEvent> sorted = new ArrayList<>(events.stream().filter(e -> e.getEventType().getName()
                    .matches("blockscope\\.(TaskStart|TaskEnd|Suspend)")).toList());
            sorted.sort(Comparator.comparing(RecordedEvent::getStartTime));
            long task = sorted.get(0).getThread().getJavaThreadId();
            assertThat(sorted.get(0).getEventType().getName()).isEqualTo("blockscope.TaskStart");
            assertThat(sorted.get(sorted.size() - 1).getEventType().getName()).isEqualTo("blockscope.TaskEnd");
            long carrier = sorted.get(0).getThread("carrier").getJavaThreadId();
            Instant from = sorted.get(0).getStartTime();
            for (RecordedEvent e : sorted.subList(1, sorted.size())) {
                if (e.getEventType().getName().equals("blockscope.Suspend")) {
                    assertThat(e.getThread("carrier").getJavaThreadId()).as("suspension starts on the slice's carrier").isEqualTo(carrier);
                    byCarrier.computeIfAbsent(carrier, k -> new ArrayList<>()).add(new Slice(task, carrier, from, e.getStartTime()));
                    carrier = e.getThread("resumeCarrier").getJavaThreadId();
                    from = e.getEndTime();
                } else {
                    byCarrier.computeIfAbsent(carrier, k -> new ArrayList<>()).add(new Slice(task, carrier, from, e.getStartTime()));
                }
            }
        }
        for (List<Slice> slices : byCarrier.values()) {
            slices.sort(Comparator.comparing(Slice::from));
            for (int i = 1; i < slices.size(); i++) {
                Slice prev = slices.get(i - 1), next = slices.get(i);
                assertThat(prev.to()).as("slice %s overlaps %s", prev, next).isBeforeOrEqualTo(next.from());
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
