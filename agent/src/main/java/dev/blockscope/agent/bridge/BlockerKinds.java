package dev.blockscope.agent.bridge;

import dev.blockscope.event.Reason;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;

/**
 * Maps the class of a {@code LockSupport.park} blocker to a {@link Reason} code. The blocker is
 * usually an inner class of the synchronizer (ReentrantLock$NonfairSync, Semaphore$Sync,
 * CountDownLatch$Sync, CompletableFuture$Signaller), so the outermost declaring class decides;
 * results are cached per class, so the hot path is one {@link ClassValue} lookup.
 */
final class BlockerKinds {
    private BlockerKinds() {}

    private static final ClassValue<String> KINDS = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return classify(type);
        }
    };

    /** The reason for parking on {@code blocker} (null blocker: {@code park.other}). */
    static String reasonFor(Object blocker) {
        return blocker == null ? Reason.PARK_OTHER : KINDS.get(blocker.getClass());
    }

    static String classify(Class<?> type) {
        if (type.getSimpleName().equals("ConditionObject")) {
            return Reason.PARK_CONDITION;
        }
        Class<?> owner = type;
        while (owner.getDeclaringClass() != null) {
            owner = owner.getDeclaringClass();
        }
        String kind = byName(owner);
        if (kind == null && owner != type) {
            kind = byName(type);
        }
        return kind != null ? kind : Reason.PARK_OTHER;
    }

    private static String byName(Class<?> type) {
        if (Future.class.isAssignableFrom(type)) {
            return Reason.PARK_FUTURE;
        }
        if (BlockingQueue.class.isAssignableFrom(type)) {
            return Reason.PARK_QUEUE;
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            switch (c.getName()) {
                case "java.util.concurrent.CountDownLatch", "java.util.concurrent.Phaser",
                     "java.util.concurrent.CyclicBarrier" -> { return Reason.PARK_LATCH; }
                case "java.util.concurrent.Semaphore" -> { return Reason.PARK_SEMAPHORE; }
                case "java.util.concurrent.Exchanger", "java.util.concurrent.SynchronousQueue",
                     "java.util.concurrent.LinkedTransferQueue" -> { return Reason.PARK_QUEUE; }
                case "java.util.concurrent.locks.ReentrantLock",
                     "java.util.concurrent.locks.ReentrantReadWriteLock",
                     "java.util.concurrent.locks.StampedLock",
                     "java.util.concurrent.locks.AbstractQueuedSynchronizer",
                     "java.util.concurrent.locks.AbstractQueuedLongSynchronizer" -> { return Reason.PARK_LOCK; }
                default -> { }
            }
        }
        return null;
    }
}
