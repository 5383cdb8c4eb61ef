package dev.blockscope.bench.reliability;

import dev.blockscope.bench.jetty.JettySoakHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jetty soak, short (about a minute with the analyses): 15 s under the agent at its defaults, then three attach/stop
 * cycles of 3 s under load. The long one is {@code JettySoakHarness} (10 minutes by default).
 */
class JettySoakTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aJettyServerOnVirtualThreadsUnderLoad() throws Exception {
        JettySoakHarness.Result r = JettySoakHarness.run(new JettySoakHarness.Settings(Forked.AGENT_JAR, dir, 15, 16, 3, 3, 2));
        assertThat(r.failures()).as(r.toString()).isEmpty();
        assertThat(r.agent().clientOk()).isPositive();
        assertThat(r.agent().heapSamples()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.agent().appTasks()).isGreaterThan(100);
        assertThat(r.attach().appTasks()).isGreaterThan(10);
    }
}
