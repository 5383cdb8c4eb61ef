package dev.blockscope.agent.workload;

import java.util.StringJoiner;

/**
 * For {@code startup=now}: blocks at once, while JFR is most likely still starting. Main sleeps
 * 5 times 20 ms, then a virtual thread sleeps 30 ms and a platform thread 10 ms (each joined).
 * Prints the threads' ids and whether the agent's recording ran when main's sleeps were over (if
 * not, those sleeps must be in the file as blockscope.EarlySuspend). With
 * an argument, ends with {@code System.exit} of that code instead of returning from main.
 */
public final class EarlyWork {
    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 5; i++) {
            Thread.sleep(20);
        }
        boolean liveAfterSleeps = !dev.blockscope.agent.bridge.ProbeBridge.early();
        Thread v = Thread.ofVirtual().name("early-virtual").start(() -> sleep(30));
        v.join();
        Thread p = Thread.ofPlatform().name("early-platform").start(() -> sleep(10));
        p.join();
        StringJoiner truth = new StringJoiner(" ", "GROUND-TRUTH ", "");
        truth.add("main=" + Thread.currentThread().threadId()).add("virtual=" + v.threadId()).add("platform=" + p.threadId())
                .add("liveAfterSleeps=" + (liveAfterSleeps ? 1 : 0))
                .add("liveAtExit=" + (dev.blockscope.agent.bridge.ProbeBridge.early() ? 0 : 1));
        System.out.println(truth);
        System.out.flush();
        if (args.length > 0) {
            System.exit(Integer.parseInt(args[0]));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same, ended by {@code System.exit(7)}. */
    public static final class Exiting {
        public static void main(String[] args) throws Exception {
            EarlyWork.main(new String[] {"7"});
        }
    }
}
