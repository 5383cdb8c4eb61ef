package dev.blockscope.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blockscope.analyzer.report.Durations;
import dev.blockscope.junit.fixtures.FixtureRun;
import dev.blockscope.junit.fixtures.LimitsFixture;
import dev.blockscope.junit.fixtures.PinningFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The extension in a JVM running the blockscope agent (failsafe's argLine), on fixture classes run
 * through the JUnit launcher as a build tool runs them: real pinning (a class initializer, a native
 * frame under an FFM upcall) fails {@link NoPinning} with the site, stack, pin reason and fix;
 * waits that do not pin pass; each limit's figure is what the fixture measured itself.
 */
class BlockscopeExtensionIT {
    private static Map<String, TestExecutionResult> pinning;
    private static Map<String, TestExecutionResult> limits;

    @BeforeAll
    static void runFixtures() {
        pinning = FixtureRun.run(PinningFixture.class);
        limits = FixtureRun.run(LimitsFixture.class);
    }

    private static String failure(Map<String, TestExecutionResult> results, String test) {
        TestExecutionResult r = results.get(test);
        assertThat(r).as(test).isNotNull();
        assertThat(r.getStatus()).as(test + ": " + r.getThrowable().map(Throwable::getMessage).orElse(""))
                .isEqualTo(TestExecutionResult.Status.FAILED);
        return r.getThrowable().orElseThrow().getMessage();
    }

    private static void passed(Map<String, TestExecutionResult> results, String test) {
        TestExecutionResult r = results.get(test);
        assertThat(r).as(test).isNotNull();
        assertThat(r.getStatus()).as(test + ": " + r.getThrowable().map(Throwable::getMessage).orElse(""))
                .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    @Test
    void sleepInAClassInitializerFailsNoPinningWithItsSiteReasonAndFix() {
        String m = failure(pinning, "sleepInClassInitializer");
        assertThat(m).contains("FAIL pinned waits             1 (limit 0)")
                .contains("#1 sleep, pin reason: NATIVE")
                .contains("at dev.blockscope.junit.fixtures.PinningFixture$SlowInit.<clinit>")
                .contains("fix: The wait happens while a class is being initialized");
        assertThat(pinnedNanos(m)).isBetween(60_000_000L, 2_000_000_000L); // SlowInit sleeps 60 ms
    }

    @Test
    void sleepInAnUpcallFromNativeCodeFailsNoPinning() {
        String m = failure(pinning, "sleepInUpcallFromNative");
        assertThat(m).contains("FAIL pinned waits             1 (limit 0)")
                .contains("at dev.blockscope.junit.fixtures.PinningFixture.compare")
                .contains("fix: A native method or foreign call is on the stack");
        assertThat(pinnedNanos(m)).isBetween(40_000_000L, 2_000_000_000L); // the comparator sleeps 40 ms
    }

    @Test
    void waitsThatDoNotPinPass() {
        passed(pinning, "sleepInsideSynchronized"); // JDK 24+: a virtual thread unmounts in synchronized (JEP 491)
        passed(pinning, "handOffAndSleepWithoutPinning");
    }

    @Test
    void pinningByAThreadTheTestDidNotStartIsNotTheTests() {
        passed(pinning, "notPinningThreadOfBeforeAll");
    }

    @Test
    void maxBlockedReportsTheSleepTheTestMeasured() {
        String m = failure(limits, "sleeps50ms");
        Matcher g = Pattern.compile("FAIL blocked sleep +(\\S+ \\S+) \\(limit 10.0 ms\\)").matcher(m);
        assertThat(g.find()).as(m).isTrue();
        long reported = Durations.parse(g.group(1).replace(" ", ""));
        assertThat(reported).isBetween(50_000_000L, LimitsFixture.SLEPT_NANOS.get() + 1_000_000L);
        assertThat(m).contains("at dev.blockscope.junit.fixtures.LimitsFixture.lambda$sleeps50ms");
        passed(limits, "sleepsWithinItsLimit");
    }

    @Test
    void maxSchedLatencyReportsTheLatenessTheSleeperMeasured() {
        String m = failure(limits, "wakesWhileCarriersAreBusy");
        Matcher g = Pattern.compile("FAIL scheduler latency p99 +(\\S+ \\S+) \\(limit 5.00 ms\\)").matcher(m);
        assertThat(g.find()).as(m).isTrue();
        long reported = Durations.parse(g.group(1).replace(" ", ""));
        long late = LimitsFixture.LATE_NANOS.get();
        // the sleeper's own lateness is its wait for a carrier plus the timer's own delay
        assertThat(reported).isBetween(late / 2, late + 2_000_000L);
        passed(limits, "wakesWithinItsLimit");
    }

    @Test
    void withoutTheAgentAnAnnotatedTestFailsWithOneLineSayingHowToAddIt() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                FixtureRun.class.getName(), LimitsFixture.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("sleepsWithinItsLimit: FAILED: " + BlockscopeExtension.NO_AGENT)
                .contains("wakesWithinItsLimit: FAILED: " + BlockscopeExtension.NO_AGENT);
    }

    /** The pinned total of the message's first site. */
    private static long pinnedNanos(String m) {
        Matcher g = Pattern.compile("(\\d+) waits by \\d+ task\\(s\\), (\\S+ \\S+) held in total").matcher(m);
        assertThat(g.find()).as(m).isTrue();
        return Durations.parse(g.group(2).replace(" ", ""));
    }
}
