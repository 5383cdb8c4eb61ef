package dev.blockscope.analyzer.read;

/**
 * Reason codes for the JDK's own blocking events, which carry a blocker class or an operation
 * name rather than a reason. Codes are those of blockscope's event schema (see
 * {@code dev.blockscope.event.Reason}), so both kinds of recording share one vocabulary.
 */
final class BlockerReasons {
    private BlockerReasons() {}

    /** Reason of a {@code LockSupport.park} whose blocker is an instance of {@code blockerClass}. */
    static String ofParkBlocker(String blockerClass) {
        if (blockerClass == null) {
            return "park.other";
        }
        String c = blockerClass;
        if (c.contains("ConditionObject") || c.contains("ConditionNode")) {
            return "park.condition";
        }
        if (c.contains("CountDownLatch") || c.contains("Phaser") || c.contains("CyclicBarrier")) {
            return "park.latch";
        }
        if (c.contains("Semaphore")) {
            return "park.semaphore";
        }
        if (c.contains("Future") || c.contains("Signaller")) {
            return "park.future";
        }
        if (c.contains("Queue") || c.contains("Exchanger") || c.contains("Transfer")) {
            return "park.queue";
        }
        if (c.contains("Lock") || c.contains("Sync")) {
            return "park.lock";
        }
        return "park.other";
    }

    /**
     * Reason of a {@code jdk.VirtualThreadPinned} event: a wait for another thread's class
     * initializer (JDK 25 says so in {@code pinnedReason}; no probe can see it, the thread waits
     * inside the VM) is {@code class.init}, whatever the VM's blocking operation was; otherwise
     * the reason follows the blocking operation.
     */
    static String ofPinned(String operation, String pinnedReason) {
        if (pinnedReason != null && pinnedReason.startsWith("Waited for initialization")) {
            return "class.init";
        }
        return ofPinnedOperation(operation);
    }

    /**
     * The class another thread was initializing, from a pin's reason ("Waited for initialization
     * of X by another thread", JDK 25), or null.
     */
    static String initializedClass(String pinnedReason) {
        String prefix = "Waited for initialization of ";
        if (pinnedReason == null || !pinnedReason.startsWith(prefix)) {
            return null;
        }
        String rest = pinnedReason.substring(prefix.length());
        int by = rest.indexOf(" by another thread");
        String name = (by >= 0 ? rest.substring(0, by) : rest).strip();
        return name.isEmpty() ? null : name;
    }

    /**
     * Reason of a {@code jdk.JavaMonitorWait}: {@code class.init} when the monitor is an
     * {@code int[]}, the lock HotSpot gives each class for its initialization, on which a thread
     * waits for another thread's initializer (JDK 25 records that wait as a JavaMonitorWait, with
     * the pin beside it naming the class); else {@code monitor.wait}. Java code waiting on an
     * {@code int[]} of its own would be labelled class.init too: rare enough to be worth it.
     */
    static String ofMonitorWait(String monitorClass) {
        return "int[]".equals(monitorClass) || "[I".equals(monitorClass) ? "class.init" : "monitor.wait";
    }

    /** Reason of a {@code jdk.VirtualThreadPinned} event from its blocking operation. */
    static String ofPinnedOperation(String operation) {
        if (operation == null) {
            return "other";
        }
        String op = operation.toLowerCase(java.util.Locale.ROOT);
        if (op.contains("wait")) {
            return "monitor.wait";
        }
        if (op.contains("sleep")) {
            return "sleep";
        }
        if (op.contains("monitor") || op.contains("enter")) {
            return "monitor.enter";
        }
        if (op.contains("park")) {
            return "park.other";
        }
        if (op.contains("yield")) {
            return "yield";
        }
        return "other";
    }
}
