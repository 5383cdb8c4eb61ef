package dev.blockscope.agent.bridge;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.assertj.core.api.Assertions.assertThat;

/** Blocker classes as the JDK passes them to LockSupport.park (mostly inner Sync classes). */
class BlockerKindsTest {
    private static Class<?> inner(Class<?> outer, String simpleName) {
        for (Class<?> c : outer.getDeclaredClasses()) {
            if (c.getSimpleName().equals(simpleName)) {
                return c;
            }
        }
        throw new AssertionError(outer + " has no " + simpleName);
    }

    @Test
    void classifiesTheJdkSynchronizers() throws Exception {
        assertThat(BlockerKinds.classify(inner(ReentrantLock.class, "NonfairSync"))).isEqualTo("park.lock");
        assertThat(BlockerKinds.classify(inner(ReentrantReadWriteLock.class, "NonfairSync"))).isEqualTo("park.lock");
        assertThat(BlockerKinds.classify(new ReentrantLock().newCondition().getClass())).isEqualTo("park.condition");
        assertThat(BlockerKinds.classify(inner(Semaphore.class, "NonfairSync"))).isEqualTo("park.semaphore");
        assertThat(BlockerKinds.classify(inner(CountDownLatch.class, "Sync"))).isEqualTo("park.latch");
        assertThat(BlockerKinds.classify(inner(CompletableFuture.class, "Signaller"))).isEqualTo("park.future");
        assertThat(BlockerKinds.classify(FutureTask.class)).isEqualTo("park.future");
        assertThat(BlockerKinds.classify(LinkedBlockingQueue.class)).isEqualTo("park.queue");
        assertThat(BlockerKinds.classify(String.class)).isEqualTo("park.other");
        assertThat(BlockerKinds.reasonFor(null)).isEqualTo("park.other");
    }
}
