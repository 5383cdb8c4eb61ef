package dev.blockscope.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which agent jar the commands that start or attach an agent use. */
class HomeTest {
    @TempDir Path dir;
    private final String saved = System.getProperty("blockscope.agent");

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("blockscope.agent");
        } else {
            System.setProperty("blockscope.agent", saved);
        }
    }

    @Test
    void blockscopeAgentNamesAJarOutsideTheRepository() throws Exception {
        Path jar = Files.writeString(dir.resolve("elsewhere.jar"), "not really a jar");
        System.setProperty("blockscope.agent", jar.toString());
        assertThat(Home.agentJar()).isEqualTo(jar.toAbsolutePath());
    }

    @Test
    void aMissingGivenJarSaysWhereItWasLookedFor() {
        System.setProperty("blockscope.agent", dir.resolve("missing.jar").toString());
        assertThatThrownBy(Home::agentJar).hasMessageContaining("missing.jar").hasMessageContaining("-Dblockscope.agent");
    }
}
