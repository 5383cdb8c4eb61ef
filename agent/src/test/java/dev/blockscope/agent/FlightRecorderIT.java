package dev.blockscope.agent;

import dev.blockscope.agent.workload.FlightWorkload;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flight=} and {@code dumpon=} on a forked JVM ({@link FlightWorkload}): a wait pinned
 * longer than the rule writes one numbered dump holding the window before it, a little after, and
 * the trigger; a second one within the window writes none; the exit writes only the last window;
 * a run where nothing triggers writes no dump.
 */
class FlightRecorderIT {
    @TempDir
    Path dir;

    private ForkedJvm.Run run(String options, String... args) throws Exception {
        return run(List.of(), options, args);
    }

    private ForkedJvm.Run run(List<String> jvmArgs, String options, String... args) throws Exception {
        Process p = start(jvmArgs, options, args);
        ForkedJvm.awaitExit(p, dir, "FlightWorkload");
        return ForkedJvm.finish(p, dir, dir.resolve("FlightWorkload.jfr"));
    }

    private Process start(String options, String... args) throws Exception {
        return start(List.of(), options, args);
    }

    private Process start(List<String> jvmArgs, String options, String... args) throws Exception {
        Path jfr = dir.resolve("FlightWorkload.jfr");
        List<String> cmd = new ArrayList<>(List.of(ForkedJvm.JAVA.toString(), "-XX:+EnableDynamicAgentLoading"));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-javaagent:" + ForkedJvm.AGENT_JAR.toAbsolutePath() + "=file=" + jfr + ",startup=wait," + options,
                "-cp", System.getProperty("java.class.path"), FlightWorkload.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    private static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static List<RecordedEvent> suspendsOf(List<RecordedEvent> events, String task) {
        return ForkedJvm.either(events, "Suspend").stream().filter(e -> task.equals(ForkedJvm.taskNameOf(e))).toList();
    }

    @Test
    void aPinnedWaitWritesOneDumpWithTheWindowBeforeItTheTriggerAndALittleAfter() throws Exception {
        ForkedJvm.Run run = run("flight=1s,dumpon=pinned>20ms+wait:park.lock>5s", "pin");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path dump = dir.resolve("FlightWorkload-1.jfr");
        assertThat(ForkedJvm.agentLines(run.stderr())).anyMatch(l -> l.startsWith("blockscope: flight recorder dump " + dump
                + " (pinned>20ms: sleep "));
        assertThat(dir.resolve("FlightWorkload-2.jfr")).as("pinner-2 pinned within the first dump's window").doesNotExist();

        List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
        List<RecordedEvent> triggers = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.FlightTrigger")).toList();
        assertThat(triggers).hasSize(1);
        RecordedEvent t = triggers.getFirst();
        assertThat(t.getString("trigger")).isEqualTo("pinned>20ms");
        assertThat(t.getString("taskName")).isEqualTo("pinner");
        assertThat(t.getLong("waitNanos")).isGreaterThanOrEqualTo(60_000_000L);
        assertThat(t.getInt("dump")).isEqualTo(1);

        long pinStart = run.truth("pinStart");
        long pinEnd = run.truth("pinEnd");
        List<RecordedEvent> pinned = suspendsOf(events, "pinner");
        assertThat(pinned).anyMatch(e -> e.getBoolean("pinned") && e.getDuration().toNanos() >= 60_000_000L);
        // the window before: the background task's sleeps of the second before the pin, and a little after it
        List<RecordedEvent> background = suspendsOf(events, "background");
        assertThat(background).anyMatch(e -> epochNanos(e.getEndTime()) < pinStart - 800_000_000L);
        assertThat(background).anyMatch(e -> epochNanos(e.getEndTime()) > pinEnd + 50_000_000L);
        // not what lies more than the window and a chunk (1 s each) before it
        assertThat(suspendsOf(events, "early-marker")).isEmpty();
        assertThat(background).allMatch(e -> epochNanos(e.getEndTime()) > pinStart - 2_500_000_000L);

        // the exit writes the last window only
        List<RecordedEvent> atExit = RecordingFile.readAllEvents(run.recording());
        assertThat(suspendsOf(atExit, "early-marker")).isEmpty();
        assertThat(suspendsOf(atExit, "background")).isNotEmpty();
    }

    @Test
    void whereNothingTriggersNothingIsWrittenBeforeTheExit() throws Exception {
        ForkedJvm.Run run = run("flight=1s,dumpon=pinned>20ms+wait:park.lock>1s+latency>2s"); // main sleeps 4 s: wait>1s would fire
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("FlightWorkload-"));
        }
        assertThat(ForkedJvm.agentLines(run.stderr())).isEmpty();
        List<RecordedEvent> atExit = RecordingFile.readAllEvents(run.recording());
        assertThat(suspendsOf(atExit, "early-marker")).isEmpty();
        assertThat(suspendsOf(atExit, "background")).isNotEmpty();
    }

    @Test
    void attachWithDumpWritesTheWindowAtOnce() throws Exception {
        Process p = start("flight=2s");
        Thread.sleep(2_500);
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(p.pid()));
        try {
            vm.loadAgent(ForkedJvm.AGENT_JAR.toAbsolutePath().toString(), "dump");
        } finally {
            vm.detach();
        }
        ForkedJvm.awaitExit(p, dir, "FlightWorkload after attach --dump"); // once it did not exit: the failure shows its threads
        ForkedJvm.Run run = ForkedJvm.finish(p, dir, dir.resolve("FlightWorkload.jfr"));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> events = RecordingFile.readAllEvents(dir.resolve("FlightWorkload-1.jfr"));
        RecordedEvent t = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.FlightTrigger")).findFirst()
                .orElseThrow();
        assertThat(t.getString("trigger")).isEqualTo("attach --dump");
        assertThat(t.getLong("taskId")).isZero();
        assertThat(suspendsOf(events, "background")).isNotEmpty();
    }

    @Test
    void aLongWaitOfTheNamedReasonTriggersItsRule() throws Exception {
        ForkedJvm.Run run = run("flight=1s,dumpon=wait:park.lock>1s+wait:sleep>1500ms", "longsleep");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> events = RecordingFile.readAllEvents(dir.resolve("FlightWorkload-1.jfr"));
        RecordedEvent t = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.FlightTrigger")).findFirst()
                .orElseThrow();
        assertThat(t.getString("trigger")).isEqualTo("wait:sleep>1500ms");
        assertThat(t.getString("taskName")).isEqualTo("main");
        assertThat(t.getLong("waitNanos")).isBetween(1_600_000_000L, 3_000_000_000L);
        assertThat(dir.resolve("FlightWorkload-2.jfr")).doesNotExist();
    }

    @Test
    void aSizeWindowDumpsOnItsTriggerToo() throws Exception {
        ForkedJvm.Run run = run("flight=16m,dumpon=pinned>20ms", "pin");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<RecordedEvent> events = RecordingFile.readAllEvents(dir.resolve("FlightWorkload-1.jfr"));
        assertThat(events.stream().filter(e -> e.getEventType().getName().equals("blockscope.FlightTrigger")))
                .singleElement().satisfies(t -> assertThat(t.getString("taskName")).isEqualTo("pinner"));
        assertThat(suspendsOf(events, "pinner")).anyMatch(e -> e.getBoolean("pinned"));
        // a size window has no period: one dump per 30 s, so pinner-2 writes none
        assertThat(dir.resolve("FlightWorkload-2.jfr")).doesNotExist();
    }

    /**
     * {@code latency>}: on one carrier a virtual thread burns 300 ms without a wait; the wake-ups
     * that come meanwhile (main's unpark of {@code parked} 50 ms into it, {@code background}'s sleeps
     * ending) wait for the carrier until it is free, and the first of them past 100 ms writes a
     * dump naming the rule, the woken task and how long it waited, which the workload's own clock
     * bounds: no longer than the hog ran, and for {@code parked} no longer than from its unpark to
     * its running again.
     */
    @Test
    void aWakeUpThatWaitsLongForACarrierTriggersTheLatencyRule() throws Exception {
        ForkedJvm.Run run = run(List.of("-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"),
                "flight=1s,dumpon=latency>100ms", "starve");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        Path dump = dir.resolve("FlightWorkload-1.jfr");
        assertThat(ForkedJvm.agentLines(run.stderr())).anyMatch(l -> l.startsWith("blockscope: flight recorder dump " + dump
                + " (latency>100ms: woken from "));
        List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
        RecordedEvent t = events.stream().filter(e -> e.getEventType().getName().equals("blockscope.FlightTrigger")).findFirst()
                .orElseThrow();
        assertThat(t.getString("trigger")).isEqualTo("latency>100ms");
        assertThat(t.getString("detail")).containsPattern("^woken from \\S+, waited \\d+ us for a carrier");
        assertThat(t.getString("taskName")).isIn("parked", "background");
        assertThat(t.getBoolean("taskVirtual")).isTrue();
        long hogStart = run.truth("hogStart");
        long hogEnd = run.truth("hogEnd");
        assertThat(hogEnd - hogStart).isGreaterThanOrEqualTo(300_000_000L);
        long waited = t.getLong("waitNanos");
        assertThat(waited).isGreaterThan(100_000_000L).isLessThanOrEqualTo(hogEnd - hogStart + 50_000_000L);
        if (t.getString("taskName").equals("parked")) {
            assertThat(waited).isLessThanOrEqualTo(run.truth("resumedAt") - run.truth("unparkAt"));
        }
        // the trigger fires once the woken task ran again: after the hog let go of the carrier
        assertThat(epochNanos(t.getStartTime())).isGreaterThanOrEqualTo(hogEnd - 20_000_000L); // JFR's clock against Instant.now
        assertThat(dir.resolve("FlightWorkload-2.jfr")).as("one dump per window").doesNotExist();
    }
}
