package dev.blockscope.agent;

import com.sun.tools.attach.VirtualMachine;
import dev.blockscope.agent.workload.SleepUntilKilled;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Dynamic attach by pid ({@code agentmain}) and {@code stop}, as {@code blockscope attach} does it. */
class AttachIT {
    @TempDir
    Path dir;

    @Test
    void attachRecordsARunningJvmAndStopWritesTheFile() throws Exception {
        Path jfr = dir.resolve("attached.jfr");
        Process p = ForkedJvm.start(dir, SleepUntilKilled.class, null, "-XX:+EnableDynamicAgentLoading");
        try {
            waitFor(p, dir.resolve("stdout.txt"), "READY");
            VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
            try {
                vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "file=" + jfr);
                Thread.sleep(500); // the loopers keep sleeping: 4 threads every 5 ms
                vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "stop");
            } finally {
                vm.detach();
            }
            assertThat(jfr).exists();
            ForkedJvm.Run run = new ForkedJvm.Run(0, "", Files.readString(dir.resolve("stderr.txt")), jfr);
            List<RecordedEvent> sleeps = run.events("blockscope.Suspend").stream()
                    .filter(e -> e.getString("reason").equals("sleep")).toList();
            assertThat(sleeps.size()).isGreaterThan(20);
            assertThat(run.events("blockscope.ProbeStatus")).isNotEmpty();
            // the agent initializes its classes before its probes use them: no task waits for that
            // initialization holding its carrier (tasks reaching the bridge at once used to). (A
            // commit that contends for JFR's own monitor also pins, briefly: not checked here.)
            assertThat(run.events("jdk.VirtualThreadPinned")).as("carriers pinned waiting for the agent's class initialization")
                    .noneMatch(e -> String.valueOf(e.getString("pinnedReason")).contains("initialization of dev.blockscope.")
                            && e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                            .anyMatch(f -> f.getMethod().getType().getName().startsWith("dev.blockscope.agent.")));
            // the sleepers sleep nearly all the time: at the stop some are inside a sleep (the slow
            // sleeper always, in a 200 ms sleep; a looper's 5 ms sleep may have ended before the list)
            Set<Long> loopers = sleeps.stream().map(e -> e.getThread().getJavaThreadId()).collect(Collectors.toSet());
            // (JDK threads such as the virtual-thread unparker may be open too: only the sleepers checked)
            List<RecordedEvent> open = run.events("blockscope.OpenSuspend").stream()
                    .filter(e -> loopers.contains(e.getLong("taskId"))).toList();
            assertThat(run.events("blockscope.OpenSuspend")).as("a virtual thread inside a sleep at the stop is listed open")
                    .anyMatch(e -> e.getBoolean("taskVirtual") && "sleep".equals(e.getString("reason")));
            assertThat(open).allSatisfy(e -> {
                assertThat(e.getString("reason")).isEqualTo("sleep");
                assertThat(e.getBoolean("taskVirtual")).isTrue();
            });
            assertThat(ForkedJvm.agentLines(run.stderr())).containsExactly("blockscope: recording written to " + jfr);
            assertThat(p.isAlive()).as("the application keeps running after stop").isTrue();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Tasks that wait from before the attach to after the stop pass no probe in the window: the
     * go-live snapshot says what they did first, and the last chunk lists each one still in that
     * wait as open since the snapshot, so no part of the window is UNKNOWN. A task whose wait
     * ended meanwhile (the sleeper: it woke and slept again, through the probes) is not listed.
     */
    @Test
    void tasksWaitingTheWholeWindowAreListedOpenSinceTheSnapshot() throws Exception {
        Path jfr = dir.resolve("attached.jfr");
        Process p = ForkedJvm.start(dir, dev.blockscope.agent.workload.WaitingBeforeAttach.class, null,
                "-XX:+EnableDynamicAgentLoading");
        try {
            waitFor(p, dir.resolve("stdout.txt"), "READY");
            VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
            try {
                vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "file=" + jfr);
                Thread.sleep(2_500); // the sleeper's 1.5 s sleep ends in the window
                vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "stop");
            } finally {
                vm.detach();
            }
            ForkedJvm.Run run = new ForkedJvm.Run(0, "", Files.readString(dir.resolve("stderr.txt")), jfr);
            java.util.Map<String, RecordedEvent> snapshots = run.events("blockscope.TaskSnapshot").stream()
                    .collect(Collectors.toMap(e -> e.getString("taskName"), e -> e, (a, b) -> a));
            assertThat(snapshots).containsKeys("queue-waiter-0", "queue-waiter-1", "monitor-waiter", "sleeper");
            java.util.Map<Long, RecordedEvent> open = run.events("blockscope.OpenSuspend").stream()
                    .collect(Collectors.toMap(e -> e.getLong("taskId"), e -> e, (a, b) -> a));
            for (String name : List.of("queue-waiter-0", "queue-waiter-1", "monitor-waiter")) {
                RecordedEvent snapshot = snapshots.get(name);
                RecordedEvent o = open.get(snapshot.getLong("taskId"));
                assertThat(o).as(name + " listed open at the end").isNotNull();
                assertThat(o.getString("reason")).isEqualTo(snapshot.getString("reason"));
                assertThat(o.getBoolean("taskVirtual")).isEqualTo(snapshot.getBoolean("taskVirtual"));
                // open since the snapshot (epoch nanos), which is before the first chunk's events
                java.time.Instant since = java.time.Instant.ofEpochSecond(0, o.getLong("startNanos"));
                assertThat(java.time.Duration.between(since, snapshot.getStartTime()).abs())
                        .isLessThan(java.time.Duration.ofMillis(200));
            }
            assertThat(open.get(snapshots.get("monitor-waiter").getLong("taskId")).getString("reason")).isEqualTo("monitor.wait");
            long sleeper = snapshots.get("sleeper").getLong("taskId");
            assertThat(open.containsKey(sleeper) ? open.get(sleeper).getLong("startNanos") : Long.MAX_VALUE)
                    .as("the sleeper woke in the window: not open since the snapshot")
                    .isGreaterThan(epochNanos(snapshots.get("sleeper").getStartTime()) + 1_000_000_000L);
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Virtual threads running at the attach end in a {@code VirtualThread.run} frame entered before
     * the probes existed, so no probe sees their end: the agent finds them ended and writes a
     * TaskEnd saying since when the task may have been gone (the last check that found it alive).
     */
    @Test
    void tasksRunningAtTheAttachThatEndMeanwhileAreFoundEnded() throws Exception {
        Path jfr = dir.resolve("attached.jfr");
        Path marker = dir.resolve("end-now");
        Process p = ForkedJvm.start(dir, dev.blockscope.agent.workload.RunningAtAttach.class, null,
                "-XX:+EnableDynamicAgentLoading");
        try {
            waitFor(p, dir.resolve("stdout.txt"), "READY");
            VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
            try {
                vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "file=" + jfr);
                Thread.sleep(300);
                Files.writeString(marker, "now");
                waitFor(p, dir.resolve("stdout.txt"), "ENDED");
                Thread.sleep(500); // the chunk writer's sweeps: every 100 ms when quiet
                vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "stop");
            } finally {
                vm.detach();
            }
            long ended = Files.readAllLines(dir.resolve("stdout.txt")).stream().filter(l -> l.startsWith("ENDED "))
                    .mapToLong(l -> Long.parseLong(l.substring(6))).findFirst().orElseThrow();
            ForkedJvm.Run run = new ForkedJvm.Run(0, "", Files.readString(dir.resolve("stderr.txt")), jfr);
            List<RecordedEvent> ends = run.events("blockscope.TaskEnd").stream()
                    .filter(e -> e.getThread().getJavaName().startsWith("spinner-")).toList();
            assertThat(ends).hasSize(3).allSatisfy(e -> {
                long at = epochNanos(e.getStartTime());
                long after = e.getLong("endedAfterNanos");
                assertThat(after).as("alive at the last check before").isPositive().isLessThan(at);
                assertThat(e.getThread().isVirtual()).isTrue();
                // found within a few sweeps of the moment the workload saw them all end
                assertThat(at - ended).isLessThan(2_000_000_000L);
                assertThat(after).isLessThan(ended);
            });
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static long epochNanos(java.time.Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Test
    void attachingAgainAfterStopRecordsAgain() throws Exception {
        Path first = dir.resolve("first.jfr");
        Path second = dir.resolve("second.jfr");
        Process p = ForkedJvm.start(dir, SleepUntilKilled.class, null, "-XX:+EnableDynamicAgentLoading");
        try {
            waitFor(p, dir.resolve("stdout.txt"), "READY");
            String agent = ForkedJvm.AGENT_JAR.toAbsolutePath().toString();
            for (Path file : List.of(first, second)) {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
                try {
                    vm.loadAgent(agent, "file=" + file);
                    Thread.sleep(300);
                    vm.loadAgent(agent, "stop");
                } finally {
                    vm.detach();
                }
            }
            String stderr = Files.readString(dir.resolve("stderr.txt"));
            assertThat(ForkedJvm.agentLines(stderr)).as(stderr).containsExactly(
                    "blockscope: recording written to " + first, "blockscope: recording written to " + second);
            for (Path file : List.of(first, second)) {
                ForkedJvm.Run run = new ForkedJvm.Run(0, "", stderr, file);
                assertThat(run.events("blockscope.Suspend").stream().filter(e -> e.getString("reason").equals("sleep")))
                        .as(file.toString()).hasSizeGreaterThan(10);
                // each recording names the carriers its ids refer to, also after the first attach
                assertThat(run.events("blockscope.Carrier")).as(file.toString()).isNotEmpty();
            }
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A recording that ended by itself ({@code duration=}) no longer blocks the next attach (it
     * did: "already recording to b1.jfr" in the target while the tool said it recorded), and each
     * start and stop says to the attaching tool what it did.
     */
    @Test
    void aFinishedRecordingDoesNotBlockTheNextAndEachAnswerIsTruthful() throws Exception {
        Path b1 = dir.resolve("b1.jfr");
        Path b2 = dir.resolve("b2.jfr");
        Process p = ForkedJvm.start(dir, SleepUntilKilled.class, null, "-XX:+EnableDynamicAgentLoading");
        try {
            waitFor(p, dir.resolve("stdout.txt"), "READY");
            String agent = ForkedJvm.AGENT_JAR.toAbsolutePath().toString();
            assertThat(load(p, agent, "file=" + b1 + ",duration=300ms")).isEqualTo("1:recording:recording to " + b1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(dir.resolve("stderr.txt")).contains("recording written")
                    && !(Files.exists(b1) && Files.size(b1) > 0 && !Files.exists(dir.resolve("b1.jfr.chunks")))) {
                assertThat(System.nanoTime()).as("b1 written within 30 s").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(load(p, agent, "file=" + b2)).isEqualTo("2:recording:recording to " + b2);
            assertThat(load(p, agent, "file=" + dir.resolve("b3.jfr"))).isEqualTo("3:refused:already recording to " + b2
                    + "; ignoring the new start (stop it first)");
            Thread.sleep(300);
            assertThat(load(p, agent, "stop")).isEqualTo("4:stopped:recording written to " + b2);
            assertThat(load(p, agent, "stop")).isEqualTo("5:refused:stop: no blockscope recording is running in this JVM"
                    + " (the last one was stopped and written to " + b2 + ")");
            for (Path file : List.of(b1, b2)) {
                ForkedJvm.Run run = new ForkedJvm.Run(0, "", "", file);
                assertThat(run.events("blockscope.Suspend").stream().filter(e -> e.getString("reason").equals("sleep")))
                        .as(file.toString()).hasSizeGreaterThan(10);
            }
            assertThat(dir.resolve("b3.jfr")).doesNotExist();
            assertThat(p.isAlive()).isTrue();
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Loads the agent into {@code p} with {@code options}; returns what it answered (AttachResult). */
    private static String load(Process p, String agent, String options) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(p.pid()));
        try {
            vm.loadAgent(agent, options);
            return vm.getSystemProperties().getProperty("blockscope.attach.result");
        } finally {
            vm.detach();
        }
    }

    private static void waitFor(Process p, Path stdout, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(stdout) && Files.readString(stdout).contains(marker))) {
            assertThat(p.isAlive()).as("workload alive").isTrue();
            assertThat(System.nanoTime()).as(marker + " within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
