package dev.blockscope.agent.workload;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * What the agent keeps per parked virtual thread: starts {@code N} virtual threads that each
 * record one suspension (a short sleep) and then park until released, and while all of them are
 * parked looks at each one's state in the agent's bridge (in this JVM's bootstrap loader) and at
 * its {@code Thread.threadLocals} (needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}).
 * Prints how many have a state, how many of the states hold event objects, and how many of the
 * threads have a thread-local map. Then releases them.
 */
public final class ManyParked {
    static final int N = 20_000;
    private static volatile boolean released;

    public static void main(String[] args) throws Exception {
        CountDownLatch parked = new CountDownLatch(N);
        List<Thread> threads = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1); // one recorded suspension, with a stack (the default policy)
                } catch (InterruptedException e) {
                    return;
                }
                parked.countDown();
                while (!released) {
                    LockSupport.park(); // may return at once: a sleep's timer can leave a permit
                }
            }));
        }
        parked.await();
        Thread.sleep(200); // the last ones reach their park

        Class<?> registry = Class.forName("dev.blockscope.agent.bridge.OpenSuspensions", false, null);
        Method of = registry.getDeclaredMethod("of", Thread.class);
        of.setAccessible(true);
        Class<?> stateClass = Class.forName("dev.blockscope.agent.bridge.TaskState", false, null);
        Field buffer = stateClass.getDeclaredField("buffer");
        Field stacked = stateClass.getDeclaredField("stacked");
        buffer.setAccessible(true);
        stacked.setAccessible(true);
        Field threadLocals = Thread.class.getDeclaredField("threadLocals");
        threadLocals.setAccessible(true);
        int states = 0;
        int withEvents = 0;
        int withThreadLocals = 0;
        for (Thread t : threads) {
            Object s = of.invoke(null, t);
            if (s != null) {
                states++;
                if (buffer.get(s) != null || stacked.get(s) != null) {
                    withEvents++;
                }
            }
            if (threadLocals.get(t) != null) {
                withThreadLocals++;
            }
        }
        released = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("GROUND-TRUTH tasks=" + N + " states=" + states + " withEvents=" + withEvents
                + " withThreadLocals=" + withThreadLocals);
    }
}
