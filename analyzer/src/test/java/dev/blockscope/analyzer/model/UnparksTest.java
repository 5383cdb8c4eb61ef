package dev.blockscope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A task's pending wake-ups, a ring of (time, waker) pairs: the order and contents of a deque of pairs, whatever the wrap-around. */
class UnparksTest {
    @Test
    void keepsTheOrderOfADequeThroughGrowthAndWrapAround() {
        Random random = new Random(7);
        TaskTimeline.Unparks ring = new TaskTimeline.Unparks();
        ArrayDeque<long[]> deque = new ArrayDeque<>();
        long next = 1;
        for (int step = 0; step < 100_000; step++) {
            if (deque.isEmpty() || random.nextInt(3) > 0 && deque.size() < 256) {
                ring.addLast(next, -next);
                deque.addLast(new long[] {next, -next});
                next++;
            } else {
                assertThat(ring.firstTime()).isEqualTo(deque.peekFirst()[0]);
                assertThat(ring.firstWaker()).isEqualTo(deque.peekFirst()[1]);
                ring.removeFirst();
                deque.removeFirst();
            }
            assertThat(ring.size()).isEqualTo(deque.size());
            assertThat(ring.isEmpty()).isEqualTo(deque.isEmpty());
        }
        TaskTimeline.Unparks copy = new TaskTimeline.Unparks();
        ring.copyInto(copy);
        while (!deque.isEmpty()) {
            long[] u = deque.removeFirst();
            assertThat(copy.firstTime()).isEqualTo(u[0]);
            assertThat(copy.firstWaker()).isEqualTo(u[1]);
            copy.removeFirst();
        }
        assertThat(copy.isEmpty()).isTrue();
    }
}
