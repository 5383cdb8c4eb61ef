package dev.blockscope.bench;

import dev.blockscope.junit.MaxBlocked;
import dev.blockscope.junit.MaxSchedLatency;
import dev.blockscope.junit.NoPinning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.SynchronousQueue;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The child of {@link JUnitGateHarness}: runs the same small concurrent test body {@value #TESTS}
 * times per round, plain and under the extension's gates, alternating round by round through the
 * JUnit launcher, and prints each test's wall time (from the launcher's start to its end of the
 * test, the extension's callbacks included) as {@code ROUND kind millis...}.
 */
public final class GateWorkload {
    private GateWorkload() {}

    static final int TESTS = 100;

    /** A test that starts four virtual threads handing 50 items over and sleeping 1 ms: a few milliseconds of work. */
    static void body() throws InterruptedException {
        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int pair = 0; pair < 2; pair++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        q.put(i);
                    }
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        q.take();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** Without any gate. */
    public static class Plain {
        @RepeatedTest(TESTS)
        void work() throws InterruptedException {
            body();
        }
    }

    /** Under every gate the extension has. */
    @NoPinning
    @MaxBlocked(reason = "sleep", max = "1s")
    @MaxSchedLatency(p99 = "1s")
    public static class Gated {
        @RepeatedTest(TESTS)
        void work() throws InterruptedException {
            body();
        }
    }

    /** Each test's wall time in ms, in order; a failed test is an error. */
    static double[] run(Launcher launcher, Class<?> tests) {
        Map<String, Long> started = new HashMap<>();
        List<Double> times = new ArrayList<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(tests)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier id) {
                        if (id.isTest()) {
                            started.put(id.getUniqueId(), System.nanoTime());
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            times.add((System.nanoTime() - started.get(id.getUniqueId())) / 1e6);
                            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                throw new IllegalStateException(id.getDisplayName() + ": " + result);
                            }
                        }
                    }
                });
        return times.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        Launcher launcher = LauncherFactory.create();
        for (int r = 0; r < rounds; r++) {
            for (Class<?> c : r % 2 == 0 ? List.of(Plain.class, Gated.class) : List.of(Gated.class, Plain.class)) {
                double[] t = run(launcher, c);
                StringBuilder line = new StringBuilder("ROUND " + r + " " + c.getSimpleName());
                Arrays.stream(t).forEach(v -> line.append(String.format(Locale.ROOT, " %.3f", v)));
                System.out.println(line);
            }
        }
    }
}
