package dev.blockscope.agent;

import dev.blockscope.agent.workload.ManyParked;
import dev.blockscope.agent.workload.PermitSleeps;
import dev.blockscope.agent.workload.PinnedClassInit;
import dev.blockscope.agent.workload.PlatformSleepers;
import dev.blockscope.agent.workload.SleepingVirtualThreads;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sleeps and a pinned wait of virtual and platform threads, checked against the workload's truth. */
class VirtualThreadIT {
    @TempDir
    Path dir;

    @Test
    void aParkedVirtualThreadHoldsItsStateOnlyNoEventObjectsNoThreadLocalMap() throws Exception {
        // 20,000 parked virtual threads, each after one recorded sleep: the agent keeps one
        // state each, without event objects (the virtual threads commit with their carriers')
        // and without giving any of them a thread-local map
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, ManyParked.class, "", "-Djdk.virtualThreadScheduler.parallelism=2",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        long tasks = run.truth("tasks");
        assertThat(run.truth("states")).isEqualTo(tasks);
        assertThat(run.truth("withEvents")).isZero();
        assertThat(run.truth("withThreadLocals")).isZero();
        assertThat(run.events("blockscope.Suspend")).filteredOn(e -> e.getString("reason").equals("sleep")
                && e.getThread().isVirtual()).hasSize((int) tasks);
    }

    @Test
    void everySleepOfVirtualThreadsIsOneSuspendWithItsDurationCarrierAndStack() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, SleepingVirtualThreads.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        checkSleepers(run, true);
    }

    @Test
    void everySleepOfPlatformThreadsIsOneSuspendWithoutCarrier() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, PlatformSleepers.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        checkSleepers(run, false);
    }

    @Test
    void aSleepThatReturnsWithoutUnmountingIsStillOneSuspend() throws Exception {
        // Ticker sleeps under load were lost this way: the permit left by the previous sleep let
        // the park return at once, the sleep time had passed, and no yield happened.
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, PermitSleeps.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> suspends = named(ForkedJvm.byThread(run.events()).get(run.truth("sleeper")), "blockscope.Suspend");
        assertThat(suspends).hasSize((int) run.truth("sleeps"));
        assertThat(suspends).allSatisfy(s -> {
            assertThat(s.getString("reason")).isEqualTo("sleep");
            assertThat(s.getLong("timeout")).isEqualTo(1L);
        });
    }

    private static void checkSleepers(ForkedJvm.Run run, boolean virtual) throws Exception {
        // the scheduler's timer thread (JDK 25: ForkJoinPool-N-delayScheduler) is machinery, not a task
        assertThat(run.events()).noneMatch(e -> e.getEventType().getName().startsWith("blockscope.")
                && e.getThread() != null && e.getThread().getJavaName() != null
                && (e.getThread().getJavaName().endsWith("-delayScheduler") || e.getThread().getJavaName().equals("VirtualThread-unparker")));
        Map<String, String> truth = run.groundTruth();
        Map<Long, List<RecordedEvent>> byThread = ForkedJvm.byThread(run.events());
        long main = run.truth("main");
        int checked = 0;
        for (Map.Entry<String, String> e : truth.entrySet()) {
            if (!e.getKey().startsWith("t")) {
                continue;
            }
            long id = Long.parseLong(e.getKey().substring(1));
            long millis = Long.parseLong(e.getValue());
            List<RecordedEvent> events = byThread.get(id);
            assertThat(events).as("events of thread %d", id).isNotNull();
            List<RecordedEvent> suspends = named(events, "blockscope.Suspend");
            assertThat(suspends).as("suspensions of thread %d", id).hasSize(1);
            RecordedEvent s = suspends.get(0);
            assertThat(s.getString("reason")).isEqualTo("sleep");
            assertThat(s.getDuration()).isBetween(Duration.ofMillis(millis), Duration.ofMillis(millis + 500));
            assertThat(s.getLong("timeout")).isEqualTo(millis * 1_000_000L);
            assertThat(s.getBoolean("pinned")).isFalse();
            if (virtual) {
                assertThat(s.getLong("carrierId")).isPositive();
                assertThat(s.getLong("resumeCarrierId")).isPositive();
            } else {
                assertThat(s.getLong("carrierId")).isZero();
            }
            // a sleep ends by its timer, not by another task's unpark
            assertThat(s.getLong("wakerId")).isZero();
            assertThat(s.getDuration().toNanos()).isGreaterThanOrEqualTo(s.getLong("readyNanos"));
            // longer than the default 1 ms stack policy: the stack shows the sleep and its caller
            assertThat(s.getStackTrace()).isNotNull();
            assertThat(s.getStackTrace().getFrames()).extracting(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName())
                    .contains("java.lang.Thread.sleep")
                    .anyMatch(f -> f.startsWith(SleepingVirtualThreads.class.getName() + "."));
            List<RecordedEvent> starts = named(events, "blockscope.TaskStart");
            assertThat(starts).hasSize(1);
            assertThat(starts.get(0).getBoolean("virtual")).isEqualTo(virtual);
            assertThat(starts.get(0).getLong("parentId")).isEqualTo(main);
            assertThat(named(events, "blockscope.TaskEnd")).hasSize(1);
            checked++;
        }
        assertThat(checked).isEqualTo(run.truth("count"));
    }

    @Test
    void aParkInsideAClassInitializerIsPinnedWithTheJdkReasonAndTheInitializerOnTheStack() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, PinnedClassInit.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        long thread = run.truth("thread");
        // loading SlowInit also reads its class file (file.read); the park is the one wait
        List<RecordedEvent> suspends = named(ForkedJvm.byThread(run.events()).get(thread), "blockscope.Suspend")
                .stream().filter(e -> !e.getString("reason").equals("file.read")).toList();
        assertThat(suspends).hasSize(1);
        RecordedEvent s = suspends.get(0);
        assertThat(s.getBoolean("pinned")).isTrue();
        assertThat(s.getString("pinReason")).isEqualTo("NATIVE");
        assertThat(s.getString("reason")).isEqualTo("park.other");
        // the park's timeout is 50 ms; the workload times it from outside the call (probe work
        // and scheduling included), which bounds it from above
        assertThat(s.getDuration()).isBetween(Duration.ofMillis(49), Duration.ofNanos(run.truth("parkedNanos")));
        assertThat(s.getLong("timeout")).isEqualTo(50_000_000L);
        assertThat(s.getLong("carrierId")).isPositive().isEqualTo(s.getLong("resumeCarrierId"));
        assertThat(s.getStackTrace().getFrames()).map(RecordedFrame::getMethod)
                .anyMatch(m -> m.getName().equals("<clinit>") && m.getType().getName().endsWith("PinnedClassInit$SlowInit"));
        assertThat(run.events("jdk.VirtualThreadPinned")).isNotEmpty();
    }

    @Test
    void theRuntimesTaskHintsAreSharedWithTheAgentAndNameTheReason() throws Exception {
        ForkedJvm.Run run = ForkedJvm.runSteady(dir, dev.blockscope.agent.workload.RuntimeHint.class, "");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.truth("bootLoaded")).isEqualTo(1);
        assertThat(run.truth("active")).isEqualTo(1);
        assertThat(named(ForkedJvm.byThread(run.events()).get(run.truth("thread")), "blockscope.Suspend"))
                .singleElement().satisfies(e -> assertThat(e.getString("reason")).isEqualTo("chan.recv"));
        // the bridge is defined in the bootstrap loader: no bootstrap class path append, no CDS warning
        assertThat(run.stderr()).doesNotContain("Sharing is only supported");
    }

    static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }
}
