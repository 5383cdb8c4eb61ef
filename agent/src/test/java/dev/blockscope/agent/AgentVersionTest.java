package dev.blockscope.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgentVersionTest {
    @Test
    void theVersionIsTheBuildsProjectVersion() {
        // surefire passes the pom's ${project.version} (root pom), which the build filtered into the resource
        String built = System.getProperty("blockscope.project.version");
        assertThat(built).isNotBlank().doesNotStartWith("${");
        assertThat(AgentVersion.number()).isEqualTo(built);
    }
}
