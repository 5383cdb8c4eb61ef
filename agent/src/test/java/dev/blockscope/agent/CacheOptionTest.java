package dev.blockscope.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code cache=} option: where woven JDK classes are kept between runs. */
class CacheOptionTest {
    @Test
    void onByDefaultInTheUsersCacheDirectory() throws Exception {
        Path expected = System.getenv("XDG_CACHE_HOME") != null && Path.of(System.getenv("XDG_CACHE_HOME")).isAbsolute()
                ? Path.of(System.getenv("XDG_CACHE_HOME"), "blockscope")
                : Path.of(System.getProperty("user.home"), ".cache", "blockscope");
        assertThat(AgentOptions.parse(null).cacheDir()).isEqualTo(expected);
        assertThat(AgentOptions.parse("cache=on").cacheDir()).isEqualTo(expected);
    }

    @Test
    void offOrADirectory() throws Exception {
        assertThat(AgentOptions.parse("cache=off").cacheDir()).isNull();
        assertThat(AgentOptions.parse("cache=woven").cacheDir()).isEqualTo(Path.of("woven").toAbsolutePath());
    }

    @Test
    void emptyIsOneClearError() {
        assertThatThrownBy(() -> AgentOptions.parse("cache="))
                .hasMessage("blockscope: bad option 'cache=': expected on, off or a directory; agent disabled");
    }
}
