package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code record --profile} and {@code attach --profile}: the agent options they pass on. */
class AgentRunProfileTest {
    @Test
    void profileAndIntervalBecomeTheAgentsOptions() {
        assertThat(AgentRun.profileOptions(null, null)).isEmpty();
        assertThat(AgentRun.profileOptions("cpu", null)).isEqualTo(",profile=cpu");
        assertThat(AgentRun.profileOptions("cpu+alloc", "1ms")).isEqualTo(",profile=cpu+alloc,interval=1000000ns");
    }

    @Test
    void whatTheAgentWouldRefuseIsAUsageError() {
        assertThatThrownBy(() -> AgentRun.profileOptions("gpu", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown 'gpu'");
        assertThatThrownBy(() -> AgentRun.profileOptions(null, "1ms")).hasMessageContaining("--interval goes with --profile");
    }

    @Test
    void theJavaCommandCarriesThemAndAllowsTheProfilersNativeLibrary(@org.junit.jupiter.api.io.TempDir Path home) throws Exception {
        java.nio.file.Files.createDirectories(home.resolve("agent/target"));
        java.nio.file.Files.createFile(home.resolve("agent/target/blockscope-agent.jar"));
        String before = System.getProperty("blockscope.home");
        System.setProperty("blockscope.home", home.toString());
        List<String> command;
        try {
            command = AgentRun.command(List.of("-cp", "app.jar", "app.Main"), Path.of("out.jfr"), ",profile=cpu",
                    new PrintWriter(new StringWriter()));
        } finally {
            if (before == null) {
                System.clearProperty("blockscope.home");
            } else {
                System.setProperty("blockscope.home", before);
            }
        }
        assertThat(command.get(1)).startsWith("-javaagent:").endsWith("out.jfr,profile=cpu");
        // no --enable-native-access for the application: the agent grants its own module layer (ProfilerLibrary)
        assertThat(command.subList(2, command.size())).containsExactly("-cp", "app.jar", "app.Main");
    }
}
