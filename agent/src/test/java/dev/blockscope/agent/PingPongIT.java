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
 * Ping-pong between two tasks: every hand-off recorded, the waker links right (each Suspend
 * names the task that woke it and its ready time), the carriers named once, and the run slices
 * derived from the Suspend events never overlap on a carrier. Also run interpreted and C1-only,
 * where events committed in the wrong context were lost in a first prototype.
 */
class PingPongIT {
    @TempDir
    Path dir;

    private static final String[] ONE_CARRIER = {"-Djdk.virtualThreadScheduler.parallelism=1",
            "-Djdk.virtualThreadScheduler.maxPoolSize=1"};

    @Test
    void virtualThreadsOnOneCarrier() throws Exception {
        check(ForkedJvm.runSteady(dir, PingPong.class, "", ONE_CARRIER), true);
    }

    /**
     * The default start: the ping-pong begins at once, while JFR still starts; its hand-offs go
     * into the agent's own chunks all the same (only a wait with a stack waits for JFR, as a
     * blockscope.EarlySuspend); every one is there.
     */
    @Test
    void virtualThreadsOnOneCarrierFromMainsFirstLine() throws Exception {
        ForkedJvm.run(dir, PingPong.class, "", concat(ONE_CARRIER, "-Drounds=100")); // warm the woven-class cache
        ForkedJvm.Run run = ForkedJvm.run(dir, PingPong.class, "", ONE_CARRIER);
        check(run, true);
        assertThat(ForkedJvm.either(run.events(), "Suspend")).filteredOn(e -> ForkedJvm.taskOf(e) == run.truth("a"))
                .hasSize((int) run.truth("wakeupsA"));
    }

    @Test
    void virtualThreadsTimedWithoutJfrsClock() throws Exception {
        // the fallback when JFR's clock is not reachable: System.nanoTime() and begin()/end(). The
        // agent's chunks then have a clock of their own, which the JDK's reader (one clock per file)
        // sets apart from JFR's chunk: without stacks every event of the tasks is in the agent's.
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, PingPong.class, "stacks=off", concat(ONE_CARRIER, "-Dblockscope.jfrClock=false",
                "-Drounds=2000"));
        check(run, true);
        assertThat(run.events("blockscope.ProbeStatus")).filteredOn(e -> e.getString("probe").equals("clock"))
                .singleElement().satisfies(e -> assertThat(e.getBoolean("live")).isFalse());
    }

    @Test
    void virtualThreadsInterpretedLoseNothing() throws Exception {
        check(ForkedJvm.runSteady(dir, PingPong.class, "", concat(ONE_CARRIER, "-Xint", "-Drounds=2000")), true);
    }

    @Test
    void virtualThreadsC1OnlyLoseNothing() throws Exception {
        check(ForkedJvm.runSteady(dir, PingPong.class, "", concat(ONE_CARRIER, "-XX:TieredStopAtLevel=1", "-Drounds=2000")), true);
    }

    @Test
    void virtualThreadsOnTwoCarriersWithAllStacks() throws Exception {
        check(ForkedJvm.runSteady(dir, PingPong.class, "stacks=on,stackrate=unlimited", "-Djdk.virtualThreadScheduler.parallelism=2",
                "-Drounds=3000"), false);
    }

    @Test
    void platformThreads() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, PlatformPingPong.class, "", "-Drounds=2000");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        long a = run.truth("a"), b = run.truth("b");
        // a platform thread's park cannot tell whether it blocked: every park() call is one Suspend
        assertThat(named(byThread.get(a), "blockscope.Suspend")).hasSize((int) run.truth("parksA"))
                .allMatch(e -> e.getString("reason").equals("park.other") && e.getLong("carrierId") == 0);
        assertThat(named(byThread.get(b), "blockscope.Suspend")).hasSize((int) run.truth("parksB"));
        // a park that found the permit already given was not woken during the wait: waker 0
        checkWakers(run, a, b, false);
        assertThat(run.events("blockscope.Carrier")).isEmpty();
    }

    private static void check(ForkedJvm.Run run, boolean exactSuspends) throws Exception {
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byTask(run.events());
        long a = run.truth("a"), b = run.truth("b");
        List<RecordedEvent> suspendsA = ForkedJvm.either(byThread.get(a), "Suspend");
        List<RecordedEvent> suspendsB = ForkedJvm.either(byThread.get(b), "Suspend");
        if (exactSuspends) {
            // one carrier: a park suspends exactly when it returns with the turn already its own
            assertThat(suspendsA).hasSize((int) run.truth("wakeupsA"));
            assertThat(suspendsB).hasSize((int) run.truth("wakeupsB"));
        } else {
            // two carriers: a park may find the permit already given and return without suspending
            assertThat(suspendsA.size()).isBetween(1, (int) run.truth("parksA"));
            assertThat(suspendsB.size()).isBetween(1, (int) run.truth("parksB"));
            assertThat(suspendsA).filteredOn(e -> e.getEventType().getName().equals("blockscope.Suspend"))
                    .allMatch(e -> e.getStackTrace() != null);
        }
        assertThat(suspendsA).allMatch(e -> e.getString("reason").equals("park.other"));
        checkWakers(run, a, b, exactSuspends);
        checkRunSlices(byThread.get(a), byThread.get(b));
        checkCarriersNamedOnce(run, exactSuspends ? 1 : 2);
    }

    /**
     * The wake-up inside each Suspend: only the other side ever unparks a side, so a recorded
     * waker is always the other task, and no more wakes are recorded than unparks were sent.
     * With one carrier every suspension ends because the other side unparked it after it
     * blocked, so every one of them carries that waker ({@code exact}). With two carriers or
     * platform threads the waker's probe may run just before the target's wait opens (the wake
     * is then the permit that ends the wait at once, or is dropped), so some have none.
     */
    private static void checkWakers(ForkedJvm.Run run, long a, long b, boolean exact) throws Exception {
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byTask(run.events());
        for (long[] side : new long[][] {{a, b, run.truth("unparksToA")}, {b, a, run.truth("unparksToB")}}) {
            List<RecordedEvent> suspends = ForkedJvm.either(byThread.get(side[0]), "Suspend");
            List<RecordedEvent> woken = suspends.stream().filter(e -> e.getLong("wakerId") != 0).toList();
            assertThat(woken).as("wakers of %d", side[0]).allMatch(e -> e.getLong("wakerId") == side[1]);
            assertThat(woken.size()).isBetween(1, (int) side[2]);
            // the ready time (wake-up to running again) lies inside the suspension
            assertThat(woken).allMatch(e -> e.getLong("readyNanos") >= 1
                    && e.getLong("readyNanos") <= e.getDuration().toNanos());
            assertThat(suspends).filteredOn(e -> e.getLong("wakerId") == 0).allMatch(e -> e.getLong("readyNanos") == 0);
            if (exact) {
                assertThat(woken).as("every hand-off to %d has its waker", side[0]).hasSameSizeAs(suspends);
            }
        }
        // the wake-up is part of the Suspend: no separate event any more, and no type for one in the file,
        assertThat(run.events("blockscope.Unpark")).isEmpty();
        try (jdk.jfr.consumer.RecordingFile file = new jdk.jfr.consumer.RecordingFile(run.recording())) {
            // nor for the other events no agent writes any more
            assertThat(file.readEventTypes()).extracting(jdk.jfr.EventType::getName)
                    .doesNotContain("blockscope.Unpark", "blockscope.EarlyTaskStart", "blockscope.EarlyTaskEnd");
        }
    }

    /**
     * Every carrier an event refers to is named by exactly one blockscope.Carrier (the
     * recording is one chunk), and no other carrier is named.
     */
    private static void checkCarriersNamedOnce(ForkedJvm.Run run, int maxCarriers) throws Exception {
        Map<Long, Long> named = new HashMap<>();
        for (RecordedEvent e : run.events("blockscope.Carrier")) {
            named.merge(e.getThread("carrier").getJavaThreadId(), 1L, Long::sum);
            assertThat(e.getThread("carrier").getJavaName()).startsWith("ForkJoinPool-");
        }
        java.util.Set<Long> used = new java.util.HashSet<>();
        for (RecordedEvent e : run.events()) {
            for (String field : new String[] {"carrierId", "resumeCarrierId"}) {
                if (e.getEventType().getName().startsWith("blockscope.") && e.hasField(field) && e.getLong(field) != 0) {
                    used.add(e.getLong(field));
                }
            }
        }
        assertThat(used).isNotEmpty().hasSizeLessThanOrEqualTo(maxCarriers);
        assertThat(named.keySet()).isEqualTo(used);
        assertThat(named.values()).allMatch(n -> n == 1);
    }

    /** A run slice: a virtual thread on a carrier from a Suspend's end (or its start) to the next Suspend's start. */
    record Slice(long task, long carrier, Instant from, Instant to) {}

    private static void checkRunSlices(List<RecordedEvent>... tasks) {
        Map<Long, List<Slice>> byCarrier = new HashMap<>();
        for (List<RecordedEvent> events : tasks) {
            List<RecordedEvent> sorted = new ArrayList<>(events.stream().filter(e -> ForkedJvm.kindOf(e)
                    .matches("TaskStart|TaskEnd|Suspend")).toList());
            sorted.sort(Comparator.comparing(RecordedEvent::getStartTime));
            long task = ForkedJvm.taskOf(sorted.get(0));
            assertThat(ForkedJvm.kindOf(sorted.get(0))).isEqualTo("TaskStart");
            assertThat(ForkedJvm.kindOf(sorted.get(sorted.size() - 1))).isEqualTo("TaskEnd");
            long carrier = sorted.get(0).getLong("carrierId");
            Instant from = sorted.get(0).getStartTime();
            for (RecordedEvent e : sorted.subList(1, sorted.size())) {
                if (ForkedJvm.kindOf(e).equals("Suspend")) {
                    assertThat(e.getLong("carrierId")).as("suspension starts on the slice's carrier").isEqualTo(carrier);
                    byCarrier.computeIfAbsent(carrier, k -> new ArrayList<>()).add(new Slice(task, carrier, from, e.getStartTime()));
                    carrier = e.getLong("resumeCarrierId");
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
