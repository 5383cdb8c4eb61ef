package dev.blockscope.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class WovenClassCacheTest {
    @TempDir
    Path dir;

    private static final byte[] ORIGINAL = {1, 2, 3, 4};
    private static final byte[] WOVEN = {5, 6, 7, 8, 9};

    @Test
    void whatIsSavedIsFoundAgainUnderTheSameBuildClassPlanAndOriginalBytes() throws Exception {
        WovenClassCache cache = WovenClassCache.open(dir, 42, new StringBuilder());
        String key = WovenClassCache.key("java.lang.Thread", "sleepNanos[long]", ORIGINAL);
        cache.put(key, WOVEN);
        cache.save();

        StringBuilder problem = new StringBuilder();
        WovenClassCache again = WovenClassCache.open(dir, 42, problem);
        assertThat(problem).isEmpty();
        assertThat(again.get(key)).containsExactly(WOVEN);
        assertThat(again.get(WovenClassCache.key("java.lang.Thread", "sleepNanos[long]", new byte[] {1, 2, 3, 5})))
                .as("other original bytes (another JDK)").isNull();
        assertThat(again.get(WovenClassCache.key("java.lang.Thread", "join[]", ORIGINAL))).as("another plan").isNull();
        assertThat(WovenClassCache.open(dir, 43, new StringBuilder()).get(key)).as("another agent build").isNull();
    }

    @Test
    void aNewBuildsFileReplacesTheOldOne() throws Exception {
        WovenClassCache old = WovenClassCache.open(dir, 1, new StringBuilder());
        old.put("a", WOVEN);
        old.save();
        WovenClassCache current = WovenClassCache.open(dir, 2, new StringBuilder());
        current.put("a", WOVEN);
        current.save();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(current.file());
        }
    }

    @Test
    void aDamagedFileIsAnEmptyCacheWithTheReason() throws Exception {
        WovenClassCache cache = WovenClassCache.open(dir, 7, new StringBuilder());
        cache.put("a", WOVEN);
        cache.save();
        byte[] bytes = Files.readAllBytes(cache.file());
        bytes[bytes.length - 1] ^= 1; // last byte of the woven class
        Files.write(cache.file(), bytes);

        StringBuilder problem = new StringBuilder();
        WovenClassCache damaged = WovenClassCache.open(dir, 7, problem);
        assertThat(damaged.size()).isZero();
        assertThat(problem.toString()).contains("is damaged");
    }

    @Test
    void aCacheOtherUsersCanWriteIsNotUsed() throws Exception {
        WovenClassCache cache = WovenClassCache.open(dir, 9, new StringBuilder());
        cache.put("a", WOVEN);
        cache.save();
        Files.setPosixFilePermissions(cache.file(), PosixFilePermissions.fromString("rw-rw-rw-"));

        StringBuilder problem = new StringBuilder();
        WovenClassCache open = WovenClassCache.open(dir, 9, problem);
        assertThat(open.get("a")).isNull();
        assertThat(open.enabled()).isFalse();
        assertThat(problem.toString()).contains("writable by other users");
    }

    @Test
    void offNeverWrites() throws Exception {
        WovenClassCache off = WovenClassCache.none();
        off.put("a", WOVEN);
        off.save();
        assertThat(off.get("a")).isNull();
    }
}
