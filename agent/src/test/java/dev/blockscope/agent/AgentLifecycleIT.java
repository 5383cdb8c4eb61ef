package dev.blockscope.agent;

import dev.blockscope.agent.workload.Quiet;
import dev.blockscope.agent.workload.SleepUntilKilled;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad options, an unwritable output, SIGTERM, the probe status: the application is never harmed. */
class AgentLifecycleIT {
    @TempDir
    Path dir;

    @Test
    void anUnknownOptionIsOneClearLineAndTheAppRunsWithoutAgent() throws Exception {
        Path jfr = dir.resolve("x.jfr");
        ForkedJvm.Run run = ForkedJvm.runRaw(dir, Quiet.class, "file=" + jfr + ",bogus=1", jfr);
        assertThat(run.exitCode()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(ForkedJvm.agentLines(run.stderr())).containsExactly(
                "blockscope: bad option 'bogus=1': unknown option (known: file, duration, maxsize, stacks, stackrate, threshold,"
                        + " probes, jdkevents, log, startup, cache, profile, interval, flight, dumpon, repository, minfree, stop); agent disabled");
        assertThat(run.stderr().lines()).allMatch(l -> l.startsWith("blockscope:"));
        assertThat(jfr).doesNotExist();
    }

    @Test
    void aMalformedValueNamesTheOption() throws Exception {
        Path jfr = dir.resolve("x.jfr");
        ForkedJvm.Run run = ForkedJvm.runRaw(dir, Quiet.class, "threshold=fast", jfr);
        assertThat(run.exitCode()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(ForkedJvm.agentLines(run.stderr())).containsExactly("blockscope: bad option 'threshold=fast':"
                + " expected a duration such as 0, 500ns, 10us, 1ms, 2s, 5m; agent disabled");
    }

    @Test
    void stopIsOnlyForAttach() throws Exception {
        Path jfr = dir.resolve("x.jfr");
        ForkedJvm.Run run = ForkedJvm.runRaw(dir, Quiet.class, "stop", jfr);
        assertThat(run.exitCode()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(ForkedJvm.agentLines(run.stderr())).containsExactly(
                "blockscope: bad option 'stop': only for attaching to a running JVM; agent disabled");
    }

    @Test
    void anUnwritableOutputIsOneClearLineAndTheAppRuns() throws Exception {
        Path jfr = dir.resolve("missing-dir").resolve("x.jfr");
        ForkedJvm.Run run = ForkedJvm.runRaw(dir, Quiet.class, "file=" + jfr, jfr);
        assertThat(run.exitCode()).isZero();
        assertThat(run.truth("ran")).isEqualTo(1);
        assertThat(ForkedJvm.agentLines(run.stderr())).containsExactly("blockscope: cannot write the recording: output directory "
                + jfr.getParent() + " does not exist; agent disabled");
        assertThat(run.stderr().lines()).allMatch(l -> l.startsWith("blockscope:"));
    }

    @Test
    void sigtermWritesACompleteReadableRecording() throws Exception {
        Path jfr = dir.resolve("killed.jfr");
        Process p = ForkedJvm.start(dir, SleepUntilKilled.class, "file=" + jfr);
        Path stdout = dir.resolve("stdout.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(stdout) && Files.readString(stdout).contains("READY"))) {
            assertThat(p.isAlive()).as("workload alive before READY").isTrue();
            assertThat(System.nanoTime()).as("READY within 30 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        ForkedJvm.Run run = ForkedJvm.finish(p, dir, jfr);
        List<RecordedEvent> events = run.events();
        List<RecordedEvent> sleeps = ForkedJvm.either(events, "Suspend").stream()
                .filter(e -> e.getString("reason").equals("sleep") && String.valueOf(ForkedJvm.taskNameOf(e)).startsWith("looper-")).toList();
        assertThat(sleeps.size()).isGreaterThanOrEqualTo(20);
        assertThat(ForkedJvm.either(events, "TaskStart")).anyMatch(e -> "main".equals(ForkedJvm.taskNameOf(e)));
    }

    /**
     * A program that ends before the once-a-second events come on (a second after the start, or
     * later on a loaded machine) still has the agent's last statistics: its start-up time and
     * probe errors. Its AgentStats event was switched off until then, so the last sample at the
     * stop went nowhere and summary said "no agent statistics in the recording".
     */
    @Test
    void aProgramThatEndsAtOnceStillHasTheLastAgentStatistics() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, Quiet.class, "log=debug");
        assertThat(run.exitCode()).isZero();
        assertThat(ForkedJvm.agentLines(run.stderr())).noneMatch(l -> l.contains("periodic samplers and the JDK's Java-level events on"));
        List<RecordedEvent> stats = run.events("blockscope.AgentStats");
        assertThat(stats).as(run.stderr()).singleElement().satisfies(e -> {
            assertThat(e.getLong("startupNanos")).isPositive();
            assertThat(e.getLong("errors")).isZero();
        });
    }

    @Test
    void probeStatusSaysWhichProbesAreLiveAndLogInfoPrintsIt() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, Quiet.class, "log=info,probes=park+sleep");
        assertThat(run.exitCode()).isZero();
        List<RecordedEvent> status = run.events("blockscope.ProbeStatus");
        assertThat(status).extracting(e -> e.getString("probe")).containsExactly("park", "sleep", "exit", "carrier", "clock", "scheduler", "early");
        assertThat(status).allMatch(e -> e.getBoolean("live"));
        // the version the build wrote into the agent jar, not a string in the code
        assertThat(status).extracting(e -> e.getString("agentVersion")).containsOnly(System.getProperty("blockscope.project.version"));
        // what the recording ran on, for the analyzer's JDK-dependent advice and CPU share
        assertThat(run.events("jdk.JVMInformation")).singleElement()
                .satisfies(e -> assertThat(e.getString("jvmVersion")).contains(Runtime.version().feature() + "."));
        assertThat(run.events("jdk.CPUInformation")).singleElement()
                .satisfies(e -> assertThat(e.getInt("hwThreads")).isPositive());
        assertThat(ForkedJvm.agentLines(run.stderr())).singleElement().asString()
                .startsWith("blockscope: recording to " + run.recording()).endsWith("probes: park sleep exit carrier clock");
    }
}
