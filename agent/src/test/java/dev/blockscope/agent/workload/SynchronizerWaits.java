package dev.blockscope.agent.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread per way of waiting in {@code java.util.concurrent}, each waiting exactly once,
 * about 100 ms, until main releases it: a held ReentrantLock, Condition.await() and awaitNanos,
 * ArrayBlockingQueue.take() and LinkedBlockingQueue.take() (both Condition.await() inside),
 * SynchronousQueue.take(), CountDownLatch.await(), Semaphore.acquire(), CompletableFuture.get(),
 * and LockSupport.park() with no blocker at all. Virtual threads, plus one platform thread
 * waiting on a queue. Prints each waiter's name and thread id.
 */
public final class SynchronizerWaits {
    public static void main(String[] args) throws Exception {
        ReentrantLock held = new ReentrantLock();
        ReentrantLock conditionLock = new ReentrantLock();
        Condition condition = conditionLock.newCondition();
        boolean[] signalled = new boolean[2];
        ArrayBlockingQueue<String> arrayQueue = new ArrayBlockingQueue<>(1);
        LinkedBlockingQueue<String> linkedQueue = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> platformQueue = new LinkedBlockingQueue<>();
        SynchronousQueue<String> handOff = new SynchronousQueue<>();
        CountDownLatch latch = new CountDownLatch(1);
        Semaphore semaphore = new Semaphore(0);
        CompletableFuture<String> future = new CompletableFuture<>();
        Thread[] bare = new Thread[1];
        boolean[] unparked = new boolean[1];

        Map<String, Runnable> waits = new LinkedHashMap<>();
        waits.put("lock", () -> {
            held.lock();
            held.unlock();
        });
        waits.put("await", () -> {
            conditionLock.lock();
            try {
                while (!signalled[0]) {
                    condition.awaitUninterruptibly();
                }
            } finally {
                conditionLock.unlock();
            }
        });
        waits.put("awaitNanos", () -> {
            conditionLock.lock();
            try {
                long left = TimeUnit.SECONDS.toNanos(30);
                while (!signalled[1] && left > 0) {
                    left = condition.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                conditionLock.unlock();
            }
        });
        waits.put("arrayQueue", () -> take(arrayQueue));
        waits.put("linkedQueue", () -> take(linkedQueue));
        waits.put("synchronousQueue", () -> take(handOff));
        waits.put("latch", () -> {
            try {
                latch.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waits.put("semaphore", semaphore::acquireUninterruptibly);
        waits.put("future", future::join);
        waits.put("bare", () -> {
            while (!unparked[0]) {
                LockSupport.park();
            }
        });

        held.lock();
        List<Thread> threads = new ArrayList<>();
        StringBuilder truth = new StringBuilder("GROUND-TRUTH");
        for (Map.Entry<String, Runnable> w : waits.entrySet()) {
            Thread t = Thread.ofVirtual().name(w.getKey()).unstarted(w.getValue());
            if (w.getKey().equals("bare")) {
                bare[0] = t;
            }
            threads.add(t);
            truth.append(' ').append(w.getKey()).append('=').append(t.threadId());
        }
        Thread platform = Thread.ofPlatform().name("platformQueue").unstarted(() -> take(platformQueue));
        threads.add(platform);
        truth.append(" platformQueue=").append(platform.threadId());
        for (Thread t : threads) {
            t.start();
        }
        Thread.sleep(100); // every waiter is blocked by now (each checks before it waits)

        held.unlock();
        conditionLock.lock();
        try {
            signalled[0] = true;
            signalled[1] = true;
            condition.signalAll();
        } finally {
            conditionLock.unlock();
        }
        arrayQueue.put("x");
        linkedQueue.put("x");
        platformQueue.put("x");
        handOff.put("x");
        latch.countDown();
        semaphore.release();
        future.complete("x");
        unparked[0] = true;
        LockSupport.unpark(bare[0]);
        for (Thread t : threads) {
            t.join();
        }
        System.out.println(truth);
    }

    private static void take(java.util.concurrent.BlockingQueue<String> queue) {
        try {
            queue.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
