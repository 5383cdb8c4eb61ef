package dev.blockscope.agent;

import dev.blockscope.agent.workload.SleepingVirtualThreads;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A probe that throws (made to, in its taskStart entry, by the test-only system property
 * {@code blockscope.test.failProbe}) never reaches the application, and the log says what it was:
 * at {@code log=debug} the first Throwable with its stack, once for the entry point however often
 * it failed; at {@code log=info} a count per entry point at exit; at the default level nothing
 * (the application's stderr is its own). Before, all it left was {@code errors=} in AgentStats.
 */
class ProbeErrorsIT {
    private static final String FAULT = "-Dblockscope.test.failProbe=taskStart";
    private static final Pattern SUMMARY = Pattern.compile(
            "blockscope: (\\d+) error\\(s\\) caught in the probes, which the application did not see: taskStart (\\d+)(.*)");

    @TempDir
    Path dir;

    @Test
    void logDebugPrintsTheFirstThrowableOfTheEntryPointOnceWithItsStack() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, SleepingVirtualThreads.class, "log=debug", FAULT);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        appUnaffected(run);
        String stderr = run.stderr();
        assertThat(stderr.lines().filter(l -> l.startsWith("blockscope: the first error caught in the probes' "))).singleElement()
                .asString().startsWith("blockscope: the first error caught in the probes' taskStart (");
        int at = stderr.indexOf("blockscope: the first error caught in the probes' taskStart");
        assertThat(stderr.substring(at)).contains("the application did not see it):\n"
                + "java.lang.IllegalStateException: injected by -Dblockscope.test.failProbe=taskStart\n"
                + "\tat dev.blockscope.agent.bridge.ProbeErrors.injectFault(");
        assertThat(stderr.substring(at)).contains("\tat dev.blockscope.agent.bridge.ProbeBridge.taskStart(");
        // the summary at exit is there too (debug includes info), without the hint to use debug
        Matcher m = summary(run);
        assertThat(m.group(3)).isEmpty();
    }

    @Test
    void logInfoSaysHowManyPerEntryPointAtExitWithoutAStack() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, SleepingVirtualThreads.class, "log=info", FAULT);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        appUnaffected(run);
        Matcher m = summary(run);
        long threads = run.truth("count") + 1; // and main, whose start the agent records itself
        assertThat(Long.parseLong(m.group(2))).isGreaterThanOrEqualTo(threads);
        assertThat(m.group(1)).isEqualTo(m.group(2)); // no other entry point failed
        assertThat(m.group(3)).isEqualTo(" (log=debug prints the first of each with its stack)");
        assertThat(run.stderr()).doesNotContain("IllegalStateException").doesNotContain("\tat ");
    }

    @Test
    void theDefaultLevelPrintsNothingOfIt() throws Exception {
        ForkedJvm.Run run = ForkedJvm.run(dir, SleepingVirtualThreads.class, "", FAULT);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        appUnaffected(run);
        assertThat(ForkedJvm.agentLines(run.stderr())).isEmpty();
        assertThat(run.stderr()).doesNotContain("IllegalStateException").doesNotContain("\tat ");
    }

    /** The workload ran as without the fault, and its sleeps are recorded: only the failing entry point's events are missing. */
    private static void appUnaffected(ForkedJvm.Run run) throws Exception {
        long count = run.truth("count");
        List<RecordedEvent> events = run.events();
        List<RecordedEvent> sleeps = ForkedJvm.either(events, "Suspend").stream()
                .filter(e -> e.getString("reason").equals("sleep") && String.valueOf(ForkedJvm.taskNameOf(e)).startsWith("sleeper-"))
                .toList();
        assertThat(sleeps).hasSize((int) count);
        assertThat(ForkedJvm.either(events, "TaskStart")).noneMatch(e -> String.valueOf(ForkedJvm.taskNameOf(e)).startsWith("sleeper-"));
    }

    private static Matcher summary(ForkedJvm.Run run) {
        List<String> lines = run.stderr().lines().filter(l -> SUMMARY.matcher(l).matches()).toList();
        assertThat(lines).as(run.stderr()).hasSize(1);
        Matcher m = SUMMARY.matcher(lines.get(0));
        assertThat(m.matches()).isTrue();
        return m;
    }
}
