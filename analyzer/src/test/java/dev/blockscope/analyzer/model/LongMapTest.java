package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {
    @Test
    void agreesWithAHashMapOverRandomPutsGetsAndRemoves() {
        Random r = new Random(15);
        for (int round = 0; round < 20; round++) {
            LongMap<String> map = new LongMap<>();
            Map<Long, String> reference = new HashMap<>();
            // ids in sequence (as the JVM numbers threads) and a few far apart, so probes collide and wrap
            int range = 1 + r.nextInt(round % 2 == 0 ? 64 : 5000);
            for (int op = 0; op < 20_000; op++) {
                long key = r.nextInt(10) == 0 ? r.nextLong() >> r.nextInt(64) : r.nextInt(range);
                switch (r.nextInt(4)) {
                    case 0, 1 -> assertThat(map.put(key, "v" + op)).isEqualTo(reference.put(key, "v" + op));
                    case 2 -> assertThat(map.remove(key)).isEqualTo(reference.remove(key));
                    default -> assertThat(map.get(key)).isEqualTo(reference.get(key));
                }
                assertThat(map.size()).isEqualTo(reference.size());
            }
            for (Map.Entry<Long, String> e : reference.entrySet()) {
                assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
            }
            Map<Long, String> seen = new HashMap<>();
            map.forEach((k, v) -> assertThat(seen.put(k, v)).isNull());
            assertThat(seen).isEqualTo(reference);
        }
    }

    @Test
    void computeIfAbsentMakesOnce() {
        LongMap<long[]> map = new LongMap<>();
        long[] a = map.computeIfAbsent(-1, k -> new long[] {k});
        assertThat(map.computeIfAbsent(-1, k -> new long[] {0})).isSameAs(a);
        assertThat(a[0]).isEqualTo(-1);
        map.clear();
        assertThat(map.isEmpty()).isTrue();
        assertThat(map.get(-1)).isNull();
    }
}
