package dev.blockscope.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** WaitGroup, Once and Pool. */
class SyncTest {

    @Test
    void negativeWaitGroupCounterFailsAndLeavesCounterUnchanged() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        wg.done();
        assertThatThrownBy(wg::done).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("sync: negative WaitGroup counter");
        assertThat(wg.count()).isZero();
        assertThatThrownBy(() -> wg.add(-3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void awaitOnZeroReturnsAtOnce() {
        WaitGroup wg = new WaitGroup();
        // a WaitGroup that never reached zero would keep this thread parked: the bound fails it
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), wg::await);
        assertThat(wg.count()).isZero();
    }

    @RepeatedTest(3)
    void waitGroupWaitsForEveryTaskUnderLoad() {
        for (int round = 0; round < 50; round++) {
            WaitGroup wg = new WaitGroup();
            AtomicInteger finished = new AtomicInteger();
            for (int i = 0; i < 200; i++) {
                wg.go("worker-" + i, () -> {
                    Thread.yield();
                    finished.incrementAndGet();
                });
            }
            wg.await();
            assertThat(finished).hasValue(200);
        }
    }

    @Test
    void severalWaitersAreAllReleased() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        List<Task> waiters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiters.add(Task.go("waiter-" + i, wg::await));
        }
        Waiting.until(() -> wg.waiting() == 4, "four waiters");
        wg.done();
        for (Task t : waiters) {
            t.join();
        }
        assertThat(wg.waiting()).isZero();
    }

    @Test
    void waiterIsReleasedEvenIfTheCounterRisesAgainAtOnce() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Task waiter = Task.go("waiter", wg::await);
        Waiting.until(() -> wg.waiting() == 1, "the waiter waits");
        wg.done();
        wg.add(1); // a new generation; the old waiter must still return
        waiter.join();
        assertThat(wg.count()).isEqualTo(1);
    }

    @RepeatedTest(5)
    void onceRunsExactlyOnceUnderRacesAndEveryoneSeesItsEffect() throws Exception {
        Once once = new Once();
        AtomicInteger calls = new AtomicInteger();
        int[] value = new int[1];
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger sawUnset = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 64; i++) {
            wg.go("caller-" + i, () -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                once.run(() -> {
                    calls.incrementAndGet();
                    Thread.yield();
                    value[0] = 42;
                });
                if (value[0] != 42) sawUnset.incrementAndGet();
            });
        }
        start.countDown();
        wg.await();
        assertThat(calls).hasValue(1);
        assertThat(sawUnset).hasValue(0);
        assertThat(once.isDone()).isTrue();
    }

    @Test
    void onceThatThrowsCountsAsDone() {
        Once once = new Once();
        assertThatThrownBy(() -> once.run(() -> { throw new IllegalArgumentException("boom"); }))
                .hasMessage("boom");
        AtomicInteger calls = new AtomicInteger();
        once.run(calls::incrementAndGet);
        assertThat(calls).hasValue(0);
    }

    @Test
    void poolReusesReturnedObjectsAndCreatesOnlyWhenEmpty() {
        Pool<byte[]> pool = new Pool<>(() -> new byte[1024]);
        byte[] a = pool.get();
        byte[] b = pool.get();
        assertThat(pool.created()).isEqualTo(2);
        pool.put(a);
        assertThat(pool.get()).isSameAs(a);
        pool.put(b);
        pool.put(a);
        pool.get();
        pool.get();
        assertThat(pool.created()).isEqualTo(2);
    }

    @Test
    void poolDropsBeyondMaxIdle() {
        Pool<Object> pool = new Pool<>(Object::new, 2);
        for (int i = 0; i < 5; i++) {
            pool.put(new Object());
        }
        assertThat(pool.idle()).isEqualTo(2);
    }

    @RepeatedTest(3)
    void poolUnderLoadNeverHandsOneObjectToTwoTasks() {
        // The book's calculator pool: many workers, few objects created.
        Pool<AtomicInteger> pool = new Pool<>(AtomicInteger::new);
        AtomicInteger sharedAtOnce = new AtomicInteger();
        WaitGroup wg = new WaitGroup();
        for (int w = 0; w < 32; w++) {
            wg.go("worker-" + w, () -> {
                for (int i = 0; i < 2_000; i++) {
                    AtomicInteger inUse = pool.get();
                    if (inUse.incrementAndGet() != 1) sharedAtOnce.incrementAndGet();
                    inUse.decrementAndGet();
                    pool.put(inUse);
                }
            });
        }
        wg.await();
        assertThat(sharedAtOnce).hasValue(0);
        assertThat(pool.created()).isBetween(1L, 32L);
    }
}
