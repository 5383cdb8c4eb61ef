package dev.blockscope.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blockscope.analyzer.model.IntervalBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hand-off of the analysis' intervals to their sinks: every slot in the order it was added,
 * on a thread of its own or on the producer's; a bounded ring the producer waits on; and a
 * consumer's failure always the producer's, never a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntervalPipeTest {
    /** Adds {@code n} slots numbered 0..n-1 (in the task column). */
    private static void produce(IntervalPipe pipe, int n) {
        for (int i = 0; i < n; i++) {
            pipe.batch().op(IntervalBatch.Op.FORGET, i, 0, 0, 0, 0, null, null);
        }
    }

    private static List<Long> numbered(int n) {
        List<Long> all = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    @Test
    void everySlotArrivesOnceInOrderThroughManyTurnsOfTheRing() {
        List<Long> seen = new ArrayList<>();
        AtomicReference<Thread> on = new AtomicReference<>();
        try (IntervalPipe pipe = new IntervalPipe(b -> {
            on.set(Thread.currentThread());
            for (int i = 0; i < b.size(); i++) {
                seen.add(b.task(i));
            }
        }, true, 7, 3)) {
            produce(pipe, 10_000);
            pipe.finish();
        }
        assertThat(seen).isEqualTo(numbered(10_000));
        assertThat(on.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void withOneThreadTheProducerAppliesEachBatch() {
        List<Long> seen = new ArrayList<>();
        AtomicReference<Thread> on = new AtomicReference<>();
        try (IntervalPipe pipe = new IntervalPipe(b -> {
            on.set(Thread.currentThread());
            for (int i = 0; i < b.size(); i++) {
                seen.add(b.task(i));
            }
        }, false, 7, 3)) {
            produce(pipe, 100);
            assertThat(seen).hasSize(98); // 14 full batches, applied as each filled
            pipe.finish();
        }
        assertThat(seen).isEqualTo(numbered(100));
        assertThat(on.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void theProducerWaitsWhileTheRingIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        IntervalPipe[] pipe = new IntervalPipe[1];
        Thread producer = Thread.ofPlatform().start(() -> {
            pipe[0] = new IntervalPipe(b -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < b.size(); i++) {
                    seen.add(b.task(i));
                }
            }, true, 4, 2);
            produce(pipe[0], 100);
            pipe[0].finish();
        });
        // 2 batches of 4 in the ring: the producer fills them (and the one the consumer holds) and waits
        producer.join(Duration.ofMillis(500));
        assertThat(producer.isAlive()).isTrue();
        assertThat(seen).isEmpty();
        release.countDown();
        producer.join(Duration.ofSeconds(30));
        assertThat(producer.isAlive()).isFalse();
        assertThat(seen).isEqualTo(numbered(100));
    }

    @Test
    void aConsumersExceptionIsTheProducersAtItsNextHandOff() {
        IllegalStateException boom = new IllegalStateException("a sink failed");
        try (IntervalPipe pipe = new IntervalPipe(b -> {
            throw boom;
        }, true, 4, 2)) {
            // the first batch fails on the consumer's thread; a later hand-off, or finish, says so
            assertThatThrownBy(() -> {
                produce(pipe, 1_000_000);
                pipe.finish();
            }).isSameAs(boom);
        }
    }

    @Test
    void aConsumersFailureInItsLastBatchIsTheProducersAtFinish() {
        IllegalArgumentException boom = new IllegalArgumentException("the last batch failed");
        try (IntervalPipe pipe = new IntervalPipe(b -> {
            if (b.size() < 4) {
                throw boom;
            }
        }, true, 4, 2)) {
            produce(pipe, 10); // two full batches, then two slots that finish hands over
            assertThatThrownBy(pipe::finish).isSameAs(boom);
        }
    }

    @Test
    void runningOutOfMemoryOnTheConsumersThreadStaysOutOfMemory() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        try (IntervalPipe pipe = new IntervalPipe(b -> {
            throw oom;
        }, true, 4, 2)) {
            assertThatThrownBy(() -> {
                produce(pipe, 1_000_000);
                pipe.finish();
            }).isSameAs(oom); // the CLI's one line and exit 3 match the error's type
        }
    }

    @Test
    void closeStopsTheConsumerWithoutApplyingTheRest() throws Exception {
        CountDownLatch inBatch = new CountDownLatch(1);
        AtomicReference<Thread> consumer = new AtomicReference<>();
        List<Long> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        IntervalPipe pipe = new IntervalPipe(b -> {
            consumer.set(Thread.currentThread());
            inBatch.countDown();
            for (int i = 0; i < b.size(); i++) {
                seen.add(b.task(i));
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
        }, true, 4, 4);
        produce(pipe, 13); // three batches handed over, the first being applied
        assertThat(inBatch.await(10, TimeUnit.SECONDS)).isTrue();
        pipe.close(); // the analysis failed: its sinks must stop before the timeline's file is deleted
        assertThat(consumer.get().isAlive()).isFalse();
        assertThat(seen.size()).isLessThan(12);
    }
}
