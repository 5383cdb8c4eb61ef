package dev.blockscope.analyzer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionTest {
    @Test
    void theVersionIsTheBuildsProjectVersion() {
        // surefire passes the pom's ${project.version} (analyzer/pom.xml), which the build filtered into the resource
        String built = System.getProperty("blockscope.project.version");
        assertThat(built).isNotBlank().doesNotStartWith("${");
        assertThat(Version.number()).isEqualTo(built);
    }
}
