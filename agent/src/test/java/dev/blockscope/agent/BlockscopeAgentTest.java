package dev.blockscope.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java 8 entry's failure line goes through the agent's log: {@code log=off} silences it (it
 * printed to stderr whatever the options said) and {@code log=debug} adds the stack (it printed
 * only the Throwable's one line). The attaching tool hears of it either way.
 */
class BlockscopeAgentTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream saved;

    @BeforeEach
    void captureStderr() {
        saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.clearProperty("blockscope.attach.result");
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(saved);
        System.clearProperty("blockscope.attach.result");
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void atTheDefaultLevelOneLineWithoutTheStack() {
        BlockscopeAgent.fail("file=x.jfr", new IllegalStateException("no room"));
        assertThat(stderr().lines()).containsExactly(
                "blockscope: agent failed to start: java.lang.IllegalStateException: no room; agent disabled");
        assertThat(System.getProperty("blockscope.attach.result")).isEqualTo("1:failed:agent failed to start: java.lang.IllegalStateException: no room");
    }

    @Test
    void logOffPrintsNothingButTheAttachingToolStillHears() {
        BlockscopeAgent.fail("file=x.jfr,log=off", new IllegalStateException("no room"));
        assertThat(stderr()).isEmpty();
        assertThat(System.getProperty("blockscope.attach.result")).startsWith("1:failed:");
    }

    @Test
    void logDebugAddsTheStack() {
        BlockscopeAgent.fail("log=debug", new IllegalStateException("no room"));
        assertThat(stderr()).startsWith("blockscope: agent failed to start: java.lang.IllegalStateException: no room; agent disabled\n"
                + "blockscope: why:\njava.lang.IllegalStateException: no room\n\tat dev.blockscope.agent.BlockscopeAgentTest.logDebugAddsTheStack(");
    }

    @Test
    void optionsThatDoNotParseLeaveTheDefaultLevel() {
        BlockscopeAgent.fail("log=loud,nonsense", new IllegalStateException("no room"));
        assertThat(stderr().lines()).singleElement().asString().startsWith("blockscope: agent failed to start:");
    }
}
