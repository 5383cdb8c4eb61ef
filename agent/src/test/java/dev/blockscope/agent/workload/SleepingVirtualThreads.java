package dev.blockscope.agent.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** N virtual threads, thread i sleeps (i+1)*20 ms once; prints each thread's id and sleep. */
public final class SleepingVirtualThreads {
    public static void main(String[] args) throws Exception {
        boolean platform = args.length > 0 && args[0].equals("platform");
        int n = 6;
        List<Thread> threads = new ArrayList<>();
        StringJoiner truth = new StringJoiner(" ", "GROUND-TRUTH ", "");
        truth.add("count=" + n);
        for (int i = 0; i < n; i++) {
            long millis = (i + 1) * 20L;
            Runnable task = () -> {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            };
            Thread t = (platform ? Thread.ofPlatform() : Thread.ofVirtual()).name("sleeper-" + i).start(task);
            threads.add(t);
            truth.add("t" + t.threadId() + "=" + millis);
        }
        for (Thread t : threads) {
            t.join();
        }
        truth.add("main=" + Thread.currentThread().threadId());
        System.out.println(truth);
    }
}
